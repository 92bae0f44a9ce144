// A customer's own "come back later" date, found in free text ("call me after the 15th",
// "back from vacation next week", "ask me in a month") with the rep's date reader, and
// offered to the rep as the exact `later` text to send. Pure.
//
// Conservative on purpose: a suggestion the rep has to correct is worse than none. A
// date counts only when the text asks to be contacted later (a cue such as "call me",
// "back from", "not until", or a short answer like "Maybe next month"; a question only
// when it asks to be contacted: "stop by tomorrow?" asks the rep something), the phrase is
// unmistakably a date ("may", "sat", "the second", "one day", "3/4" alone are words, not
// dates), it is tomorrow or later, and the text names no other day. Nothing is paused:
// the rep decides.
import { countSegments } from "./segments";
import { dateOrderOf, mayStartDate, MONTH_NAMES, readWhen, type DateOrder } from "./when";
import { zonedParts, type ZonedParts } from "./zoned-time";

export interface FoundDate {
  /** The words found, as the reader read them: "after the 15th". */
  phrase: string;
  at: number;
  label: string;
  /** What the rep texts to pause until that moment, without the lead: "dec 16", "jan 5 2027 3pm". */
  laterPhrase: string;
}

const MAX_WORDS = 7;

/** The text asks to be contacted later: "call me", "check back", "follow up". */
const CONTACT_CUE = new RegExp(
  [
    String.raw`\b(?:call|text|txt|ask|contact|reach|ping|remind|email|message|msg|try|hit|bug|give|catch|see) (?:me|us)\b`,
    String.raw`\b(?:reach out|check back|check in|get back|circle back|follow up|touch base|talk (?:then|after|again|more)|in touch)\b`,
  ].join("|"),
);
/** The text says they are away, busy or coming in until some time. */
const CUE = new RegExp(
  [
    CONTACT_CUE.source,
    String.raw`\b(?:back from|be back|back in town|come back|come in|coming in|come by|stop by|swing by|drop by|pop in|visit)\b`,
    String.raw`\b(?:not until|not till|wait (?:until|till|til)|get paid|payday|paycheck|decide|ready|free|available|busy|away|out of town|vacation|traveling|travelling|on a trip|moving)\b`,
    String.raw`\b(?:works better|would be better|is better|works for me|good for me|better for me)\b`,
  ].join("|"),
);
/** Greetings name days without asking for anything: "Happy new year!". */
const GREETING = /\b(?:happy|merry|enjoy|have a (?:good|great|nice|happy|wonderful|lovely)|hope you)\b/;
/** A single word that is a date only in context: "May I ask", "I sat on it", "give me a second". */
const ONE_WORD_DATES = new Set([
  "tomorrow", "tmrw", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  "fortnight", "thanksgiving", "christmas", "xmas", "halloween",
]);
const ORDINAL_WORD = /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|[a-z]+teenth|twentieth|thirtieth)$/;
const PREPOSITIONS = new Set(["on", "after", "until", "till", "til", "by", "around", "from"]);
/** A clock time in one word: "9am", "10:30pm", "5:30"; or a time of day that is only ever one: "noon", "eod". */
const CLOCK = /^\d{1,2}(?::\d{2})?(?:am|pm|a\.m|p\.m)$|^\d{1,2}:\d{2}$|^(?:noon|midday|lunchtime|eod)$/;
/** "am" or "pm" after a number: "5 pm", "9 a.m". */
const MERIDIEM = /^(?:am|pm|a\.m|p\.m)$/;
/** A part of the day: a time only after a word that makes it one ("in the evening", "after lunch", "at noon"). */
const DAY_PART = /^(?:morning|mornings|afternoon|afternoons|evening|evenings|noon|midday|lunch|lunchtime)$/;
/** Words before a bare number or a part of the day that make it a time: "at 9", "after 5", "in the evening". */
const TIME_PREPOSITIONS = new Set(["at", "after", "before", "around", "till", "until", "from", "past", "the"]);

