// How a time reads in a text to a rep: short, in the store's time zone. Pure.
import { zonedParts } from "./zoned-time";

const DAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "3:40pm", "8am": the way a rep writes a time (and `later` reads one), the minutes only when there are some. */
function clock(h: number, m: number): string {
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, "0")}` : ""}${h < 12 ? "am" : "pm"}`;
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

/** "today 3:40pm", "tomorrow 8am", "Tue 8am" (within a week), else "Jun 3 10am": every answer to a rep writes a time so. */
export function formatWhen(at: number, now: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  return `${formatDayRelative(at, now, timeZone)} ${clock(a.hour, a.minute)}`;
}

/** "Jun 3" — a date without a time. */
export function formatDay(at: number, timeZone: string): string {
  const a = zonedParts(at, timeZone);
  return `${MONTH[a.month - 1]} ${a.day}`;
}
