// `list` and a lead's card, as texts that fit in two SMS segments. Pure.
import { lastExchange } from "../db/message-queries";
import type { Lead, Message } from "../db/schema";
import { formatDayRelative, formatWhenCompact } from "../domain/format-time";
import { formatPhoneForRep } from "../domain/phone";
import { countSegments } from "../domain/segments";

const MAX_SEGMENTS = 2;
const fits = (text: string) => countSegments(text).segments <= MAX_SEGMENTS;

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
  if (l.resumeAt !== null) return `later ${formatDayRelative(l.resumeAt, now, tz)}`;
  if (l.nextAt !== null) return formatWhenCompact(l.nextAt, now, tz);
  if (l.status === "paused") return "paused";
  return "none";
}

function line(l: Shown, now: number, tz: string): string {
  const product = l.product ? ` (${l.product.slice(0, 18)})` : "";
  return `#${l.id} ${l.name.slice(0, 20)}${product} last ${ago(l.lastContactAt, now)}, next ${nextText(l, now, tz)}`;
}

/** Active and paused leads, newest first, split into pages that each fit two segments. */
export function listPages(leads: Shown[], now: number, tz: string): string[][] {
  const open = leads.filter((l) => l.status === "active" || l.status === "paused").sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const pages: string[][] = [];
  let page: string[] = [];
  for (const l of open) {
    const candidate = [...page, line(l, now, tz)];
    // Leave room for the header and the "list N for more" footer.
    if (page.length > 0 && !fits(`Leads 99/99: ${candidate.join("\n")}\nlist 99 for more`)) {
      pages.push(page);
      page = [line(l, now, tz)];
    } else {
      page = candidate;
    }
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

export function listPage(leads: Shown[], pageNumber: number, now: number, tz: string): string {
  const pages = listPages(leads, now, tz);
  if (pages.length === 0) return `No active leads. Add one: new Jane 555-0100 recliner`;
  const page = pages[pageNumber - 1];
  if (!page) return `There ${pages.length === 1 ? "is 1 page" : `are ${pages.length} pages`}. Text list ${pages.length === 1 ? "" : `1-${pages.length}`}`.trim();
  const more = pageNumber < pages.length ? `\nlist ${pageNumber + 1} for more` : "";
  const header = pages.length > 1 ? `Leads ${pageNumber}/${pages.length}:` : `Leads:`;
  return `${header}\n${page.join("\n")}${more}`;
}

/** `list Jane`: one lead's card with notes and the last message. */
export function leadCard(l: Shown, history: Message[], now: number, tz: string): string {
  const last = lastExchange(history);
  const parts = [
    `#${l.id} ${l.name} ${formatPhoneForRep(l.phone)}`,
    l.product ? `${l.product}` : "",
    `${l.status}${l.optedOut ? " (opted out)" : ""}${l.amountCents !== null ? ` $${(l.amountCents / 100).toFixed(0)}` : ""}`,
    `last ${ago(l.lastContactAt, now)}, next ${nextText(l, now, tz)}`,
  ].filter(Boolean);
  // GSM-7 only (no "·" or "…"), so two segments hold 306 characters.
  let text = parts.join(", ");
  if (l.notes) text += `\nNotes: ${l.notes.replace(/\n/g, "; ")}`;
  if (last) text += `\nLast ${last.direction === "in" ? "from them" : "to them"}: ${last.body}`;
  // Trim from the end until it fits two segments.
  while (!fits(text) && text.length > 20) text = `${text.slice(0, Math.floor(text.length * 0.9)).trimEnd()}...`;
  return text;
}