function words(text: string): string[] {
  return [
    ...text
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .matchAll(/[a-z0-9]+(?:['/:.-][a-z0-9]+)*/g),
  ].map((m) => m[0]);
}

/** A phrase that reads as a date but may well be an ordinary word or a number. */
function looksAccidental(tokens: string[], start: number, end: number): boolean {
  const phrase = tokens.slice(start, end);
  const text = phrase.join(" ");
  const before = tokens[start - 1] ?? "";
  const after = tokens[end] ?? "";
  if (phrase.length === 1 && !ONE_WORD_DATES.has(text)) return true;
  if (/^(?:(?:in|on|after|until) )?(?:a|an|one|1) ?(?:d|day|days|sec|second|minute)$/.test(text)) return true; // "one day I'll…"
  if (ORDINAL_WORD.test(text) && !/ of /.test(text)) return true; // "the second one"
  if (/^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(text) && !PREPOSITIONS.has(before)) return true; // "3/4 the size"
  if (/^(?:ago|earlier|before|late|old|back)$/.test(after)) return true; // "2 weeks ago", "a month late"
  if (/^(?:since|last|every|each|past|for|was|were)$/.test(before)) return true; // "since friday", "every monday"
  return false;
}

/**
 * A time of day outside the date phrase ("tomorrow after 5pm", "tomorrow at 9"; "at 9am
 * tomorrow" is the reader's own, a time before the day): the reader took the day without it, and a suggestion at 10:00 would
 * pause until the wrong hour. Only words that are surely a time: "I am", "Good evening",
 * "at lunch" and "by 2 inches" are not.
 */
function timeOutside(tokens: string[], start: number, end: number): boolean {
  return tokens.some((token, i) => {
    if (i >= start && i < end) return false;
    const before = tokens[i - 1] ?? "";
    if (CLOCK.test(token)) return true;
    if (MERIDIEM.test(token)) return /^\d{1,2}(?::\d{2})?$/.test(before);
    if (DAY_PART.test(token)) return TIME_PREPOSITIONS.has(before) && !(before === "at" && /^lunch/.test(token));
    return /^\d{1,2}$/.test(token) && TIME_PREPOSITIONS.has(before) && before !== "the";
  });
}

/** Every date phrase in the text, longest first at each word, that is not an accident of wording. */
function datePhrases(tokens: string[], now: number, timeZone: string, order: DateOrder, country: string) {
  const found: { start: number; end: number; phrase: string; when: Extract<ReturnType<typeof readWhen>, { ok: true }> }[] = [];
  // The local clock is read once, and only for a text with a word a date may start with.
  let local: ZonedParts | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!mayStartDate(tokens[i]!)) continue;
    local ??= zonedParts(now, timeZone);
    for (let n = Math.min(MAX_WORDS, tokens.length - i); n >= 1; n--) {
      const phrase = tokens.slice(i, i + n).join(" ");
      const when = readWhen(phrase, now, timeZone, { local, order, country });
      if (!when.ok) continue;
      if (!looksAccidental(tokens, i, i + n)) found.push({ start: i, end: i + n, phrase, when });
      i += n - 1;
      break;
    }
  }
  return found;
}

/** The day the customer asks to be contacted again, or null when there is none or any doubt. `order`: how the store's country writes 6/3; `country`: the store's (its holidays). */
export function findReturnDate(text: string, now: number, timeZone: string, order: DateOrder = "md", country = "US"): FoundDate | null {
  const tokens = words(text);
  if (tokens.length === 0 || tokens.length > 80) return null;
  const lower = tokens.join(" ");
  if (GREETING.test(lower)) return null;
  // A question asks the rep something ("stop by tomorrow?"); it counts only when it asks to be
  // contacted — known before any date is looked for.
  const question = text.includes("?");
  if (question && !CONTACT_CUE.test(lower)) return null;
  const found = datePhrases(tokens, now, timeZone, order, country);
  const first = found[0];
  if (!first) return null;
  // Two different days ("next week, or maybe the 20th"): the rep should read it, not us.
  if (found.some((f) => f.when.at !== first.when.at)) return null;
  // An alternative next to it ("next week or the week after"): not one day either.
  if (found.some((f) => tokens[f.end] === "or" || tokens[f.start - 1] === "or")) return null;
  const short = tokens.length - (first.end - first.start) <= 3; // "Maybe next month", "Not until January"
  if (!question && !CUE.test(lower) && !short) return null;
  const today = zonedParts(now, timeZone);
  const { date, hour, minute } = first.when;
  if (date.year === today.year && date.month === today.month && date.day === today.day) return null; // "call me at 3" is a call, not a pause
  if (timeOutside(tokens, first.start, first.end)) return null; // the hour they named would be lost
  return { phrase: first.phrase, at: first.when.at, label: first.when.label, laterPhrase: laterPhrase(date, hour, minute, today.year) };
}

/** "dec 16", "jan 5 2027", "dec 16 3pm": a date the rep's `later` reads back to the same moment, whenever it is sent. */
function laterPhrase(date: { year: number; month: number; day: number }, hour: number, minute: number, thisYear: number): string {
  const day = `${(MONTH_NAMES[date.month - 1] ?? "").toLowerCase()} ${date.day}`;
  const year = date.year !== thisYear ? ` ${date.year}` : "";
  const time = hour === 10 && minute === 0 ? "" : ` ${hour % 12 || 12}${minute ? `:${String(minute).padStart(2, "0")}` : ""}${hour < 12 ? "am" : "pm"}`;
  return `${day}${year}${time}`;
}

/** `Reply "later #12 dec 16" to pause until Wed Dec 16`: the line a forward ends with. */
export function laterSuggestion(leadId: number, found: FoundDate): string {
  return `Reply "later #${leadId} ${found.laterPhrase}" to pause until ${found.label}`;
}

/**
 * The forward to the rep, ending with the `later` suggestion when the customer named a
 * day — only if the whole still fits the rep's two segments: the customer's words come
 * first, so a long text goes without the suggestion rather than cut. Only for a lead a
 * `later` can pause (active or paused).
 */
export function withLaterSuggestion(forward: string, lead: { id: number; status: string }, customerText: string, now: number, timeZone: string, country: string): string {
  if (lead.status !== "active" && lead.status !== "paused") return forward;
  const found = findReturnDate(customerText, now, timeZone, dateOrderOf(country), country);
  if (!found) return forward;
  const withLine = `${forward}\n${laterSuggestion(lead.id, found)}`;
  return countSegments(withLine).segments <= 2 ? withLine : forward;
}
