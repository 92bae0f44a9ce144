// `list` and a lead's card, as texts that fit in two SMS segments. Pure.
import { OPEN_COUNT_CAP } from "../db/lead-queries";
import { lastExchange } from "../db/message-queries";
import type { Lead, Message } from "../db/schema";
import { formatDayRelative, formatWhen } from "../domain/format-time";
import { formatPhoneForRep } from "../domain/phone";
import { clipText, clipWords } from "../domain/clip-text";
import { countSegments, gsmOnly } from "../domain/segments";
import { dollars } from "./texts";
import { wordsOf } from "../series/series-texts";

const MAX_SEGMENTS = 2;
const fits = (text: string) => countSegments(text).segments <= MAX_SEGMENTS;
/** The fewest characters of a card's notes or last message worth keeping when they are cut. */
const LEAST = 20;
/** More than two segments ever hold: where a card's cutting starts. */
const MOST = 306;
/** How much of the customer's last message a card keeps before it cuts the notes. */
const SAID_KEPT = 90;

/** "now", "5m", "3h", "2d", "6w": how long ago, as short as a rep can read it. */
export function ago(at: number | null, now: number): string {
  if (at === null) return "never";
  const mins = Math.max(0, Math.round((now - at) / 60_000));
  if (mins < 1) return "now";
  if (mins < 60) return `${mins}m`;
  if (mins < 48 * 60) return `${Math.round(mins / 60)}h`;
  const days = Math.round(mins / 1440);
  return days < 28 ? `${days}d` : `${Math.round(days / 7)}w`;
}

/** A lead as the rep's views take it: with whether its number opted out (lead-queries' LeadRow). */
type Shown = Lead & { optedOut?: boolean };

function nextText(l: Shown, now: number, tz: string): string {
  // The opt-out outranks everything: nothing will be texted, whatever else is set.
  if (l.optedOut) return "none (opted out)";
  // A number the carrier refused stopped the series: said, so the rep knows to `fix` it.
  if (l.undeliverable && l.nextAt === null && l.resumeAt === null) return "none (bad number)";
  if (l.resumeAt !== null) return `later ${formatDayRelative(l.resumeAt, now, tz)}`;
  if (l.nextAt !== null) return formatWhen(l.nextAt, now, tz);
  if (l.status === "paused") return "paused";
  return "none";
}

/** One lead's line: GSM-7 only, so an emoji in one product does not halve the page for all (gsmOnly). */
function line(l: Shown, now: number, tz: string): string {
  // Cut where it shows, at a word's end: "(12 piece dining...)", not "(12 piece dining se)".
  const product = l.product ? ` (${clipWords(gsmOnly(l.product), 18)})` : "";
  return `#${l.id} ${clipWords(gsmOnly(l.name), 20)}${product} last ${ago(l.lastContactAt, now)}, next ${nextText(l, now, tz)}`;
}

/** The most lines a page holds: even the shortest ("#1 A last now, next none") fit only 12 in two segments. */
export const MAX_LINES_PER_PAGE = 12;

/** How many of the newest open leads `list N` reads: pages 1…N at their fullest, and one more to tell whether more follow. */
export function leadsUpToPage(page: number): number {
  return page * MAX_LINES_PER_PAGE + 1;
}

