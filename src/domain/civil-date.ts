// Calendar days without a time zone ("2026-11-23"), for date arithmetic a rep means:
// "a month" from Jan 31 is Feb 28/29 (clamped), not Mar 3. Pure; Date.UTC only as a
// proleptic calendar, never as "now".

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

const DAY_MS = 86_400_000;

function fromUtc(ms: number): CivilDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const utc = (d: CivilDate) => Date.UTC(d.year, d.month - 1, d.day);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day `n` days after `d` (negative: before). */
export function addDays(d: CivilDate, n: number): CivilDate {
  return fromUtc(utc(d) + n * DAY_MS);
}

/** `n` calendar months after `d`, the day clamped to the month's length (Jan 31 + 1 → Feb 28/29). */
export function addMonths(d: CivilDate, n: number): CivilDate {
  const index = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** A (year, month) that may run past December or before January, as a real month's first day. */
export function firstOfMonth(year: number, month: number): CivilDate {
  return addMonths({ year, month: 1, day: 1 }, month - 1);
}

export function lastOfMonth(year: number, month: number): CivilDate {
  const first = firstOfMonth(year, month);
  return { ...first, day: daysInMonth(first.year, first.month) };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(d: CivilDate): number {
  return new Date(utc(d)).getUTCDay();
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The `nth` (1-based; -1 = last) `weekday` of a month: Thanksgiving is the 4th Thursday of November. */
export function nthWeekday(year: number, month: number, weekday: number, nth: number): CivilDate {
  if (nth < 0) {
    const last = lastOfMonth(year, month);
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = { year, month, day: 1 };
  return addDays(first, ((weekday - weekdayOf(first) + 7) % 7) + 7 * (nth - 1));
}
