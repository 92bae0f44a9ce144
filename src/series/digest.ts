// The rep's daily digest (`digest on`): at the store's opening hour, what is waiting for
// them today. Pure: times, the rep's leads and their last messages in; text out.
import type { Lead } from "../db/schema";
import { firstName } from "../domain/lead-tag";
import { zonedParts, zonedToInstant } from "../domain/zoned-time";
import type { QuietHours } from "./quiet-hours";

/** The store opens when quiet hours end; with quiet hours off, at 09:00. */
export function openingTime(quiet: QuietHours | null): string {
  return quiet?.end ?? "09:00";
}

/** "2026-11-23": the store's local date, which keys one digest a day. */
export function localDay(at: number, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

function openingOn(at: number, dayOffset: number, quiet: QuietHours | null, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  const [h, m] = openingTime(quiet).split(":").map(Number);
  return zonedToInstant({ year: p.year, month: p.month, day: p.day + dayOffset, hour: h ?? 9, minute: m ?? 0 }, timeZone);
}

/** Today's opening if it has not come yet, else tomorrow's. */
export function nextOpening(now: number, quiet: QuietHours | null, timeZone: string): number {
  const today = openingOn(now, 0, quiet, timeZone);
  return today > now ? today : openingOn(now, 1, quiet, timeZone);
}

/**
 * Is it time for today's digest (opened, and not sent today)? A digest sent on a later day
 * than today counts too: the store's zone moved west since (Tokyo's Tuesday is New York's
 * Monday), and one a day is what the rep asked for. ("2026-11-24" orders as its day.)
 */
export function digestDue(now: number, sentOn: string | null, quiet: QuietHours | null, timeZone: string): boolean {
  return (sentOn === null || sentOn < localDay(now, timeZone)) && now >= openingOn(now, 0, quiet, timeZone);
}

/**
 * The day a rep's digest counts as sent once they turn it on: today when the store has
 * already opened today (its digest would otherwise go at whatever time the Scheduler next
 * runs), so the first comes at the next opening; none before today's opening, so the first
 * is today's, as the answer says (a day counted as sent when the store opened earlier — the
 * owner has since moved the opening later — would keep it back); else as it was.
 */
export function digestSentOnWhenTurnedOn(now: number, sentOn: string | null, quiet: QuietHours | null, timeZone: string): string | null {
  if (digestDue(now, sentOn, quiet, timeZone)) return localDay(now, timeZone);
  return now < openingOn(now, 0, quiet, timeZone) ? null : sentOn;
}

/**
 * When the Scheduler must next run for the digests of these reps (those with `digest on`):
 * now if one is due, else the next opening; null when no rep wants one. A change of quiet
 * hours or time zone moves the opening, so the settings save wakes the Scheduler by this.
 */
export function nextDigestAt(now: number, wanting: readonly { digestSentOn: string | null }[], quiet: QuietHours | null, timeZone: string): number | null {
  if (wanting.length === 0) return null;
  return wanting.some((rep) => digestDue(now, rep.digestSentOn, quiet, timeZone)) ? now : nextOpening(now, quiet, timeZone);
}

export interface DigestInput {
  /** The rep's leads whose last message is the customer's, unanswered. */
  waiting: Pick<Lead, "id" | "name">[];
  /** Series texts due before the end of today. */
  goingOut: number;
  /** `later` reminders due today. */
  reminders: Pick<Lead, "id" | "name">[];
}

const names = (leads: Pick<Lead, "id" | "name">[]) =>
  leads
    .slice(0, 4)
    .map((l) => `${firstName(l.name)} #${l.id}`)
    .join(", ") + (leads.length > 4 ? ` +${leads.length - 4} more` : "");

/** The greeting for the store's local hour: the store may open after noon (quiet hours to 13:00). */
export function greeting(localHour: number): string {
  if (localHour < 12) return "Good morning!";
  return localHour < 17 ? "Good afternoon!" : "Good evening!";
}

/** The digest's words; `localHour` is the store's hour as it goes (its opening, or later after a delay). */
export function digestText(d: DigestInput, localHour: number): string {
  const parts = [`${greeting(localHour)} Today:`];
  parts.push(d.waiting.length ? `${d.waiting.length} repl${d.waiting.length === 1 ? "y" : "ies"} waiting (${names(d.waiting)}).` : "no replies waiting.");
  parts.push(`${d.goingOut} follow-up${d.goingOut === 1 ? "" : "s"} going out.`);
  parts.push(d.reminders.length ? `Reminders: ${names(d.reminders)}.` : "No reminders.");
  parts.push('Text "digest off" to stop.');
  return parts.join(" ");
}
