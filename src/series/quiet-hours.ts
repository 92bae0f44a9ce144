// Quiet hours: no automatic text between `start` and `end` in the store's time zone
// (default 21:00–08:00). The window may wrap midnight. Pure.
import { zonedParts, zonedToInstant } from "../domain/zoned-time";

export interface QuietHours {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Twilio's ValidityPeriod limits (seconds); the upper one keeps even a day send short. */
export const MIN_VALIDITY_S = 60;
export const MAX_VALIDITY_S = 14_400;

export function isQuiet(at: number, q: QuietHours | null, timeZone: string): boolean {
  if (!q || q.start === q.end) return false;
  const p = zonedParts(at, timeZone);
  const now = p.hour * 60 + p.minute;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant at or after `at` whose local wall clock reads `hhmm`. */
function nextLocal(at: number, hhmm: string, timeZone: string): number {
  const minutes = minutesOf(hhmm);
  const p = zonedParts(at, timeZone);
  for (let day = 0; day <= 2; day++) {
    const t = zonedToInstant({ year: p.year, month: p.month, day: p.day + day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (t >= at) return t;
  }
  return at;
}

/** `at` itself outside quiet hours; inside them, the instant they end. */
export function quietEnd(at: number, q: QuietHours | null, timeZone: string): number {
  if (!isQuiet(at, q, timeZone) || !q) return at;
  return nextLocal(at, q.end, timeZone);
}

export function nextQuietStart(at: number, q: QuietHours | null, timeZone: string): number | null {
  if (!q || q.start === q.end) return null;
  return nextLocal(at, q.start, timeZone);
}

/** Seconds a send at `sendAt` may wait in Twilio's queue before quiet hours begin. */
export function validityPeriodSeconds(sendAt: number, q: QuietHours | null, timeZone: string): number {
  const start = nextQuietStart(sendAt, q, timeZone);
  if (start === null) return MAX_VALIDITY_S;
  const seconds = Math.floor((start - sendAt) / 1000);
  return Math.min(MAX_VALIDITY_S, Math.max(MIN_VALIDITY_S, seconds));
}
