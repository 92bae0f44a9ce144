// The rep's language: `(text, rep's leads, now) → command | error with an example`. Pure.
//
// Forgiving in what it reads: any case, extra spaces, smart quotes, trailing punctuation,
// a leading "Beback,". Never guesses silently: a typo'd command is answered with "Did you
// mean …?", an ambiguous name with the matching #ids, a `new` whose number could end a
// word earlier ("321-4567 100 inch TV", both readings textable) with both readings.
//
// Keyword or reply? A text whose first word is not a command (nor `@…`, `#12 …`) is a
// plain reply to the customer who wrote last. A text that starts with a command word is
// that command when its arguments fit (the lead it names exists, …). When they do not fit:
//   - `back`, `undo`, `list`, `help`, `digest`, `away` count only when short (≤ 2 words
//     after the keyword), so "Back in stock Friday!" or "List price is $999" are replies;
//   - `sold`, `lost`, `later`, `note`, `fix` with no matching lead are replies when the
//     next word is a common English word, not a name ("Sold out of that color", "Note
//     that we close at 6"); otherwise an error ("note Zed likes blue" → "No lead 'Zed'"),
//     so a private note to a mistyped lead never reaches a customer;
//   - `sold` with no lead and a "!" or "," after it is a reply ("Sold! Congrats…");
//   - `new` is a reply only when it has no digits at all and 4+ words ("New shipment
//     arrives Monday"); anything with digits is an attempted `new`, answered if wrong,
//     and so is one whose name reads as a sentence ("New number is 917-…");
//   - a command word, up to three words of prose or any words up to a colon, then one of
//     the rep's leads ("Note for Hal: wife likes grey", "note to self: Hal …", "later with
//     Hal 2 weeks") is asked about: "Did you mean …?"; so is `sold`/`lost` with a lead and
//     more words ("lost Hal went with Ashley"), and a lead's own command after its #id or
//     @name ("#14 sold $1,200", "#14 note likes grey");
//   - a command glued to its lead ("note#14 likes grey", "newKim 646-555-0196 chair"), one
//     letter off ("nee Kim 646-…", "fox Hal phone …"), or a lead's #id glued to the words
//     ("#9they are in") or typed wrong ("# 9", "##9", "9#") is asked about the same way;
//   - a command pasted in quotes, or a forward's `Reply "later #12 …"` line (even inside
//     the whole forward copied), is that command.
// Safety first: nothing reaches a customer unless the text clearly is a reply.
//
// The rep's leads are not all loaded: `leadRefsIn` lists every reference the parser would
// look up in a text, the database returns the leads those could name (lead-match's
// `refKeys`), and `parseRepText` parses with those. Both run the same parse.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/mobile";
import { type HelpTopic, isHelpTopic } from "./help-text";
import { describeMatches, foldName, type LeadMatch, type LeadSummary, matchLead, nameKeys, nameWords } from "./lead-match";
import { firstName } from "./lead-tag";
import { customerPhone, formatPhoneForRep, looksLikePhone, normalizePhone, type CustomerPhone } from "./phone";
import { isReaction } from "./reaction";
import { EVERYDAY_WORDS, opensAsNote, replyMentions, type Mention } from "./reply-mentions";
import { countSegments } from "./segments";
import { dateOrderOf, DEFAULT_HOUR, readWhen } from "./when";

export type { CommandName } from "./help-text";

export interface ParseContext {
  /** The rep's leads a reference in the text could name (or all of them). */
  leads: LeadSummary[];
  now: number;
  timeZone: string;
  defaultCountry: CountryCode;
  repPhone: string;
  /** The text came with a photo: "#12" or "@Jane" alone sends the photo to that lead. */
  photo?: boolean;
  /** The rep is away now: "I'm back", "back now" end it (from a rep who is in, they may be words for a customer). */
  repAway?: boolean;
}

/** A parse under way: how it finds the lead a reference names. */
interface Parsing extends Omit<ParseContext, "leads"> {
  find: (ref: string) => LeadMatch;
}

export type RepCommand =
  | { kind: "new"; name: string; phone: string; product: string }
  | { kind: "relay"; leadId: number; body: string }
  /**
   * `named`: the rep's leads the reply opens by name ("Tom, your bed came in"): it may be meant
   * for one of them. `mentions`: the rep's leads its words are written about (`replyMentions`).
   */
  | { kind: "reply"; body: string; named?: number[]; mentions?: Mention[] }
  | { kind: "help"; topic?: HelpTopic }
  | { kind: "list"; page: number }
  | { kind: "card"; leadId: number }
  | { kind: "sold"; leadId: number; amountCents?: number }
  | { kind: "lost"; leadId: number }
  | { kind: "later"; leadId: number; at: number; label: string }
  | { kind: "note"; leadId: number; text: string }
  | { kind: "undo" }
  | { kind: "fix"; leadId: number; field: "name" | "phone" | "product"; value: string }
  | { kind: "away"; until: number; label: string }
  | { kind: "back" }
  | { kind: "digest"; on: boolean };

/** `unknownId`: the text began with "#N" and N is none of the rep's leads (the shell may say whose it is). */
export type ParseResult = { ok: true; command: RepCommand } | { ok: false; error: string; unknownId?: number };

const KEYWORDS = ["new", "list", "sold", "lost", "later", "note", "undo", "fix", "away", "back", "digest", "help"] as const;
type Keyword = (typeof KEYWORDS)[number];

/** Words that start prose, never a lead's name: "sold OUT", "later THIS week", "note THAT…". */
const PROSE_WORDS = new Set(
  ("a an the that this these those it its it's out my your our we you i i'm im in on at to for of is are was be and or but as if so up " +
    "all any some no not today tomorrow tonight next by from with me them one there here what when how").split(" "),
);

/** Words between a command word and the lead it is about: prose, and "to self", "re", "about". */
const FILLER_WORDS = new Set([...PROSE_WORDS, "self", "re", "about", "regarding"]);

/** A text that asks for the commands. */
const HELP_ASKED = /^(?:\?+|(?:commands?|cmds|menu|options|instructions|info|help me)\s*\?*|how (?:do|can) i (?:add|use|start|text|mark|pause)\b[^\n]{0,60})$/i;

/** Words a `new` lead's name never has: "New number is …", "New cell …" are news for a customer. */
const NOT_A_NAME = new Set(["number", "cell", "phone", "mobile", "is", "are", "was", "will", "my", "our", "your", "the", "call", "text", "he", "she", "they", "guy"]);

const MAX_NAME = 60;
const MAX_PRODUCT = 100;
const MAX_NOTE = 500;

interface Token {
  text: string;
  /** Offset just past this token in the cleaned text, to slice bodies as written. */
  end: number;
}

const ok = (command: RepCommand): ParseResult => ({ ok: true, command });
const err = (error: string): ParseResult => ({ ok: false, error });
/** At most 30 characters of the rep's own words go back into an error. */
const quote = (s: string) => (s.length > 30 ? `${s.slice(0, 27)}...` : s);
/** The lead a "Which Jane?" example names: the first that can still be texted (an opted-out one cannot). */
const exampleLead = (leads: LeadSummary[]) => leads.find((l) => l.status !== "optedout") ?? leads[0];
const stripPunct = (s: string) => s.replace(/^['"]+/, "").replace(/['".,!?;:]+$/, "");

/**
 * Bidi embeddings, overrides and isolates out (they only steer display), control
 * characters, zero-width spaces and direction marks as spaces (an emoji's joiner, U+200D,
 * stays: "👨‍👩" is one emoji), smart quotes straight, lone surrogates replaced, trimmed.
 */
export function cleanText(text: string): string {
  return text
    .toWellFormed()
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u2028\u2029\ufeff\ufffe\uffff]/g, " ")
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    // A phone's fullwidth letters and digits ("ＬＩＳＴ", "３４７-５５５-０４０２") are the plain ones.
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    // A number copied from a web page: a non-breaking hyphen, an en dash or a minus between its digits.
    .replace(/(?<=\d)[\u2010-\u2015\u2212\ufe58\ufe63](?=\d)/g, "-")
    .replace(/^\s*beback\s*[,:;-]?\s+/i, "")
    .trim();
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], end: (m.index ?? 0) + m[0].length }));
}

const nameGraphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * A customer's name as their texts greet them: "🙂 Pat" is Pat ("Hi 🙂," greeted no one).
 * Whole emoji go (a flag, a keycap "1️⃣", a family with its joiners); a joiner inside a word
 * of Sinhala or Devanagari ("ප්‍රියන්ත") is the word's own and stays.
 */
function withoutEmoji(name: string): string {
  const kept = Array.from(nameGraphemes.segment(name), (g) => (/[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3\u{1F3FB}-\u{1F3FF}]/u.test(g.segment) ? " " : g.segment));
  // A joiner left at a word's edge by an emoji taken away joins nothing.
  return kept.join("").replace(/\u200d+(?=\s|$)|(?<=^|\s)\u200d+/g, "").replace(/\s+/g, " ").trim();
}

/** The text after token `i` (exclusive), as the rep wrote it. */
function after(text: string, tokens: Token[], i: number): string {
  const t = tokens[i];
  return t ? text.slice(t.end).trim() : "";
}

/**
 * The words after a lead's name or #id, without what only set them off from it: "@Jane: see
 * you", "@Jane – see you", "#12 - see you" send "see you". A dash against a word stays
 * ("@Jane -10% today").
 */
function wordsAfterLead(text: string, tokens: Token[], i: number): string {
  return after(text, tokens, i).replace(/^(?:[:,]|[-–—](?=\s|$))\s*/, "");
}

