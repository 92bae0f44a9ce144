// How a time reads in a text to a rep: short, in the store's time zone. Pure.
import { zonedParts } from "./zoned-time";

const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function clock(h: number, m: number): string {
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** "today 3:40 PM", "tomorrow 8:00 AM", "Tue 8:00 AM" (within a week), else "Jun 3 10:00 AM". */
export function formatWhen(at: number, now: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  const n = zonedParts(now, timeZone);
  const dayIndex = (p: { year: number; month: number; day: number }) => Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
  const days = dayIndex(a) - dayIndex(n);
  const time = clock(a.hour, a.minute);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  if (days > 1 && days < 7) return `${DAY[a.weekday]} ${time}`;
  const year = a.year !== n.year ? ` ${a.year}` : "";
  return `${MONTH[a.month - 1]} ${a.day}${year} ${time}`;
}

/** "Jun 3" — a date without a time. */
export function formatDay(at: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  return `${MONTH[a.month - 1]} ${a.day}`;
}