/** Open leads (newest first) split into pages that each fit two segments with their header and footer. */
export function listPages(open: Shown[], now: number, tz: string): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  for (const l of open) {
    const candidate = [...page, line(l, now, tz)];
    // Room for the longest header and the "list N for more" footer.
    if (page.length > 0 && (page.length >= MAX_LINES_PER_PAGE || !fits(`Leads 9999-9999 of 9999:\n${candidate.join("\n")}\nlist 999 for more`))) {
      pages.push(page);
      page = [line(l, now, tz)];
    } else {
      page = candidate;
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/**
 * `list N`: the rep's open (active, paused) leads, newest first, a page at a time. `open` is
 * the newest `leadsUpToPage(N)` of them (or all, if fewer) and `total` how many there are
 * (counted up to OPEN_COUNT_CAP + 1): the pages before N are laid out the same whatever follows them.
 */
export function listPage(open: Shown[], total: number, pageNumber: number, now: number, tz: string): string {
  if (total === 0 || open.length === 0) return `No active leads. Add one: new Jane 555-0100 recliner`;
  const pages = listPages(open, now, tz);
  const page = pages[pageNumber - 1];
  // Short of page N, `open` held every open lead: the count of pages is the real one.
  // "list 18" may have meant lead #18: said how to ask for it.
  if (!page) return `There ${pages.length === 1 ? "is 1 page" : `are ${pages.length} pages`}. Text list${pages.length === 1 ? "" : ` 1-${pages.length}`}, or list #${pageNumber} for lead #${pageNumber}.`;
  const from = pages.slice(0, pageNumber - 1).reduce((n, p) => n + p.length, 0) + 1;
  const to = from + page.length - 1;
  // `open` holds one lead past page N whenever there is one.
  const more = open.length > to ? `\nlist ${pageNumber + 1} for more` : "";
  const of = total > OPEN_COUNT_CAP ? `${OPEN_COUNT_CAP}+` : `${total}`;
  const header = pageNumber === 1 && !more ? `Leads:` : `Leads ${from}-${to} of ${of}:`;
  return `${header}\n${page.join("\n")}${more}`;
}

/** `list Jane`: one lead's card with notes and the last message. */
export function leadCard(l: Shown, history: Message[], now: number, tz: string): string {
  const last = lastExchange(history);
  const parts = [
    // The name and product as the list writes them (gsmOnly): "Chloé" alone would make the card UCS-2, 134 characters.
    `#${l.id} ${gsmOnly(l.name)} ${formatPhoneForRep(l.phone)}`,
    l.product ? gsmOnly(l.product) : "",
    // An open lead whose number opted out is "opted out" (as the owner's page has it), not "paused"; a sale stays one.
    // A sale's amount only while it is one: a lead lost after its sale no longer counts it.
    `${l.optedOut && (l.status === "active" || l.status === "paused") ? "opted out" : `${l.status}${l.optedOut ? " (opted out)" : ""}`}${l.amountCents !== null && l.status === "sold" ? ` ${dollars(l.amountCents)}` : ""}`,
    `last ${ago(l.lastContactAt, now)}, next ${l.optedOut ? "none" : nextText(l, now, tz)}`,
  ].filter(Boolean);
  // GSM-7 only (no "·" or "…"), so two segments hold 306 characters.
  const head = parts.join(", ");
  // Newest first: what does not fit is cut from the end, so the oldest note goes, not the latest.
  // GSM-7 as the rest (an emoji in a note made the card UCS-2 and cut the last words to "Don...").
  const notes = gsmOnly(l.notes.split("\n").reverse().join("; "));
  const said = last ? gsmOnly(wordsOf(last.body, last.media.length)) : "";
  const card = (notesRoom: number, saidRoom: number) =>
    head + (notes ? `\nNotes: ${clipText(notes, notesRoom)}` : "") + (last ? `\nLast ${last.direction === "in" ? "from them" : "to them"}: ${clipText(said, saidRoom)}` : "");
  // What does not fit two segments is cut, never inside a character: the last message first,
  // down to a sentence's worth (many notes must not squeeze out what the customer said: floor
  // audit), then the notes, then the message to a few words, then both.
  const kept = Math.min(said.length, SAID_KEPT);
  for (let room = Math.min(said.length, MOST); room >= kept; room--) if (fits(card(notes.length, room))) return card(notes.length, room);
  for (let room = Math.min(notes.length, MOST); room >= LEAST; room--) if (fits(card(room, kept))) return card(room, kept);
  for (let room = kept; room >= LEAST; room--) if (fits(card(LEAST, room))) return card(LEAST, room);
  let text = card(LEAST, LEAST);
  while (!fits(text) && text.length > 20) text = clipText(text, Math.floor(text.length * 0.9));
  return text;
}