function example(kw: Keyword): string {
  switch (kw) {
    case "new":
      return "new Jane 555-0100 recliner";
    case "sold":
      return "sold Jane $1,200";
    case "lost":
      return "lost Jane";
    case "later":
      return "later Jane 2 weeks";
    case "note":
      return "note Jane likes blue";
    case "fix":
      return "fix Jane phone 555-0101";
    case "list":
      return "list, list 2 or list Jane";
    case "away":
      return "away until monday";
    case "digest":
      return "digest on";
    default:
      return kw;
  }
}

/** The field a `fix` names, as reps type it: "number", "cell" or "mobile" for the phone, a letter off ("prodcut", "phnoe") for the word meant. */
function fixField(word: string): string {
  if (["number", "num", "cell", "mobile", "ph", "#", "phone#"].includes(word)) return "phone";
  return (["name", "phone", "product"] as const).find((f) => word === f || (word.length >= 4 && distance(word, f) === 1)) ?? word;
}

/** A date reader's reason, its example written as the rep would text it: "e.g. later Jane tomorrow". */
function withExample(reason: string, command: string): string {
  return reason.includes("e.g. ") ? reason.replace("e.g. ", `e.g. ${command} `) : `${reason} e.g. ${command} 2 weeks`;
}

/** Manners after a date ("friday please", "2 weeks pls"): no part of it. */
const MANNERS_AFTER = /[\s,]+(?:please|pls|plz|ok|okay|thanks|thx|ty)[.!]*$/i;
/** "for 2 weeks" as "2 weeks" (only before a length: "away for lunch" is no date). */
const FOR_A_LENGTH = /^for\s+(?=(?:\d+|a|an|one|two|three|four|five|six|a\s+couple\s+of|a\s+few)\s+(?:days?|weeks?|months?|hours?)\b)/i;

/**
 * "2 weeks, she's travelling": the longest start of `phrase` (up to four words) that reads
 * as a date, when the whole does not; null when none does.
 */
function dateThenWords(phrase: string, ctx: Parsing): { date: string; rest: string } | null {
  const words = phrase.split(/\s+/);
  for (let n = Math.min(words.length - 1, 4); n >= 1; n--) {
    const date = words.slice(0, n).join(" ").replace(/[\s,;:.!\-–—]+$/, "");
    if (date && whenIn(date, ctx).ok) return { date, rest: words.slice(n).join(" ") };
  }
  return null;
}

/** A date phrase read in the store's zone, numeric dates the way its country writes them. */
const whenIn = (phrase: string, ctx: Parsing) => readWhen(phrase, ctx.now, ctx.timeZone, { order: dateOrderOf(ctx.defaultCountry), country: ctx.defaultCountry });

/** Damerau–Levenshtein distance, stopping early past 2 (only 0, 1 and "more" matter). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function isTransposition(a: string, b: string): boolean {
  return a.length === b.length && a !== b && distance(a, b) === 1 && [...a].sort().join("") === [...b].sort().join("");
}

/**
 * "nee", "mew", "fox", "fic": one letter off `new` or `fix`. Only asked about when the rest
 * reads as that command (a name and a phone number, a lead and a field), since these short
 * slips are also words ("now", "few"); the text would otherwise tell a customer another's number.
 */
function nearNewOrFix(word: string): Keyword | null {
  if (word.length < 2 || word.length > 4) return null;
  return (["new", "fix"] as const).find((kw) => word !== kw && distance(word, kw) === 1) ?? null;
}

/**
 * Whether a rep's text was a try at `new` (its first word `new`, `add`, or one letter off
 * `new`), whatever became of it: an attachment sent alone right after it is about that
 * customer, made or not, never a reply to whoever wrote before (rep-commands `photoAfterNew`).
 */
export function triesNew(text: string): boolean {
  const word = cleanText(text).trim().split(/\s+/)[0]?.toLowerCase().replace(/[^a-z]/g, "") ?? "";
  if (word === "new" || word === "add") return true;
  // A slip ("nee", "nwe") only with a phone number after it, as the parser asks: "now is fine" is words.
  return (nearNewOrFix(word) === "new" || typoOf(word) === "new") && (text.match(/\d/g)?.length ?? 0) >= 7;
}

/** The command a typo'd first word was probably meant to be. */
function typoOf(word: string): Keyword | null {
  if (word.length < 3 || (KEYWORDS as readonly string[]).includes(word)) return null;
  for (const kw of KEYWORDS) {
    if (kw.length >= 4 ? distance(word, kw) === 1 : isTransposition(word, kw)) return kw;
  }
  return null;
}

type LeadRef = { lead: LeadSummary; used: number } | { error: string; used: number } | null;

