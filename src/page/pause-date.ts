// The lead page's "Pause until <day>": the day the owner picked becomes the store's opening
// time on that day in the store's time zone (when its quiet hours end; 10:00 without quiet
// hours) — not an hour of the browser's zone or of UTC. Pure, so it is tested in a table.
import { addLocalDays, zonedParts, zonedToInstant } from "../domain/zoned-time";

/** When a store without quiet hours is taken to open. */
export const OPENING_WITHOUT_QUIET_HOURS = "10:00";

/** The instant (ISO) the pause ends for a `YYYY-MM-DD` day, or null for anything else. */
export function pauseUntil(day: string, timeZone: string, quietHours: { start: string; end: string } | null): string | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const opening = /^(\d{2}):(\d{2})$/.exec(quietHours?.end ?? OPENING_WITHOUT_QUIET_HOURS);
  if (!date || !opening) return null;
  const [year, month, dayOfMonth] = [Number(date[1]), Number(date[2]), Number(date[3])];
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
  const at = zonedToInstant({ year, month, day: dayOfMonth, hour: Number(opening[1]), minute: Number(opening[2]) }, timeZone);
  // A day the calendar does not have (Feb 30) would roll over: refuse it instead.
  if (zonedParts(at, timeZone).day !== dayOfMonth) return null;
  return new Date(at).toISOString();
}

/** The day the picker starts on: a week from today, today being the store's. */
export function defaultPauseDay(now: number, timeZone: string): string {
  const p = zonedParts(addLocalDays(now, 7, timeZone), timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
