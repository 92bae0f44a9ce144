// Quiet hours: no automatic text between `start` and `end` on the store's wall clock
// (default 21:00–08:00). The window may wrap midnight (21:00–08:00) or not (13:00–14:00);
// start == end means no quiet hours. Pure.
//
// Every answer is read off the wall clock, so a DST change needs no special case beyond
// knowing when the clock *crosses* a reading: a reading that spring-forward skips (02:30)
// is crossed at the change itself (the clock jumps 02:00 → 03:00), and one that fall-back
// repeats (01:30) is crossed twice. This is why the module does not use zonedToInstant,
// which answers a single instant per reading.
import { zoneOffsetMs, zonedParts } from "../domain/zoned-time";

export interface QuietHours {
  /** "21:00": local time the window opens. */
  start: string;
  /** "08:00": local time it closes (exclusive). */
  end: string;
}

/** Twilio's ValidityPeriod limits (seconds); the upper one keeps even a day send short. */
export const MIN_VALIDITY_S = 60;
export const MAX_VALIDITY_S = 14_400;

const DAY_MS = 86_400_000;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The window in minutes past midnight; null when there are no quiet hours. */
function windowOf(q: QuietHours | null): { start: number; end: number } | null {
  if (!q) return null;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  return start === end ? null : { start, end };
}

export function isQuiet(at: number, q: QuietHours | null, timeZone: string): boolean {
  const w = windowOf(q);
  if (!w) return false;
  const p = zonedParts(at, timeZone);
  const now = p.hour * 60 + p.minute;
  return w.start < w.end ? now >= w.start && now < w.end : now >= w.start || now < w.end;
}

/**
 * The instants, ascending, at which the wall clock of local date `day` (1-based, may roll
 * over) crosses `minutes` past midnight: one normally, two in a fall-back hour, and the
 * instant of the change itself when spring-forward skips the reading.
 */
function crossings(year: number, month: number, day: number, minutes: number, timeZone: string): number[] {
  const naive = Date.UTC(year, month - 1, day, 0, minutes);
  // The offsets in force a day either side of the reading include both sides of any
  // change near it; a candidate is a real reading when the zone's offset there agrees.
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((d) => zoneOffsetMs(naive + d, timeZone)))];
  const read = offsets.map((o) => naive - o).filter((t) => zoneOffsetMs(t, timeZone) === naive - t);
  if (read.length > 0) return read.sort((a, b) => a - b);
  // Skipped: the change lies between the reading's instant under the new offset (lo) and
  // under the old one (hi). Offsets change on whole seconds, so bisect to the second.
  let lo = naive - Math.max(...offsets);
  let hi = naive - Math.min(...offsets);
  const after = zoneOffsetMs(hi, timeZone);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zoneOffsetMs(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/** The first instant at or after `at` at which the wall clock crosses `minutes` past midnight. */
function nextCrossing(at: number, minutes: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  // Today's, tomorrow's, or (when today's reading was skipped before `at`) the day after.
  for (let day = 0; day <= 2; day++) {
    for (const t of crossings(p.year, p.month, p.day + day, minutes, timeZone)) if (t >= at) return t;
  }
  return at; // unreachable: every day crosses every reading at least once
}

/** `at` itself outside quiet hours; inside them, the instant they end. */
export function quietEnd(at: number, q: QuietHours | null, timeZone: string): number {
  const w = windowOf(q);
  if (!w || !isQuiet(at, q, timeZone)) return at;
  return nextCrossing(at, w.end, timeZone);
}

/**
 * When quiet hours next begin, at or after `at` (inside them: the following night's
 * start); null without quiet hours.
 */
export function nextQuietStart(at: number, q: QuietHours | null, timeZone: string): number | null {
  const w = windowOf(q);
  return w ? nextCrossing(at, w.start, timeZone) : null;
}

/**
 * Seconds a send at `sendAt` may wait in Twilio's queue before quiet hours begin, for
 * Twilio's `ValidityPeriod`: a carrier backlog must not deliver it at night. Clamped to
 * Twilio's [60, 14400]. The 60 s floor means a send in the last minute before quiet
 * hours may still be delivered up to a minute into them.
 */
export function validityPeriodSeconds(sendAt: number, q: QuietHours | null, timeZone: string): number {
  const start = nextQuietStart(sendAt, q, timeZone);
  if (start === null) return MAX_VALIDITY_S;
  const seconds = Math.floor((start - sendAt) / 1000);
  return Math.min(MAX_VALIDITY_S, Math.max(MIN_VALIDITY_S, seconds));
}