/** A word of a phone number as written: "07911", "(212)", "555-0100", "+44"; a comma or colon after it ends the number. */
const NUMBER_WORD = /^[+(]?[\d().-]*\d[\d().-]*[,;:.]?$/;

/** How many words from `from` can be one phone number: up to 6 ("+33 6 12 34 56 78"), ending at a comma. */
function numberWords(tokens: Token[], from: number): number {
  let n = 0;
  while (n < 6 && from + n < tokens.length && NUMBER_WORD.test(tokens[from + n]!.text)) {
    n++;
    if (/[,;:]$/.test(tokens[from + n - 1]!.text)) break;
  }
  return n;
}

/**
 * The phone number written from `from` as the rep typed it ("07911 999999" in "sold 07911
 * 999999 2 weeks": the longest run that is a number in the store's country, else the
 * longest that looks like one), to name it whole when it is no lead of theirs; null when
 * the words there are no number (an amount such as "12000.00" is none).
 */
function numberAt(tokens: Token[], from: number, ctx: Parsing): string | null {
  const most = numberWords(tokens, from);
  const runs = Array.from({ length: most }, (_, i) => tokens.slice(from, from + most - i).map((t) => stripPunct(t.text)).join(" "))
    .filter((typed) => looksLikePhone(typed) && !/^\d+\.\d{1,2}$/.test(typed));
  return runs.find((typed) => normalizePhone(typed, { defaultCountry: ctx.defaultCountry, repPhone: ctx.repPhone }) !== null) ?? runs[0] ?? null;
}

/**
 * The lead named by tokens starting at `from`: tries 6 words down to 1, the longest first
 * ("jane doe" before "jane"; "Jean Paul Martin Dupont" before another lead's first name
 * "Jean-Paul"), or as many as 6 words of a phone number ("07911 123456", "+33 6 12 34 56
 * 78"). Null when nothing matches.
 */
function leadAt(text: string, tokens: Token[], from: number, ctx: Parsing, kw: string): LeadRef {
  // Only words with a letter or a digit can be part of a name: "@bob 👍" names Bob, and 👍 is the text.
  let words = 0;
  while (words < MAX_NAME_WORDS && from + words < tokens.length && /[\p{L}\p{N}]/u.test(tokens[from + words]!.text)) {
    words++;
    // "@Al, Green is in stock": a comma (or a colon) ends the name, never a longer one across it.
    if (/[,:;]$/.test(tokens[from + words - 1]!.text)) break;
  }
  for (let n = Math.max(words, numberWords(tokens, from)); n >= 1; n--) {
    const ref = tokens.slice(from, from + n).map((t) => stripPunct(t.text)).join(" ");
    if (!ref) continue;
    const m = ctx.find(ref);
    if (m.kind === "one") return { lead: m.lead, used: n + nameGoesOn(tokens, from + n, m.lead, ref) };
    if (m.kind === "many") {
      // "sold jane 0100": a name two leads share, then the last digits of one's number: that one.
      // Not "sold jane 1200" or "note jane 1500 budget": there the digits may be an amount.
      const digits = stripPunct(tokens[from + n]?.text ?? "");
      const mayBeAmount = (kw === "sold" || kw === "note") && !digits.startsWith("0");
      const byTail = /^\d{4,}$/.test(digits) && !mayBeAmount ? m.leads.filter((l) => l.phone.replace(/\D/g, "").endsWith(digits)) : [];
      if (byTail.length === 1) return { lead: byTail[0]!, used: n + 1 };
      // The example is the rep's own text with an #id for the name: sent as is, it does what they meant.
      const rest = quote(wordsAfterLead(text, tokens, from + n - 1));
      const id = `#${exampleLead(m.leads)?.id ?? 12}`;
      const example = kw === "@" ? `${id} ${rest || "hi"}` : `${kw} ${id}${rest ? ` ${rest}` : ""}`;
      // "note Jane's husband likes oak": asked as "Which Jane?", not "Which Jane's?".
      return { error: `Which ${quote(ref.replace(/['\u2019]s$/i, ""))}? ${describeMatches(m.leads)}. Text e.g. "${example}".`, used: n };
    }
  }
  return null;
}

/**
 * How many words after a reference go on with the lead's own name, its hyphens typed as
 * spaces: "@Mary Kate Olsen Smith see you" names Mary-Kate Olsen-Smith by "Mary Kate" (her
 * first name), and "Olsen Smith" is the rest of her name, never words for her.
 */
function nameGoesOn(tokens: Token[], at: number, lead: LeadSummary, ref: string): number {
  const own = nameWords(lead.name);
  const typed = nameWords(ref);
  // A comma or a colon ends the name ("@Al, Green is in stock": "Green" is the text).
  const ended = (i: number) => /[,:;]$/.test(tokens[i]?.text ?? "");
  if (!typed.every((w, i) => own[i] === w) || ended(at - 1)) return 0;
  let next = typed.length;
  let used = 0;
  for (; at + used < tokens.length; used++) {
    const words = nameWords(stripPunct(tokens[at + used]!.text));
    if (words.length === 0 || !words.every((w, i) => own[next + i] === w)) break;
    next += words.length;
    if (ended(at + used)) return used + 1;
  }
  return used;
}

/** The most words a lead's name is looked up by (a `new` takes a name of at most 5, and its hyphens may be typed as spaces). */
const MAX_NAME_WORDS = 6;

function noLead(tokens: Token[], from: number, kw: Keyword, ctx: Parsing): string {
  const ref = numberAt(tokens, from, ctx) ?? stripPunct(tokens[from]?.text ?? "");
  return ref ? `No lead "${quote(ref)}" among yours. Text list to see them, e.g. ${example(kw)}` : `Which lead? e.g. ${example(kw)}`;
}

function parseAmount(raw: string): number | null {
  const m = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(k)?$/i.exec(raw.replace(/^usd/i, ""));
  if (!m) return null;
  const whole = Number((m[1] ?? "0").replace(/,/g, ""));
  const cents = Number((m[2] ?? "").padEnd(2, "0"));
  const total = (whole * 100 + cents) * (m[3] ? 1000 : 1);
  return total > 0 && total < 1e11 ? total : null;
}

/**
 * Where the phone number is among the words: the first start, the longest run (≤ 6 words:
 * "+33 6 12 34 56 78"). A word marked in `ends` (a comma after it) is a number's last.
 */
function phoneRun(words: string[], ends: boolean[] = []): { start: number; len: number } | null {
  for (let i = 0; i < words.length; i++) {
    let reach = 1;
    while (reach < 6 && i + reach < words.length && !ends[i + reach - 1]) reach++;
    for (let len = reach; len >= 1; len--) {
      if (looksLikePhone(words.slice(i, i + len).join(" "))) return { start: i, len };
    }
  }
  return null;
}

/** A customer's number as this rep typed it: read in the store's country, seven digits in the rep's area code. */
const textable = (typed: string, ctx: Parsing): CustomerPhone => customerPhone(typed, { defaultCountry: ctx.defaultCountry, repPhone: ctx.repPhone });

/**
 * A second textable number at the start of the product's words: after an "or", "/" or "&",
 * or one that can only be a phone number (10+ digits, a "+", or all the product there is).
 * Seven digits right after the number may be a model number ("4417851 recliner").
 */
function secondPhone(words: string[], ctx: Parsing): boolean {
  const joined = /^(or|and|\/|&)$/i.test(words[0] ?? "");
  const from = joined ? 1 : 0;
  const run = phoneRun(words.slice(from));
  if (run?.start !== 0) return false;
  const typed = words.slice(from, from + run.len).join(" ");
  const surely = joined || typed.startsWith("+") || typed.replace(/\D/g, "").length >= 10 || from + run.len === words.length;
  return surely && textable(typed, ctx).ok;
}

/** Why a customer's number was refused, in the rep's words. */
function phoneProblem(checked: Extract<CustomerPhone, { ok: false }>, typed: string): string {
  if (checked.why === "not-a-number") return "That doesn't look like a phone number.";
  // North America's plan does not tell mobiles from landlines; elsewhere an invalid number
  // is most often a landline (libphonenumber's mobile metadata knows only mobiles).
  const why = checked.phone.startsWith("+1") ? "no such number (check the area code and the digits)" : "not a mobile number (a landline, or a digit off?)";
  return `${typed.trim().slice(0, 24)} can't get texts: ${why}.`;
}

/** "212-555-0199x12", "…ext.12", "…#12": an extension glued to the number. */
const GLUED_EXTENSION = /^(.*\d)(?:x|ext\.?|#)(\d{1,6})$/i;
// As a word of its own, only a word that says "extension": "#5 mattress", "x2 recliners"
// and "#4471 dining set" are products (a number glued to the phone, "…0199x12", is an extension).
const EXTENSION_MARK = "(?:ext\\.?|extn\\.?|extension)";
const EXTENSION_ONE_WORD = new RegExp(`^${EXTENSION_MARK}\\d{1,6}[:.]?$`, "i");
const EXTENSION_MARK_ALONE = new RegExp(`^${EXTENSION_MARK}[:.]?$`, "i");

/** The words of a `new` after the keyword, with a comma (or colon) after a word kept as `ends` (the number ends there). */
function newWords(tokens: Token[]): { words: string[]; ends: boolean[]; written: string[] } {
  const words: string[] = [];
  const ends: boolean[] = [];
  // The same words with their commas, as the rep wrote them: what the product is made of ("sofa, grey").
  const written: string[] = [];
  for (const t of tokens.slice(1)) {
    const word = t.text.replace(/[,;:]+$/, "");
    const comma = word !== t.text;
    const glued = GLUED_EXTENSION.exec(word);
    if (glued && looksLikePhone(glued[1]!)) {
      words.push(glued[1]!, `ext${glued[2]!}`);
      written.push(glued[1]!, `ext${glued[2]!}`);
      ends.push(true, comma);
    } else {
      words.push(word);
      written.push(t.text);
      ends.push(comma);
    }
  }
  return { words, ends, written };
}

/**
 * The product: the words after the number, less an extension right after it ("ext. 12",
 * "extension 12"): a cell phone has none, and the customer's first text names the product.
 * "#5 mattress" and "x2 recliners" stay: on a sales floor those are products.
 */
function productAfter(words: string[]): string {
  const [first = "", second = ""] = words.slice(0, 2).map((w) => w.replace(/[,;:]+$/, ""));
  const ext = EXTENSION_ONE_WORD.test(first) ? 1 : EXTENSION_MARK_ALONE.test(first) && /^\d{1,6}[:.]?$/.test(second) ? 2 : 0;
  return words.slice(ext).join(" ").replace(/^[\s,:;\-–—]+/, "").replace(/[.,;!]+$/, "").trim();
}

/** The start of an answer asking which of two readings of the number was meant: a `new` all the same (see gluedCommand). */
const WHICH_NUMBER = "Which number: ";

/**
 * "new Al 321-4567 100 inch TV": (212) 321-4567 and a "100 inch TV", or (321) 456-7100 and
 * an "inch TV"? Both can get texts: asked, with the two ways to say which. In GSM letters
 * (no "·" or "…") and products clipped, so it fits the answer's two segments; a product
 * with an emoji gets the short question.
 */
function whichNumber(words: string[], start: number, short: { len: number; phone: string }, long: { len: number; phone: string }, ctx: Parsing): string {
  const clip = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}...` : s);
  const shortProduct = clip(productAfter(words.slice(start + short.len)));
  const longProduct = clip(productAfter(words.slice(start + long.len)));
  const shortTyped = words.slice(start, start + short.len).join(" ");
  // The longer number in one piece as the rep dials it at home ("3214567100", "017112345672"), else in full.
  const national = parsePhoneNumberFromString(long.phone)?.formatNational().replace(/\D/g, "");
  const home = national && normalizePhone(national, { defaultCountry: ctx.defaultCountry }) === long.phone ? national : null;
  const oneWord = `${home ?? long.phone} ${longProduct}`.trim();
  const asked = `${WHICH_NUMBER}${formatPhoneForRep(short.phone)} and "${shortProduct}", or ${formatPhoneForRep(long.phone)} and ${longProduct ? `"${longProduct}"` : "no product"}? `;
  const full = `${asked}Text it again with a comma after the number (${shortTyped}, ${shortProduct}) or the number without spaces (${oneWord}).`;
  return countSegments(full).segments <= 2 ? full : `${WHICH_NUMBER}${formatPhoneForRep(short.phone)} or ${formatPhoneForRep(long.phone)}? Text it again with a comma after the number, or the number without spaces.`;
}

function parseNew(text: string, tokens: Token[], ctx: Parsing): ParseResult | null {
  const { words, ends, written } = newWords(tokens);
  if (!/\d/.test(text) && words.length >= 3) return null; // prose: "New shipment arrives Monday"
  const longest = phoneRun(words, ends);
  if (!longest) {
    // Digits that are too few for a number ("555-01", "911") are named: the rep typed one.
    const typed = words.find((w) => /\d{2,}/.test(w));
    return err(typed ? `${typed.slice(0, 24)} isn't a whole phone number: ${example("new")}` : `I need the phone number after the name: ${example("new")}`);
  }
  // The readings of the run that can get texts, longest first: "555-0109 3 seater sofa" is
  // the number and a "3 seater sofa" ("555-0109 3" is no number). None can: the problem of
  // the longest reading that is a number at all is told ("07700 900123 3 seater sofa":
  // 07700 900123 can't get texts), else the longest one's.
  const readings = Array.from({ length: longest.len }, (_, i) => {
    const len = longest.len - i;
    return { len, checked: textable(words.slice(longest.start, longest.start + len).join(" "), ctx) };
  });
  const textables = readings.flatMap((r) => (r.checked.ok ? [{ len: r.len, phone: r.checked.phone }] : []));
  const [longer, shorter] = textables;
  const told = readings.find((r) => r.checked.ok) ?? readings.find((r) => !r.checked.ok && r.checked.why === "cannot-exist") ?? readings[0]!;
  const best = { start: longest.start, len: told.len };
  const checked = told.checked;
  // "new Kim — 646-555-0142 — sofa": a dash around the number is punctuation, not the name's or the product's.
  // "new customer Bob …", "new lead - Ann …": the rep's word for what it is, not the name the customer is greeted by.
  const name = withoutEmoji(words.slice(0, best.start).join(" "))
    .replace(/[\s,:;\-–—]+$/, "")
    .replace(/^[\s,:;\-–—]+/, "")
    .replace(/^(?:customer|cust|client|lead|prospect)\b[\s,:;\-–—]*(?=\p{L})/iu, "")
    .trim();
  const product = productAfter(written.slice(best.start + best.len));
  const typed = words.slice(best.start, best.start + best.len).join(" ");
  if (!name) return err(`Name first, then the number: ${example("new")}`);
  if (!checked.ok) return err(`${phoneProblem(checked, typed)} e.g. ${example("new")}`);
  const phone = checked.phone;
  if (!/[\p{L}]/u.test(name)) return err(`The name needs letters: ${example("new")}`);
  if (name.length > MAX_NAME) return err(`That name is too long (max ${MAX_NAME}). e.g. ${example("new")}`);
  // A sentence before the number ("New delivery guy is Mike 917-555-0193", "New showroom
  // hours, call 212-555-0192"): a reply that starts with "New", not a name. Asked, so no
  // stranger gets the be-back texts.
  if (ends.slice(0, best.start - 1).some(Boolean)) return err(`Write the name without commas: new Jane Doe 555-0100 recliner. To text a customer, start with their #id.`);
  // "New number is 917-555-0193", "New cell 917-555-0193", "New delivery guy is Mike 917-…":
  // the rep's news, not a name ("Maria de los Angeles" is one).
  const nameWords = name.toLowerCase().split(/\s+/);
  // "Guy" first is a name (Guy Smith); after another word it is the rep's news ("delivery guy").
  // "Will" first is a name too (Will, Will Smith), unless prose follows ("New will call …").
  const isName = (w: string, i: number) => (w === "guy" || w === "will") && i === 0 && !FILLER_WORDS.has(nameWords[1] ?? "") && nameWords[1] !== "be";
  if (nameWords.length > 5 || nameWords.some((w, i) => NOT_A_NAME.has(w) && !isName(w, i))) {
    return err(`Is that a new lead? Name first: ${example("new")}. To text a customer, start with their #id.`);
  }
  // The number could end a word earlier, before a product that starts with a number
  // ("0171 1234567 2 Sessel"): both readings can get texts, so which is the rep's to say.
  // A reading that leaves only digits for the product ("321-4567 100") is none.
  if (shorter && shorter.phone !== phone && /\p{L}/u.test(productAfter(words.slice(best.start + shorter.len)))) {
    return err(whichNumber(words, best.start, shorter, longer!, ctx));
  }
  if (product.length > MAX_PRODUCT) return err(`That product is too long (max ${MAX_PRODUCT}). e.g. ${example("new")}`);
  // "new Ned 555-0176 dresser note wife hates it": the customer's texts name the product, so a
  // note typed into it would reach them. Asked: the lead, then its note, each on its own.
  // Only a note as a rep writes one: "note:" or "note" before a person or what they said
  // ("note wife hates it"), not "note-worthy", "notes of oak" or "note tray".
  const noted = /^(.+?)[\s,;\-–—]+notes?(?::\s*|\s+(?=(?:wife|husband|she|he|they|her|his|their|customer|cust|mom|dad|son|daughter|kids|budget|wants|likes|prefers|hates|needs|asked|call|will)\b))(.+)$/iu.exec(product);
  if (noted) return err(`Customers read the product in their texts, and "${quote(noted[2]!)}" reads as a note. Text "new ${quote(`${name} ${typed} ${noted[1]!}`)}", then "note ${firstName(name)} ..." on its own. Nothing changed.`);
  // A second number after the first ("212-555-0100 212-555-0101 sofa", "… or 555-0101 …") is
  // not a product: which one to text is the rep's to say.
  if (secondPhone(product.split(/\s+/), ctx)) return err(`Two phone numbers? Text one new with the number to text: ${example("new")}`);
  // Typed with caps lock on ("NEW AL 555-0145 SOFA"): the customer reads "Hi Al, … the sofa".
  if (!/\p{Ll}/u.test(text) && /\p{Lu}.*\p{Lu}.*\p{Lu}/u.test(text)) {
    return ok({ kind: "new", name: name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()), phone, product: product.toLowerCase() });
  }
  return ok({ kind: "new", name, phone, product });
}

