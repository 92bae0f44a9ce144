// Dates and money for the owner page, in the store's time zone (not the browser's). Pure:
// the clock is passed in.
const DAY_MS = 86_400_000;

/** One formatter per locale, zone and fields: building one costs more than using it, and a long list formats thousands of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** `YYYY-MM-DD` of an instant in `timeZone`. */
export function dayKey(ms: number, timeZone: string): string {
  return formatter("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
}

/** The calendar day of `YYYY-MM-DD` as a count of days: two keys' difference is the days between them. */
const dayNumber = (key: string): number => Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))) / DAY_MS;

/**
 * "today 4:05 PM", "tomorrow 9:00 AM", "yesterday 8:10 PM", else "Tue, Dec 1, 9:00 AM" (year
 * added when not this year). Today, tomorrow and yesterday are calendar days in the store's
 * zone, as the rep's texts count them (domain/format-time.ts): not the day 24 hours away,
 * which a clock change makes the wrong one (23:30 before the clocks go forward is 00:30 two
 * days on, 24 hours later).
 */
export function formatWhen(iso: string, timeZone: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  const time = formatter("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at);
  const day = dayKey(at, timeZone);
  const today = dayKey(now, timeZone);
  const word = ({ 0: "today", 1: "tomorrow", [-1]: "yesterday" } as Record<number, string>)[dayNumber(day) - dayNumber(today)];
  if (word) return `${word} ${time}`;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const date = formatter("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) }).format(at);
  return `${date}, ${time}`;
}

/** A sentence ending in these words: "Sam Rivera" → "Sam Rivera.", but "Kim L." stays (no "Kim L.."). */
export const fullStop = (words: string): string => (/[.!?]$/.test(words) ? words : `${words}.`);

/** "$1,200" (whole dollars) or "$12.50". */
export function formatMoney(cents: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);
}

/** The countries whose numbers are +1 (North America's numbering plan), as libphonenumber lists them (format.test.ts checks). */
export const NANP = "AG AI AS BB BM BS CA DM DO GD GU JM KN KY LC MP MS PR SX TC TT US VC VG VI";
const northAmerican = (country: string): boolean => NANP.split(" ").includes(country);

/**
 * A stored E.164 number as the owner reads it, in a store whose country of phone numbers is
 * `storeCountry`; what the page puts in an input reads back to the same number when sent.
 * A +1 number in a North American store: "(212) 555-0100"; in any other store its
 * international form, "+1 212 555 0100" (without its +1 it would be read as a local number
 * there). Other numbers as stored ("+447700900123").
 */
export function formatPhone(e164: string, storeCountry: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (!m) return e164;
  return northAmerican(storeCountry) ? `(${m[1]}) ${m[2]}-${m[3]}` : `+1 ${m[1]} ${m[2]} ${m[3]}`;
}

/**
 * Whether a number as someone typed it ("212-555-0111", "(212) 555-0111", "+1 212 555
 * 0111") is this E.164 number as the store reads it: with its +, the same digits; without,
 * its last ten or more digits — but a number typed without its + is read in the store's
 * country, so it is never a +1 number outside North America, nor another country's number in it.
 */
export function samePhone(typed: string, e164: string, storeCountry: string): boolean {
  const digits = typed.replace(/\D/g, "");
  const full = e164.replace(/\D/g, "");
  if (typed.trim().startsWith("+")) return digits === full;
  return digits.length >= 10 && e164.startsWith("+1") === northAmerican(storeCountry) && full.endsWith(digits);
}
