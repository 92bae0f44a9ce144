// How a time reads in a text to a rep: short, in the store's time zone. Pure.
import { zonedParts } from "./zoned-time";

const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function clock(h: number, m: number): string {
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** "today", "tomorrow", "Tue" (within a week), else "Jun 3" (with the year if not this one). */
export function formatDayRelative(at: number, now: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  const n = zonedParts(now, timeZone);
  const dayIndex = (p: { year: number; month: number; day: number }) => Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
  const days = dayIndex(a) - dayIndex(n);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  if (days > 1 && days < 7) return DAY[a.weekday] ?? "";
  return `${MONTH[a.month - 1]} ${a.day}${a.year !== n.year ? ` ${a.year}` : ""}`;
}

/** "today 3:40 PM", "tomorrow 8:00 AM", "Tue 8:00 AM" (within a week), else "Jun 3 10:00 AM". */
export function formatWhen(at: number, now: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  return `${formatDayRelative(at, now, timeZone)} ${clock(a.hour, a.minute)}`;
}

/** "Jun 3" — a date without a time. */
export function formatDay(at: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  return `${MONTH[a.month - 1]} ${a.day}`;
}

/** "today 8am", "Tue 2:20pm": the shortest form, for lists. */
export function formatWhenCompact(at: number, now: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  const h12 = a.hour % 12 === 0 ? 12 : a.hour % 12;
  const minutes = a.minute ? `:${String(a.minute).padStart(2, "0")}` : "";
  return `${formatDayRelative(at, now, timeZone)} ${h12}${minutes}${a.hour < 12 ? "am" : "pm"}`;
}
