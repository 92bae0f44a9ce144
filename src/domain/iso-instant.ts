// An ISO-8601 date and time with its offset ("2030-01-31T14:00:00Z", "…+05:30"), read as an
// instant — or refused when the reading does not exist. Date.parse rolls an impossible day
// over (February 30 is March 2), so a pause "until February 30" would quietly become
// another day; here it is no date at all. Pure; Date.UTC only as a proleptic calendar.
import { isValidDate } from "./civil-date";

/** The forms valibot's isoTimestamp takes: `T` or a space, seconds, up to 9 fraction digits, `Z` or an offset. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)| ?([+-])(\d{2})(?::?(\d{2}))?)$/;

export type IsoInstant =
  | { ok: true; ms: number }
  /** `shape`: not written as a date and time; `no-such-time`: the fields are out of range (hour 25, month 13, February 30). */
  | { ok: false; why: "shape" | "no-such-time" };

export function parseIsoInstant(text: string): IsoInstant {
  const m = ISO.exec(text);
  if (!m) return { ok: false, why: "shape" };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  const exists = isValidDate(year, month, day) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  if (!exists) return { ok: false, why: "no-such-time" };
  const millis = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not.
  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis)).setUTCFullYear(year);
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ok: true, ms: local - offset };
}
