// The lead page's "Pause until <day>": the day the owner picked becomes the store's opening
// time on that day in the store's time zone (the digest's `openingTime`: when its quiet hours
// end, 09:00 without quiet hours) — not an hour of the browser's zone or of UTC. Pure, so it
// is tested in a table.
import { addLocalDays, zonedParts, zonedToInstant } from "../domain/zoned-time";
import { openingTime } from "../series/digest";
import { dayKey } from "./format";

/** The instant (ISO) the pause ends for a `YYYY-MM-DD` day, or null for anything else. */
export function pauseUntil(day: string, timeZone: string, quietHours: { start: string; end: string } | null): string | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const opening = /^(\d{2}):(\d{2})$/.exec(openingTime(quietHours));
  if (!date || !opening) return null;
  const [year, month, dayOfMonth] = [Number(date[1]), Number(date[2]), Number(date[3])];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
  const at = zonedToInstant({ year, month, day: dayOfMonth, hour: Number(opening[1]), minute: Number(opening[2]) }, timeZone);
  // A day the calendar does not have (Feb 30) would roll over: refuse it instead.
  if (zonedParts(at, timeZone).day !== dayOfMonth) return null;
  return new Date(at).toISOString();
}

/** How far ahead a pause may end: the server's MAX_AHEAD_DAYS (src/domain/when.ts), as for a rep's `later`. */
export const PAUSE_MAX_DAYS = 2 * 366;

/** The day the picker starts on: a week from today, today being the store's. */
export function defaultPauseDay(now: number, timeZone: string): string {
  return dayKey(addLocalDays(now, 7, timeZone), timeZone);
}

/**
 * The days the picker offers, as the server accepts them (a pause that ends after now and
 * at most PAUSE_MAX_DAYS ahead): from today if the store has not opened yet, else tomorrow,
 * to the last day whose opening is within the limit.
 */
export function pauseDayRange(now: number, timeZone: string, quietHours: { start: string; end: string } | null): { min: string; max: string } {
  // When the store opens on the day of `ms`.
  const opens = (ms: number) => Date.parse(pauseUntil(dayKey(ms, timeZone), timeZone, quietHours) ?? "");
  const limit = now + PAUSE_MAX_DAYS * 86_400_000;
  return {
    min: dayKey(opens(now) > now ? now : addLocalDays(now, 1, timeZone), timeZone),
    max: dayKey(opens(limit) <= limit ? limit : addLocalDays(limit, -1, timeZone), timeZone),
  };
}
