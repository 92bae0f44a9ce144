// A rep's "when" for `later` and `away until`: "2 weeks", "next month", "next quarter",
// "June 3", "6/3", "tuesday", "tomorrow". Resolves to 10:00 on that day in the store's
// time zone (a civil hour to remind a rep and resume texts). Pure.
import { zonedParts, zonedToInstant } from "./zoned-time";

export interface When {
  at: number;
  /** "Tue Jun 3": for the rep's confirmation. */
  label: string;
}

const HOUR = 10;
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12 };
const MAX_AHEAD_MS = 2 * 366 * 86_400_000;

interface Day {
  year: number;
  month: number;
  day: number;
}

const WEEKDAY_WORDS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const MONTH_WORDS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5,
  jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10, dec: 11, december: 11,
};

function dayName(word: string): number {
  return WEEKDAY_WORDS[word] ?? -1;
}

function monthIndex(word: string): number {
  return MONTH_WORDS[word] ?? -1;
}

function resolve(phrase: string, today: Day & { weekday: number }): Day | null {
  const p = phrase;
  const add = (days: number, months = 0): Day => ({ year: today.year, month: today.month + months, day: today.day + days });
  if (p === "tomorrow" || p === "tmrw" || p === "tmr") return add(1);
  if (p === "next week") return add(((8 - today.weekday) % 7) || 7);
  if (p === "next month") return { year: today.year, month: today.month + 1, day: 1 };
  if (p === "next quarter") return { year: today.year, month: Math.floor((today.month - 1) / 3) * 3 + 4, day: 1 };
  if (p === "next year") return { year: today.year + 1, month: 1, day: 1 };
  if (p === "end of month" || p === "end of the month") return { year: today.year, month: today.month + 1, day: 0 };
  if (p === "end of week" || p === "end of the week" || p === "weekend" || p === "this weekend") return add(((6 - today.weekday + 7) % 7) || 7);

  const rel = /^(?:in\s+)?(\d{1,3}|[a-z]+)\s+(day|week|month|year)s?$/.exec(p);
  if (rel) {
    const n = /^\d+$/.test(rel[1] ?? "") ? Number(rel[1]) : NUMBER_WORDS[rel[1] ?? ""];
    if (!n) return null;
    switch (rel[2]) {
      case "day":
        return add(n);
      case "week":
        return add(7 * n);
      case "month":
        return add(0, n);
      default:
        return { year: today.year + n, month: today.month, day: today.day };
    }
  }

  const weekday = /^(?:next\s+|on\s+|this\s+)?([a-z]+)$/.exec(p);
  if (weekday) {
    const d = dayName(weekday[1] ?? "");
    if (d >= 0) return add(((d - today.weekday + 7) % 7) || 7);
  }

  // "june 3", "jun 3rd", "3 june", "june 3 2027"
  const named = /^(?:on\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/.exec(p) ?? null;
  const namedRev = /^(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:,?\s+(\d{4}))?$/.exec(p);
  const numeric = /^(?:on\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(p);
  let month = -1;
  let day = 0;
  let year: number | null = null;
  if (named) [month, day, year] = [monthIndex(named[1] ?? ""), Number(named[2]), named[3] ? Number(named[3]) : null];
  else if (namedRev) [month, day, year] = [monthIndex(namedRev[2] ?? ""), Number(namedRev[1]), namedRev[3] ? Number(namedRev[3]) : null];
  else if (numeric) [month, day, year] = [Number(numeric[1]) - 1, Number(numeric[2]), numeric[3] ? Number(numeric[3].length === 2 ? `20${numeric[3]}` : numeric[3]) : null];
  if (month < 0 || month > 11 || day < 1 || day > 31) return null;
  const probe = new Date(Date.UTC(2000, month, day));
  if (probe.getUTCMonth() !== month && !(month === 1 && day === 29)) return null;
  if (year !== null) return { year, month: month + 1, day };
  const thisYear = { year: today.year, month: month + 1, day };
  const isPast = month + 1 < today.month || (month + 1 === today.month && day <= today.day);
  return isPast ? { ...thisYear, year: today.year + 1 } : thisYear;
}

export function parseWhen(phrase: string, now: number, timeZone: string): When | null {
  const p = phrase
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[.!?,;:]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!p || p.length > 40) return null;
  const today = zonedParts(now, timeZone);
  const day = resolve(p, today);
  if (!day) return null;
  const at = zonedToInstant({ ...day, hour: HOUR, minute: 0 }, timeZone);
  if (!(at > now) || at - now > MAX_AHEAD_MS) return null;
  const local = zonedParts(at, timeZone);
  const year = local.year !== today.year ? ` ${local.year}` : "";
  return { at, label: `${DAY_NAMES[local.weekday]} ${MONTH_NAMES[local.month - 1]} ${local.day}${year}` };
}