function parseRelay(text: string, ctx: Parsing): ParseResult {
  const rest = text.slice(1).trim();
  const colon = rest.indexOf(":");
  if (colon > 0 && colon <= 40) {
    const ref = rest.slice(0, colon).trim();
    const body = rest.slice(colon + 1).trim();
    const m = ctx.find(ref);
    if (m.kind === "one") return body || ctx.photo ? ok({ kind: "relay", leadId: m.lead.id, body }) : err(`What should I text ${m.lead.name}? e.g. @Jane see you Saturday`);
    if (m.kind === "many") return err(`Which ${quote(ref)}? ${describeMatches(m.leads)}. Text e.g. "#${exampleLead(m.leads)?.id} ${quote(body || "hi")}".`);
  }
  const tokens = tokenize(rest);
  const found = leadAt(rest, tokens, 0, ctx, "@");
  if (!found) return err(`No lead "${quote(numberAt(tokens, 0, ctx) ?? stripPunct(tokens[0]?.text ?? ""))}" among yours. e.g. @Jane see you Saturday`);
  if ("error" in found) return err(found.error);
  const body = wordsAfterLead(rest, tokens, found.used - 1);
  // "@Al Smith thanks", "@Jane Smith hello": a capitalised word after a first name, which is
  // not the lead's own last name, may be the rest of a name the rep meant, not words for Al
  // or for this Jane. Asked, with the #id that sends the words as they are.
  const next = tokens[found.used]?.text ?? "";
  const surname = stripPunct(next);
  const lastOfRef = tokens[found.used - 1]!.text;
  const named = lastOfRef.replace(/[,:]$/, "") === lastOfRef && /^\p{L}/u.test(tokens[0]!.text);
  // Named by the first name alone, of one word or more ("@Al", "@Mary Ann" for Mary-Ann Lee).
  const byFirstName = nameWords(tokens.slice(0, found.used).map((t) => t.text).join(" ")).join(" ") === nameKeys(found.lead.name).firstKey;
  // Only when a greeting follows ("Smith thanks", "Smith hello"): a brand, a contraction or a
  // sentence's first word ("Ashley has it", "It's ready") is the text.
  // (Not when the word is set off by a comma, a dash or a colon: "@Bob Update: it shipped",
  // "@Al Costco: we beat their price", "@Bob Delivered, thanks!" are the rep's words.)
  const greets = /^(?:thanks|thank|hello|hi|hey|welcome)\b/i.test(tokens[found.used + 1]?.text ?? "");
  if (byFirstName && named && greets && next === surname && /^\p{Lu}\p{Ll}+(?:['-]\p{Lu}?\p{Ll}+)?$/u.test(surname) && !SENTENCE_WORDS.has(surname.toLowerCase()) && !foldName(found.lead.name).split(" ").includes(foldName(surname))) {
    return err(`Is "${quote(surname)}" part of a name? It would go to ${found.lead.name} #${found.lead.id} as "${quote(body)}". To send that, start with #${found.lead.id}. Nothing was sent.`);
  }
  return body || ctx.photo ? ok({ kind: "relay", leadId: found.lead.id, body }) : err(`What should I text ${found.lead.name}? e.g. @${firstName(found.lead.name)} see you Saturday`);
}

/** Capitalised words that start a sentence to a customer, never a last name ("@Bob The table is ready"). */
const SENTENCE_WORDS = new Set(
  (
    "the a an we i it its you your yours yes no not thanks thank hi hey hello just good great sure sorry please can could would will when what where why how who our my this that these those there here let lets happy hope see call come ok okay perfect awesome congrats looking got did do does are is was all any also and but so if still sent yep nope welcome morning afternoon evening tonight tomorrow today monday tuesday wednesday thursday friday saturday sunday weekend " +
    "delivery order price sale stock it'll we're we'll i'm i'll you're they they're he she his her them one two three four five both each every some more most new back quick big small nice love loved glad excited following checking reminder note fyi btw pickup pick ready " +
    "merry sounds cool absolutely definitely wonderful excellent fantastic amazing howdy wanted heads unfortunately yeah yup or as at on in for from with about after before next last only " +
    "january february march april may june july august september october november december christmas thanksgiving easter memorial labor holiday holidays black cyber"
  ).split(" "),
);

/** The keyword command, or null when the text is prose that merely starts with it. */
function parseKeyword(kw: Keyword, text: string, tokens: Token[], ctx: Parsing): ParseResult | null {
  const argc = tokens.length - 1;
  const prose = argc >= 3;
  switch (kw) {
    case "new":
      return parseNew(text, tokens, ctx);
    case "help": {
      if (argc === 0) return ok({ kind: "help" });
      const topic = stripPunct(tokens[1]?.text.toLowerCase() ?? "");
      if (argc === 1 && isHelpTopic(topic)) return ok({ kind: "help", topic });
      return argc <= 2 ? ok({ kind: "help" }) : null;
    }
    case "undo":
      return argc <= 1 ? ok({ kind: "undo" }) : null;
    case "back":
      return argc === 0 ? ok({ kind: "back" }) : null;
    case "digest": {
      const v = stripPunct(tokens[1]?.text.toLowerCase() ?? "");
      if (argc === 1 && (v === "on" || v === "off")) return ok({ kind: "digest", on: v === "on" });
      return argc <= 2 ? err(`Text "digest on" or "digest off".`) : null;
    }
    case "away": {
      // "away for 2 weeks" as "away 2 weeks" (only before a length: "away for lunch" is no date).
      const phrase = after(text, tokens, 0)
        .replace(/^(until|untill|untl|unitl|till|til|to|thru|through)\s+/i, "")
        // "Mon 12/14": the date says the day; "friday please", "the 15th (vacation)": the rest is no date.
        .replace(/^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+(?=\d{1,2}[/.-]\d|\d{1,2}(?:st|nd|rd|th)\b)/i, "")
        .replace(/\s*\([^)]*\)\s*$/, "")
        .replace(MANNERS_AFTER, "")
        .replace(FOR_A_LENGTH, "");
      let when = phrase ? whenIn(phrase, ctx) : null;
      // "away thru friday": away all of Friday, back the day after (as "after friday" reads);
      // with a time ("thru fri 3pm"), until then.
      if (when?.ok && when.hour === DEFAULT_HOUR && when.minute === 0 && /^(?:thru|through)\s/i.test(after(text, tokens, 0))) {
        const through = whenIn(`after ${phrase}`, ctx);
        if (through.ok) when = through;
      }
      if (when?.ok) return ok({ kind: "away", until: when.at, label: when.label });
      // "away until friday, back monday", "away till fri - call my cell": a date, then words
      // that are not one. Asked, never texted to a customer. (A date the reader did take in
      // and asks about — "sat 5:00": am or pm? — is asked about instead.)
      const start = when?.reason ? null : dateThenWords(phrase, ctx)?.date;
      if (start) return err(`Did you mean "away ${/^\d|^(?:a|an|one|two|three|for)\b/i.test(start) ? "" : "until "}${quote(start)}"? Text that to do it. Nothing was sent.`);
      // "Away until …" is never words for a customer, however long.
      if (argc > 3 && !/^(until|untill|till|til)$/i.test(stripPunct(tokens[1]?.text ?? ""))) return null;
      return err(when?.reason ? withExample(when.reason, "away until") : `When are you back? e.g. ${example("away")}`);
    }
    case "list": {
      if (argc === 0) return ok({ kind: "list", page: 1 });
      const page = stripPunct(tokens[1]?.text ?? "");
      if (argc === 1 && /^\d{1,3}$/.test(page)) return Number(page) >= 1 ? ok({ kind: "list", page: Number(page) }) : err(`Pages start at 1: list 2`);
      const found = leadAt(text, tokens, 1, ctx, "list");
      if (found && "error" in found) return err(found.error);
      if (found && found.used === argc) return ok({ kind: "card", leadId: found.lead.id });
      // "List please", "list pls thanks": only manners after it (a lead named Ty is Ty's card, above).
      const manners = (t: Token) => /^(?:please|pls|plz|thanks|thank|you|thx|ty)$/i.test(stripPunct(t.text));
      if (!found && tokens.slice(1).every(manners)) return ok({ kind: "list", page: 1 });
      // "list 2 please".
      if (!found && /^\d{1,3}$/.test(page) && Number(page) >= 1 && tokens.slice(2).every(manners)) return ok({ kind: "list", page: Number(page) });
      // "list next", "list more", "list all", "list sold", "list -1" (floor audit: "No lead "next" …").
      if (!found && argc <= 2 && /^(?:next|more|all|everything|everyone|sold|lost|active|open|paused|mine|-\d{1,3}|0)$/i.test(page)) {
        return err(`list shows your leads a page at a time: list, then list 2, list 3. list Jane shows one lead.`);
      }
      if (found && argc <= 3) return err(`Just "list ${firstName(found.lead.name)}" (or list #${found.lead.id}): nothing after the name.`);
      return argc <= 2 ? err(noLead(tokens, 1, kw, ctx)) : null;
    }
    case "sold":
    case "lost":
    case "later":
    case "note":
    case "fix": {
      if (argc === 0) return err(`Which lead? e.g. ${example(kw)}`);
      const found = leadAt(text, tokens, 1, ctx, kw);
      if (!found) {
        // A few words, then one of the rep's leads ("sold to Joe $700", "note to self: Joe …"): asked as what they meant.
        const prosy = PROSE_WORDS.has(stripPunct(tokens[1]?.text.toLowerCase() ?? ""));
        const meant = leadAfterFiller(kw, text, tokens, ctx);
        if (meant) return meant;
        // The rep left the lead out ("later next tue", "sold for 1200"): asked, never texted to a customer.
        const rest = after(text, tokens, 0);
        // "sold 12": lead #12 without its #, not $12 for a lead left out. Not "later 2 weeks":
        // a date, with the lead left out.
        const id = kw === "later" && whenIn(rest, ctx).ok ? undefined : /^(\d{1,9})(?:[.!]?$|\s+\S)/.exec(rest)?.[1];
        const byId = id ? ctx.find(`#${id}`) : null;
        // "sold 12 $1400" with no lead #12: the number was meant as one.
        if (id && byId?.kind === "none" && kw === "sold" && /^\d{1,9}\s+\$\s?\d/.test(rest)) return err(`No lead #${id} among yours. Text list to see them, e.g. ${example(kw)}`);
        if (byId?.kind === "one") return err(`Did you mean "${quote(`${kw} #${rest}`)}" (${byId.lead.name})? A lead's number takes a #. Nothing changed.`);
        // Bare digits are not echoed as an amount ("e.g. sold Jane 12" would sell Jane for $12).
        if (leftTheLeadOut(kw, rest, argc, ctx) && numberAt(tokens, 1, ctx) === null) return err(`Which lead? Name them first, e.g. ${kw} Jane ${kw === "sold" && /^\d+[.!]?$/.test(rest) ? "$1,200" : rest}`);
        // "Sold! Congrats on the new sofa", "Sold, thank you!": a sentence, no lead named. Only
        // `sold`: "Note, wife likes grey" is a note whose lead is missing, never a reply.
        if (kw === "sold" && /[!,]$/.test(tokens[0]!.text)) return null;
        return prosy ? null : err(noLead(tokens, 1, kw, ctx));
      }
      if ("error" in found) return err(found.error);
      return withLead(kw, found.lead, text, tokens, 1 + found.used, ctx, prose);
    }
  }
}

/**
 * "Note for Hal: wife likes grey", "note to self: Hal budget 2k", "later with Hal 2 weeks": a
 * command word, up to three other words, then one of the rep's leads. Not clearly a reply (it
 * would text the customer a private note), not clearly the command: asked about, sent to
 * nobody. Null (a reply) when no lead is named there ("Sold out of that color", "Note that
 * we close at 6").
 */
function leadAfterFiller(kw: "sold" | "lost" | "later" | "note" | "fix", text: string, tokens: Token[], ctx: Parsing): ParseResult | null {
  // Up to three words of prose ("for", "to self", "with"), else any words up to a colon
  // ("Note to self:"): not any words, since "Later today works, Bob" is a reply to Bob.
  let at = 1;
  while (at < 4 && FILLER_WORDS.has(stripPunct(tokens[at]?.text.toLowerCase() ?? ""))) at++;
  let found = at > 1 ? leadAt(text, tokens, at, ctx, kw) : null;
  const colon = tokens.slice(1, 4).findIndex((t) => t.text.endsWith(":"));
  if (!found && colon >= 0) {
    at = colon + 2;
    found = leadAt(text, tokens, at, ctx, kw);
  }
  if (!found) return null;
  if ("error" in found) return err(found.error);
  const { lead } = found;
  const rest = wordsAfterLead(text, tokens, at + found.used - 1);
  const meant = `${kw} ${tokens.slice(at, at + found.used).map((t) => stripPunct(t.text)).join(" ")}${rest ? ` ${rest}` : ""}`;
  const toThem = `To text it to ${lead.name}, start with #${lead.id}.`;
  return parseKeyword(kw, meant, tokenize(meant), ctx)?.ok ? err(`Did you mean "${quote(meant)}"? Text that to do it. ${toThem}`) : err(`Is that a command? e.g. ${example(kw)}. ${toThem}`);
}

/**
 * A command word followed by what would come after its lead — a date for `later`, an amount
 * for `sold` — and no lead: the rep forgot the name, not a sentence to a customer.
 */
/** A word a rep types as a customer's name: letters, and not a word of prose ("for", "it"). */
function typedName(word: string): boolean {
  return /^\p{L}[\p{L}\p{M}'’-]*$/u.test(word) && !FILLER_WORDS.has(word.toLowerCase());
}

function leftTheLeadOut(kw: Keyword, rest: string, argc: number, ctx: Parsing): boolean {
  // "sold #99": a lead named, just not one of the rep's (told so, not asked for a name).
  if (rest.startsWith("#")) return false;
  if (kw === "later") return whenIn(rest, ctx).ok;
  // "sold for 1200", "sold 1200"; not "sold Jnae 1200", a name typed wrong (told it names no lead).
  if (kw === "sold") return argc <= 3 && /\d/.test(rest) && !typedName(rest.split(/\s+/)[0] ?? "");
  return false;
}

/** " The rest can be a note: note Bob went with Ashley": what follows a lead where none belongs. */
function asNote(who: string, rest: string): string {
  // "sold #1 $900 note #1 delivery Saturday": the rest is a note already, its own "note #1" not said twice.
  const words = rest.replace(/^[-–—,:;(]+\s*/, "").replace(/^(?:and|&|\+)\s+(?=notes?\b)/i, "").replace(/\)$/, "").replace(new RegExp(`^notes?\\s+(?:${who.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+)?`, "i"), "");
  return words ? ` The rest can be a note: note ${who} ${quote(words)}` : "";
}

function withLead(kw: "sold" | "lost" | "later" | "note" | "fix", lead: LeadSummary, text: string, tokens: Token[], next: number, ctx: Parsing, prose: boolean): ParseResult | null {
  const rest = after(text, tokens, next - 1);
  // How the examples name the lead: by the first name the rep typed (it named this lead alone),
  // else by its #id — "#4", a full name or digits typed, the first name may fit several.
  const typed = tokens.slice(1, next).map((t) => stripPunct(t.text)).join(" ");
  const first = firstName(lead.name);
  const who = foldName(typed) === foldName(first) ? first : `#${lead.id}`;
  switch (kw) {
    // A lead named right after "lost" or "sold", then more words ("lost Bob went with
    // Ashley", "sold Bob $1,200 + tax"): never texted to a customer as a reply — it names
    // a customer, and would tell another one what was said of them. Asked, with the rest
    // offered as a note.
    case "lost":
      // "lost jane please": manners, not a note.
      if (!rest || /^(?:please|pls|plz|thanks|thank\s+you|thx|ty)[.!]*$/i.test(rest)) return ok({ kind: "lost", leadId: lead.id });
      return err(`Just "lost ${who}": nothing after the name.${asNote(who, rest)}`);
    case "sold": {
      if (!rest) return ok({ kind: "sold", leadId: lead.id });
      // "sold jane 0100": the last digits of her number, or $100? Asked, not guessed.
      const digits = rest.replace(/[.!]+$/, "");
      if (/^0\d{3,}$/.test(digits) && lead.phone.endsWith(digits)) return err(`Is ${digits} the end of ${who}'s number or the amount? Text "sold ${who}", or "sold ${who} $${Number(digits)}".`);
      // "sold Jane for $1,200", "sold Jane at 1200": the word before the amount is the rep's way of saying it.
      // ..."1400 dollars", "1,400 bucks": the currency said in words.
      const written = rest.replace(/^(?:for|at)\s+/i, "").replace(/[.!]+$/, "").replace(/\s+(?:dollars?|bucks)$/i, "").replace(/^(\$|usd)\s+/i, "$1");
      // Spaces only between a dollar amount's thousands ("$1 400"): "3 1200" is two numbers, never $31,200.
      const amount = parseAmount(/^\$\d{1,3}(?: \d{3})+(?:\.\d{1,2})?$/.test(written) ? written.replace(/ /g, "") : written);
      if (amount !== null) return ok({ kind: "sold", leadId: lead.id, amountCents: amount });
      // An amount, then words: "sold Bob $1,200 + tax", "sold Bob $1200 (delivery sat)".
      const [first = "", ...more] = rest.replace(/^(?:for|at)\s+/i, "").split(/\s+/);
      const bare = (w: string) => w.replace(/[.,!;:)]+$/, "");
      const leading = parseAmount(bare(first));
      // "sold Bob 2 for $1000": the amount is the one with the $, not the count before it.
      const dollars = first.startsWith("$") ? undefined : more.map(bare).find((w) => w.startsWith("$") && parseAmount(w) !== null);
      // ...but "2 @ $500", "2 for $1000", "3 1200", "2 @$500": a count, then an amount. Each
      // or the total? The rep says it.
      const anotherNumber = !first.startsWith("$") && more.some((w) => /^(?:@|x|×)?\$?\s*\d[\d,.]*k?$/i.test(bare(w)));
      if (leading !== null && (dollars || anotherNumber)) return err(`The sale's total, like $1,200: sold ${who} $1,200.${asNote(who, rest)}`);
      if (dollars) return err(`Did you mean "sold ${who} ${dollars}"? Text that to do it.${asNote(who, rest)}`);
      if (leading !== null && more.length > 0) return err(`Did you mean "sold ${who} ${bare(first)}"? Text that to do it.${asNote(who, more.join(" "))}`);
      return err(`Amount like $1,200: sold ${who} $1,200 (or just sold ${who}).${prose ? asNote(who, rest) : ""}`);
    }
    case "later": {
      if (!rest) return err(`Later when? e.g. later ${who} 2 weeks, or June 3, or tuesday`);
      // "2 weeks please", "for 2 weeks" (floor audit: not read).
      const phrase = rest.replace(MANNERS_AFTER, "").replace(FOR_A_LENGTH, "");
      const when = whenIn(phrase, ctx);
      if (when.ok) return ok({ kind: "later", leadId: lead.id, at: when.at, label: when.label });
      if (when.reason) return err(withExample(when.reason, `later ${who}`));
      // "2 weeks, she's travelling": the date, asked, and the rest offered as a note.
      const dated = dateThenWords(phrase, ctx);
      if (dated) return err(`Did you mean "later ${who} ${quote(dated.date)}"? Text that to do it.${asNote(who, dated.rest)}`);
      return err(`I can't read "${quote(rest)}" as a date. e.g. later ${who} 2 weeks, the 15th, next friday or June 3 (help later: more)`);
    }
    case "note":
      if (!rest) return err(`What should I note? e.g. note ${who} likes blue`);
      // Nothing is cut without a word: the rep shortens it or splits it.
      if (rest.length > MAX_NOTE) return err(`That note is ${rest.length} characters; a note keeps ${MAX_NOTE}. Shorten it, or send it as two notes.`);
      return ok({ kind: "note", leadId: lead.id, text: rest });
    case "fix": {
      const field = fixField(stripPunct(tokens[next]?.text.toLowerCase() ?? ""));
      const value = after(text, tokens, next).trim();
      if (field !== "name" && field !== "phone" && field !== "product") return err(`Fix name, phone or product: fix ${who} phone 555-0101`);
      if (!value) return err(`New ${field}? e.g. fix ${who} ${field} ${field === "phone" ? "555-0101" : field === "name" ? "Jane Doe" : "blue recliner"}`);
      if (field === "phone") {
        const checked = textable(value, ctx);
        return checked.ok ? ok({ kind: "fix", leadId: lead.id, field, value: checked.phone }) : err(`${phoneProblem(checked, value)} e.g. fix ${who} phone 555-0101`);
      }
      const max = field === "name" ? MAX_NAME : MAX_PRODUCT;
      if (value.length > max) return err(`That ${field} is too long (max ${max}).`);
      if (field === "name") {
        const name = withoutEmoji(value);
        return /\p{L}/u.test(name) ? ok({ kind: "fix", leadId: lead.id, field, value: name }) : err(`The name needs letters: fix ${who} name Jane Doe`);
      }
      return ok({ kind: "fix", leadId: lead.id, field, value });
    }
  }
}

/**
 * A text to a lead by #id or @name whose words are that lead's own command ("#12 sold $1,200",
 * "#12 lost", "@Jane later 2 weeks"): asked, never texted to the customer.
 */
function afterLead(parsed: ParseResult, ctx: Parsing): ParseResult {
  if (!parsed.ok || parsed.command.kind !== "relay") return parsed;
  const { leadId, body } = parsed.command;
  const [first = "", ...rest] = body.split(/\s+/);
  const kw = AFTER_ID.find((k) => stripPunct(first.toLowerCase()) === k);
  if (!kw) return parsed;
  const meant = `${kw} #${leadId}${rest.length ? ` ${rest.join(" ")}` : ""}`;
  const asCommand = parseKeyword(kw, meant, tokenize(meant), ctx);
  // "#12 sold $1,200 + tax": the command's own question (an amount, then words) is asked too.
  if (asCommand && !asCommand.ok && asCommand.error.startsWith("Did you mean")) return asCommand;
  if (!meansCommand(asCommand)) return parsed;
  return err(`Did you mean "${quote(meant)}"? Text that to do it. To text them those words, put them in a sentence.`);
}

/** The text reads as that command: it parses, or it is a `new` whose number is asked about. */
const meansCommand = (parsed: ParseResult | null) => parsed !== null && (parsed.ok || parsed.error.startsWith(WHICH_NUMBER));

/** Commands whose first argument is a lead or a name: the ones a missing space can glue to it. */
const GLUABLE: readonly Keyword[] = ["new", "sold", "lost", "later", "note", "fix", "list"];

/**
 * "note#14 likes grey", "sold#14", "newKim 646-555-0196 chair": a command with the space after
 * it left out, the text as it was meant when that reads as the command; else null.
 */
function gluedCommand(clean: string, head: string, ctx: Parsing): string | null {
  const lower = head.toLowerCase();
  for (const kw of GLUABLE) {
    const rest = head.slice(kw.length);
    // "list2" is page 2.
    if (!lower.startsWith(kw) || !(/^(#\d|\p{L})/u.test(rest) || (kw === "list" && /^\d{1,3}$/.test(rest)))) continue;
    const meant = `${kw} ${rest}${clean.slice(head.length)}`;
    if (meansCommand(parseKeyword(kw, meant, tokenize(meant), ctx))) return meant;
  }
  return null;
}

export function parseRepText(text: string, ctx: ParseContext): ParseResult {
  return parse(text, { ...ctx, find: (ref) => matchLead(ref, ctx.leads, ctx.defaultCountry) });
}

/**
 * Every lead reference the parser would look up in this text. Each lookup answers "none",
 * so every path is followed to its end: a parse with real leads looks up only references
 * listed here (it stops at the first one that names a lead).
 */
export function leadRefsIn(text: string, ctx: Omit<ParseContext, "leads">): string[] {
  const refs = new Set<string>();
  parse(text, {
    ...ctx,
    find: (ref) => {
      refs.add(ref);
      return { kind: "none" };
    },
  });
  return [...refs];
}

/** A command pasted in quotes ("later #15 jan 1 2027", as a forward suggests it), or the forward's whole `Reply "…" to pause until …` line: the command inside. */
function quotedCommand(clean: string): string | null {
  // The line anywhere in the text (the whole forward copied), cut short, quoted or with a "> ".
  const line = /(?:^|\n)[\s>"]*reply\s+"(later\s+#\d+[^"\n]*)"/i.exec(clean);
  if (line) return line[1]!.trim();
  const quoted = /^"([^"]+)"[.!]?$/.exec(clean);
  return quoted ? quoted[1]!.trim() : null;
}

/** A lead's own command written after its #id or @name ("#12 sold $1,200", "#12 lost"): the command with the lead in its place. */
const AFTER_ID: readonly Keyword[] = ["sold", "lost", "later", "note", "fix"];

function parse(text: string, ctx: Parsing): ParseResult {
  const cleaned = cleanText(text);
  const inQuotes = quotedCommand(cleaned);
  // Only when what is inside reads as a command: a quoted sentence is still a reply.
  const clean = inQuotes && KEYWORDS.some((k) => inQuotes.toLowerCase().startsWith(`${k} `) || inQuotes.toLowerCase() === k) ? inQuotes : cleaned;
  if (!clean) return err(`Empty text. Text help for the commands.`);
  // The forward's own tag before the words, pasted or typed ("Jane (recliner) #12: see you
  // Saturday"): the words go to #12, never the tag to a customer (week audit).
  const untagged = withoutForwardTag(clean, ctx);
  if (untagged !== null) return typeof untagged === "string" ? parse(untagged, ctx) : untagged;
  // "?", "commands", "menu", "how do i add a lead" (floor audit): asking for the commands, never words for a customer.
  if (HELP_ASKED.test(clean)) return ok({ kind: "help" });
  // "Liked “…”": the rep's phone reacting to a text, never words for a customer.
  // "..." not "…": one character outside GSM-7 would halve what the answer's two texts hold.
  if (isReaction(clean)) return err(`That reads as a reaction to a text ("${quote(clean.split(/\s/)[0]!)} ..."), so it went to no one. To text a customer, start with their #id: "#12 see you Saturday".`);
  // Two commands in one text ("sold #1 $900⏎note #1 delivery Saturday"), or a command under
  // words for a customer ("@Jane see you⏎note Jane wife hates it"): only the first would be
  // done, and a note would reach the customer. Asked, nothing done or sent.
  const [firstLine = "", ...later] = clean.split(/\n/);
  // Under words for a customer, only what would leak or misfile: a note, a new lead, a sale,
  // a loss, a fix ("Away until Monday" and "Later next week?" may be words for them).
  const firstIsCommand = KEYWORDS.some((k) => k === stripPunct(firstLine.trim().split(/\s+/)[0]?.toLowerCase() ?? ""));
  const second = later.map(commandLine).find((line) => line !== null && meansCommand(asKeyword(line, ctx, firstIsCommand)));
  if (second) return err(`One command a text: "${quote(second)}" is on a line of its own, so nothing was done or sent. Text each one on its own.`);
  // "- note Tom wife hates it", "* sold #3": a list's dash or bullet before a command.
  const bulleted = LIST_MARKS.exec(clean)?.[1];
  if (bulleted && meansCommand(asKeyword(bulleted, ctx))) return err(`Did you mean "${quote(bulleted)}"? Text that to do it. Nothing was sent.`);
  if (clean.startsWith("@")) return afterLead(parseRelay(clean, ctx), ctx);

  // An away rep back: "I'm back", "back now", "Back!".
  const plain = clean.replace(/[\p{Extended_Pictographic}\ufe0f\u200d]|[:;]-?[)D(]/gu, "").trim();
  if (ctx.repAway && /^(?:(?:hi|hey|hello)[,!]?\s+)?(?:i'?m\s+|i\s+am\s+)?back(?:\s+(?:now|again|today|at\s+work|in\s+the\s+store|from\s+\w+))?[.!]*$/i.test(plain)) return ok({ kind: "back" });

  const tokens = tokenize(clean);
  const head = tokens[0]?.text ?? "";
  const byId = /^#(\d{1,9})[:,.-]?$/.exec(head);
  if (byId) {
    const m = ctx.find(`#${byId[1]}`);
    if (m.kind !== "one") return { ok: false, error: `No lead #${byId[1]} among yours. Text list to see them.`, unknownId: Number(byId[1]) };
    const body = wordsAfterLead(clean, tokens, 0);
    return afterLead(body || ctx.photo ? ok({ kind: "relay", leadId: m.lead.id, body }) : ok({ kind: "card", leadId: m.lead.id }), ctx);
  }

  // "#9they are 72 by 40": the space left out after the lead's number.
  const idGlued = /^#(\d{1,9})(\p{L}\S*)$/u.exec(head);
  if (idGlued && ctx.find(`#${idGlued[1]}`).kind === "one") return err(`Did you mean "${quote(`#${idGlued[1]} ${clean.slice(idGlued[1]!.length + 1)}`)}"? Text that to send it.`);
  // "# 2 hi", "##2 hi", "2# hi", "#B hi": meant as a lead's #id, never words for whoever wrote last.
  if (/^(?:＃|#{2,}\d|#\s+\d|#[A-Za-z]\d{0,8}(?:\s|$))|^\d{1,9}#(?:\s|$)/u.test(clean)) return err(`Start with the lead's # and number, then a space: "#12 see you Saturday". Text list to see your leads.`);
  // "#ben are you free": a name after the #, never words for whoever wrote last.
  const named = /^#(\p{L}[\p{L}\p{M}'-]*)(?:[\s,:.!?]|$)/u.exec(clean);
  if (named) return err(`A lead's # takes their number ("#12 see you Saturday"), a name goes after @ ("@${quote(named[1]!)} …"): nothing was sent. Text list to see your leads.`);

  const word = stripPunct(head.toLowerCase());
  const kw = KEYWORDS.find((k) => k === word);
  // "lost # 13": the lead's # with a space after it, in a command.
  const spaced = kw ? clean.replace(/(?<=^\S+\s+)#\s+(?=\d)/, "#") : clean;
  if (kw) return parseKeyword(kw, spaced, tokenize(spaced), ctx) ?? reply(clean, ctx);

  // "new-Kim 646-…", "new- Kim 646-…": a dash for the space.
  const dashed = /^(new|fix)-(.*)$/i.exec(head);
  if (dashed) {
    const fixed = `${dashed[1]!.toLowerCase()} ${dashed[2]}${clean.slice(head.length)}`.replace(/\s+/g, " ").trim();
    if (meansCommand(parseKeyword(dashed[1]!.toLowerCase() as Keyword, fixed, tokenize(fixed), ctx))) return err(`Did you mean "${quote(fixed)}"? Text that to do it.`);
  }
  // "add Cal 555-0142 sofa": the rep's word for `new`.
  const meant = typoOf(word) ?? nearNewOrFix(word) ?? (word === "add" ? "new" : null);
  // A letter doubled ("neww Kim …") is a slip of the word, not a command glued to a name.
  const glued = meant && word === meant + meant.at(-1) ? null : gluedCommand(clean, head, ctx);
  if (glued) return err(`Did you mean "${quote(glued)}"? Text that to do it.`);

  if (meant) {
    const fixed = `${meant}${clean.slice(head.length)}`;
    const parsed = parseKeyword(meant, fixed, tokenize(fixed), ctx);
    // "Now call Mike at 917-…" may be a reply: how to send it as one is said too.
    const asReply = meant === "new" || meant === "fix" ? " To text a customer, start with their #id." : "";
    if (meansCommand(parsed)) return err(`Did you mean "${quote(fixed)}"? Text that to do it.${asReply}`);
  }
  return reply(clean, ctx);
}

/** Words before a name set off that leave it a name: "Yes, Cal", "Sure thing, Cal!", "Thanks again, Cal". */
const ASSENT_WORDS = new Set("yes yeah yep yup ok okay sure thing thanks thank you great perfect awesome cool hey hi hello oh well sorry no nope alright right welcome congrats again sounds good".split(" "));

/** Words a rep writes about the goods that are also first names: "Cal king, or queen?", "Cherry, or walnut?" are not to Cal or Cherry. */
const GOODS_WORDS = new Set(
  ("king queen twin full double single size sofa couch sectional loveseat chair recliner table desk bed mattress rug lamp dresser ottoman bench " +
    "cherry walnut oak maple birch cedar ebony willow aspen pine teak ash clay reed rattan wood leather velvet linen navy royal blue grey gray " +
    "white black ivory cream beige tan brown green red").split(" "),
);

/**
 * A word that may name a lead where a rep sets a name off — never a word of the goods:
 * `first` of the text, no everyday word (its capital is the sentence's: "Rose, sage or navy");
 * `later` among the first words, only capitalised ("Yes, Cal, …"; "Ok ty!" thanks the customer);
 * `greeted` (after a greeting, or last after a comma), an everyday word only capitalised
 * ("Thanks Grace, …", not "Good news, will have it Friday").
 */
function nameLike(word: string, place: "first" | "later" | "greeted"): boolean {
  const folded = foldName(word);
  if (GOODS_WORDS.has(folded)) return false;
  const capital = /^\p{Lu}/u.test(word);
  if (place === "first") return !EVERYDAY_WORDS.has(folded);
  return place === "later" || EVERYDAY_WORDS.has(folded) ? capital : true;
}

/**
 * The lead a name set off in a reply names: up to three words at the start before a comma,
 * dash, "!", ";", "..." or a line's end ("Cal, the lamp is in", "Cal! It's in", "Cal—it's in",
 * "Mary Ann Lee, …", "Yes, Cal, it's in", "Sure thing, Cal!"), or one word after a comma at the
 * end ("The lamp is in, Cal!"). The words as one name first, then each word alone that can be
 * a name (nameLike: the first as typed, any later one only capitalised — "Ok ty!" thanks the
 * customer even with a Ty among the leads; "Rose, sage or navy are in" and "Cal king, or
 * queen?" name nobody). Null when none.
 */
function setOff(body: string, ctx: Parsing): LeadMatch | null {
  const W = "(\\p{L}[\\p{L}\\p{M}'’-]*)";
  const start = new RegExp(`^${W}(?:,?\\s+${W})?(?:,?\\s+${W})?(?:\\s*[,!;–—…]|\\s*\\.{3}|\\s+-|\\s*\\n)`, "u").exec(body);
  const end = /,\s*(\p{L}[\p{L}\p{M}'’-]*)\s*[!.?]*\s*$/u.exec(body);
  const words = start ? [start[1], start[2], start[3]].filter((w): w is string => w !== undefined) : [];
  const candidates: string[] = [];
  for (let n = words.length; n >= 2; n--) candidates.push(words.slice(0, n).join(" "));
  // A word followed by a word of the goods is the goods' ("Cal king"); a later word alone only
  // right before the mark, after words of assent or thanks ("Yes, Cal, …", "Sure thing, Cal!";
  // not "Ok, Will do!", "Thanks, Friday works!", "Ask for Dean, he's here", "Same as Ashley, but …").
  words.forEach((w, i) => {
    if (i > 0 && (i < words.length - 1 || !words.slice(0, i).every((x) => ASSENT_WORDS.has(foldName(x))))) return;
    if (!GOODS_WORDS.has(foldName(words[i + 1] ?? "")) && nameLike(w, i > 0 ? "later" : "first")) candidates.push(w);
  });
  // Last after a comma, not as a list's last item ("It comes in Ivory, Pearl.", "Grey, Sand, Amber").
  const before = end ? /(\p{L}[\p{L}\p{M}'’-]*)\s*,\s*\p{L}[\p{L}\p{M}'’-]*\s*[!.?]*\s*$/u.exec(body)?.[1] : undefined;
  const list = GOODS_WORDS.has(foldName(before ?? "")) || /,\s*\p{Lu}\p{L}*\s*,\s*\p{Lu}\p{L}*\s*[!.?]*\s*$/u.test(body);
  if (end && !list && nameLike(end[1]!, "greeted")) candidates.push(end[1]!);
  for (const word of candidates) {
    const found = ctx.find(word);
    if (found.kind !== "none") return found;
  }
  return null;
}

/**
 * "Jane (recliner) #12: words" → "#12 words": a forward's tag (leadTag) that names the rep's
 * lead #12 by its name or first name (or "New lead (212) 555-0152 #12:"), then a colon; quoted,
 * the words after the quote. An error to answer when the words run over lines or open as a
 * note; null for anything else ("Update (sofa) #2: …" names no lead #2 of that name).
 */
function withoutForwardTag(text: string, ctx: Parsing): string | ParseResult | null {
  // The forward quoted, the rep's answer after it: the quote is the customer's.
  const quoted = /^["“]([^"”]*)["”]\s*([\s\S]*)$/u.exec(text);
  const [tagLine, answer] = quoted ? [quoted[1]!, quoted[2]!] : [text, null];
  const m = /^(?:new\s+lead\s+[+\d()\s.-]{7,25}|([^\n()#:]{1,80}?)\s*(?:\(([^()\n]{0,120})\)\s*)?)#(\d{1,9})\s*:\s*(.*)$/isu.exec(tagLine);
  if (!m) return null;
  const found = ctx.find(`#${m[3]}`);
  if (found.kind !== "one") return null;
  // By its whole name or first name, and its product as it is now ("New lead (212) 555-0152 #3:" names it by number).
  const named = m[1] === undefined || [foldName(found.lead.name), foldName(firstName(found.lead.name))].includes(foldName(m[1]));
  if (!named || (m[2] !== undefined && foldName(m[2]) !== foldName(found.lead.product))) return null;
  // On more than one line it may be the forward pasted with an answer under it, or the rep's own
  // lines under a typed tag: which words are the rep's is not for Beback to guess.
  if (answer === null && m[4]!.includes("\n")) return err(`Nothing was sent: that starts with a forward's tag and runs over more than one line. Text just your words with #${m[3]} in front: "#${m[3]} see you Saturday".`);
  const words = (answer ?? m[4]!).trim();
  // Words a note opens with ("wife hates it"), or a note's words after the lead's name ("wants
  // grey", "called, no answer", as "Jane wants grey" is), never reach the customer under a tag.
  const lead = found.lead;
  const aboutLead = replyMentions(`${firstName(lead.name)} ${words}`, (ref) => (foldName(ref) === foldName(firstName(lead.name)) ? { kind: "one", lead } : { kind: "none" })).length > 0;
  // A question or an exclamation is said to them ("Husband can come too!", "Wants grey or navy?").
  if (!/[?!]\s*$/u.test(words) && (opensAsNote(words) || aboutLead)) return err(`Did you mean "${quote(`note #${m[3]} ${words}`)}"? Text that to keep it as a note. Nothing was sent; to text it to them, start with #${m[3]}.`);
  return `#${m[3]} ${words}`.trim();
}

/** A list's marks before a line's words: dashes, bullets, "1." or "1)", an emoji pointing at it. */
const LIST_MARKS = /^(?:[-*•.>·→–—]+\s*|\d{1,2}[.)]\s+|\p{Extended_Pictographic}\ufe0f?\s*)+(.*)$/su;

/** A line that may be a command of its own: its words less a list's marks; null for none. */
function commandLine(line: string): string | null {
  const words = (LIST_MARKS.exec(line.trim())?.[1] ?? line).trim();
  return words || null;
}

/** The line as its first word's command (`any`: any but those that read as words; else only new, sold, lost, note, fix), or null. */
function asKeyword(line: string, ctx: Parsing, any = true): ParseResult | null {
  const tokens = tokenize(line);
  const kw = KEYWORDS.find((k) => k === stripPunct(tokens[0]?.text.toLowerCase() ?? ""));
  // Only the commands a line can be mistaken for: "Back in stock", "List price" and "Help is here" are words.
  if (!kw || kw === "back" || kw === "list" || kw === "help" || kw === "undo") return null;
  if (!any && (kw === "away" || kw === "later" || kw === "digest")) return null;
  return parseKeyword(kw, line, tokens, ctx);
}

/**
 * A plain reply, with the rep's leads its opening names ("Tom, your bed came in", "Hi Tom,
 * …", "Tom: …"): the shell asks when that is not the customer it would go to.
 */
function reply(body: string, ctx: Parsing): ParseResult {
  // The name after a greeting ("Hi Tom", "Good news Tom,", "Thanks Tom for coming in"), before a
  // colon ("Tom: wife hates it"), before a comma or dash and words to them ("Tom, your bed came
  // in", "Tom - you're all set"); else a name set off (setOff: "Tom, the lamp is in", "It's in,
  // Tom!"), not an everyday word ("Rose, sage or navy are in").
  // Emoji before the words ("👋 Cal, …") are not words.
  const words = body.replace(/^[^\p{L}\p{N}#@]+/u, "");
  const hello = "(?:(?:oh|well)\\s+)?(?:(?:hi|hey|hello|hola)(?:\\s+(?:there|again))?|(?:good\\s+)?(?:morning|afternoon|evening)|happy\\s+\\p{L}+|dear|yo)";
  const news = "(?:good\\s+news|great\\s+news|thank\\s+you|thanks|thx)";
  const W = "(\\p{L}[\\p{L}\\p{M}'’-]*)";
  // Right after the greeting, the name whatever follows ("Thanks Tom for coming in", "Hi Tom the
  // bed is in"); after a comma, only a name set off ("Hi, Tom! …"; not "Hi, Dean from delivery
  // will call you", "Great news, Ashley has it in stock", "Thanks, Friday works!").
  const setOffAfter = "(?=\\s*(?:[,!.:;–—]|\\s-|$))";
  const greetedBy = (form: string) => new RegExp(`^${form}\\s+${W}(?:\\s+${W})?`, "iu").exec(words) ?? new RegExp(`^${form}\\s*,\\s*${W}${setOffAfter}`, "iu").exec(words);
  const hi = greetedBy(hello);
  const thanks = hi ? null : greetedBy(news);
  const greetedWith = hi ?? thanks;
  // The whole name first ("Hi Tom Ray, …" is to Tom Ray, not whichever Tom wrote last); an
  // everyday word only capitalised ("Good news, will have it Friday" names no Will).
  const whole = greetedWith?.[2] !== undefined ? ctx.find(`${greetedWith[1]} ${greetedWith[2]}`) : null;
  const greeted = greetedWith?.[1];
  const opening =
    (greeted !== undefined && !GOODS_WORDS.has(foldName(greetedWith?.[2] ?? "")) && nameLike(greeted, "greeted") ? greeted : undefined) ??
    /^(\p{L}[\p{L}\p{M}'-]*)\s*(?::|[,\-–—]\s*(?:you|your|you're|youre|yours|thanks|thank)\b)/iu.exec(words)?.[1];
  const opened = whole && whole.kind !== "none" ? whole : opening ? ctx.find(opening) : null;
  const m = opened && opened.kind !== "none" ? opened : setOff(words, ctx);
  const named = m?.kind === "one" ? [m.lead.id] : m?.kind === "many" ? m.leads.map((l) => l.id) : [];
  const mentions = replyMentions(body, ctx.find);
  return ok({ kind: "reply", body, ...(named.length ? { named } : {}), ...(mentions.length ? { mentions } : {}) });
}
