// A "when" in plain words — the rep's `later Jane 2 weeks` and `away until friday`, and
// the date inside a customer's "call me after the 15th" — read as a day (and a time) in
// the store's time zone: `(phrase, now, timeZone) → day and time | not understood`. Pure.
//
// Hand-written on purpose. chrono-node (a dev dependency, used as a test oracle) reads
// far more, but half-reads some phrases a rep uses and returns a wrong day with no sign
// of doubt ("mid june" → June 1, "a week from friday" → in a week, "day after tomorrow"
// → tomorrow), misses others (the 15th, holidays, 2 wks) and would add ~100 KiB to the
// Worker bundle (47 KiB minified); this reader adds ~10 KiB. Here a phrase is read whole or not at all: a wrong date is worse than a question.
//
// The definitions (README "Dates later understands" and docs/ list them for reps):
// - The day's time is 10:00 unless the phrase names one (morning 10:00, noon,
//   afternoon 14:00, evening/tonight 18:00, 3pm, 15:30).
// - `friday` (`this friday`, `fri`) is the coming Friday, never today; `next friday` is
//   the Friday of next week (weeks start on Monday), so on Mon–Thu it is 7 days after
//   `friday`, and on Fri–Sun the two are the same day.
// - A calendar day (`june 3`, `6/3`, `the 15th`) may be today while its time is still
//   ahead. A month-day that is already past goes to next year, unless it passed within
//   the last 30 days: that is answered with a question, not read as a year from now.
//   `the 15th` is the next 15th (next month's once today's time has passed).
// - `a month` from Jan 31 is Feb 28/29; `feb 29` is the next Feb 29 (or a question).
// - `end of month` is the month's last day; said on that day, next month's last day
//   (likewise `end of week` → Friday, `end of year`).
// - `a couple` is 2, `a few` is 3, `a fortnight` 2 weeks; `early`/`mid`/`late` a month
//   are its 1st/15th/25th; `after X` is the day after X (after a month: its end).
// - Nothing more than 2 years ahead. Numeric dates (`6/3`) are read the way the store's
//   country writes them (`dateOrderOf`): month/day in the US, day/month in the UK or
//   Australia; in Canada, where both are written, `6/3` is asked about (`13/6` is read).
import { addDays, addMonths, type CivilDate, daysBetween, daysInMonth, firstOfMonth, isLeapYear, isValidDate, lastOfMonth, weekdayOf } from "./civil-date";
import { keptOnUsDate, US_HOLIDAYS } from "./us-holidays";
import { type ZonedParts, zonedParts, zonedToInstant } from "./zoned-time";

export type WhenResult =
  | { ok: true; at: number; label: string; date: CivilDate; hour: number; minute: number }
  /** `reason` says what was wrong with a phrase that looked like a date; null when nothing did. */
  | { ok: false; reason: string | null };

export const DEFAULT_HOUR = 10;
/** The furthest ahead a pause may end: a rep's `later`, the owner's "pause until". */
export const MAX_AHEAD_DAYS = 2 * 366;
const PAST_GRACE_DAYS = 30;
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const COUNTS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  "a couple of": 2, "a couple": 2, "couple of": 2, couple: 2, "a few": 3, few: 3,
};
const UNITS: Record<string, "day" | "week" | "month" | "year"> = {
  d: "day", day: "day", days: "day", dy: "day", dys: "day",
  w: "week", wk: "week", wks: "week", week: "week", weeks: "week",
  mo: "month", mos: "month", mth: "month", mths: "month", mnth: "month", mnths: "month", month: "month", months: "month",
  y: "year", yr: "year", yrs: "year", year: "year", years: "year",
};
const ORDINAL_WORDS: Record<string, number> = (() => {
  const units = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
  const teens = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"];
  const out: Record<string, number> = {};
  units.forEach((w, i) => (out[w] = i + 1));
  teens.forEach((w, i) => (out[w] = i + 10));
  out.twentieth = 20;
  units.forEach((w, i) => (out[`twenty ${w}`] = 21 + i));
  out.thirtieth = 30;
  out["thirty first"] = 31;
  return out;
})();

const alt = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).join("|");
const WD = alt(Object.keys(WEEKDAYS));
const MO = alt(Object.keys(MONTHS));
/** "2wks", "2 wks", "a couple weeks" (a word count needs its space and a unit of 2+ letters: "and" is not "an d"). */
const COUNT_UNIT = `(?:(\\d{1,3}) ?(${alt(Object.keys(UNITS))})|(${alt([...Object.keys(COUNTS), "fifteen", "twenty", "thirty"])}) (${alt(Object.keys(UNITS).filter((u) => u.length > 1))}))`;
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${alt(Object.keys(ORDINAL_WORDS))})`;
const YEAR = `(?:\\s+(\\d{4}))?`;

interface Span {
  start: CivilDate;
  end: CivilDate;
}
type Fail = { fail: string };
type Got = Span | Fail | null;

/** How the store's country writes a numeric date: `md` 6/3 = Jun 3, `dm` 6/3 = Mar 6, `either` (asked when both read). */
export type DateOrder = "md" | "dm" | "either";

/** Countries (ISO) that write month first, as the US does; Canada writes both ways. */
const MONTH_FIRST = new Set(["US", "AS", "GU", "MP", "PR", "VI", "UM", "PH", "FM", "MH", "PW"]);

export function dateOrderOf(country: string): DateOrder {
  return MONTH_FIRST.has(country) ? "md" : country === "CA" ? "either" : "dm";
}

interface Ctx {
  today: CivilDate;
  order: DateOrder;
  /** 0 = Sunday. */
  weekday: number;
  /** True once today's wanted time (10:00 or the phrase's) has passed. */
  todayPassed: boolean;
  /** The store's country (ISO): a holiday it keeps on another day than the US is asked about (us-holidays `keptOnUsDate`). */
  country: string;
}

const fail = (why: string): Fail => ({ fail: why });
const isFail = (g: Got): g is Fail => g !== null && "fail" in g;
const day = (d: CivilDate): Span => ({ start: d, end: d });
const cmp = (a: CivilDate, b: CivilDate) => daysBetween(b, a);
const short = (d: CivilDate) => `${MONTH_NAMES[d.month - 1]} ${d.day}`;
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

function count(word: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  return COUNTS[word] ?? { fifteen: 15, twenty: 20, thirty: 30 }[word] ?? 0;
}

function dayNumber(word: string): number {
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  return digits ? Number(digits[1]) : (ORDINAL_WORDS[word] ?? 0);
}

/** Monday of the week after this one (weeks start on Monday; on Sunday, tomorrow). */
function nextMonday(c: Ctx): CivilDate {
  return addDays(c.today, (8 - c.weekday) % 7 || 7);
}

/** A yearly day or span: this year's if not over, else next year's — unless it ended within the last 30 days. */
function yearly(c: Ctx, name: string, make: (year: number) => Span | Fail, again = (year: number) => `For next year's: e.g. ${name.toLowerCase()} ${year}`): Span | Fail {
  let passed: Span | null = null;
  for (const year of [c.today.year - 1, c.today.year, c.today.year + 1]) {
    const s = make(year);
    if (isFail(s)) return s;
    if (cmp(s.end, c.today) >= 0) {
      return passed && daysBetween(passed.end, c.today) <= PAST_GRACE_DAYS ? fail(`${name} has passed. ${again(s.start.year)}`) : s;
    }
    passed = s;
  }
  return fail(`${name} has passed.`);
}

/** The next `d`th of a month: this month's while still ahead, else next month's. */
function dayOfMonth(c: Ctx, d: number, monthsAhead?: number): Got {
  if (d < 1 || d > 31) return null;
  let first = firstOfMonth(c.today.year, c.today.month + (monthsAhead ?? 0));
  if (monthsAhead === undefined && (d < c.today.day || (d === c.today.day && c.todayPassed))) first = firstOfMonth(first.year, first.month + 1);
  if (!isValidDate(first.year, first.month, d)) {
    // The next month that has it is the likelier meaning (the 31st asked on Jan 31: Mar 31, not Feb's end).
    const next = firstOfMonth(first.year, first.month + 1);
    return fail(`${MONTH_NAMES[first.month - 1]} has no ${ordinal(d)}. e.g. ${MONTH_NAMES[next.month - 1]!.toLowerCase()} ${d}, or end of month`);
  }
  return day({ ...first, day: d });
}

/** `june 3`, `3 june`, `6/3`, with or without a year. */
function monthDay(c: Ctx, month: number, d: number, year: number | null): Got {
  if (month < 1 || month > 12 || d < 1 || d > 31) return null;
  const name = `${MONTH_NAMES[month - 1]} ${d}`;
  if (d > daysInMonth(2000, month)) return fail(`${MONTH_NAMES[month - 1]} has only ${daysInMonth(2000, month)} days.`);
  if (year !== null) {
    if (!isValidDate(year, month, d)) return fail(`${year} has no ${name}.`);
    return day({ year, month, day: d });
  }
  if (month === 2 && d === 29) {
    for (let y = c.today.year; y <= c.today.year + 8; y++) {
      const leap = { year: y, month: 2, day: 29 };
      if (isLeapYear(y) && cmp(leap, c.today) >= 0) {
        return daysBetween(c.today, leap) > MAX_AHEAD_DAYS ? fail(`The next Feb 29 is in ${y}. e.g. feb 28 or mar 1`) : day(leap);
      }
    }
  }
  return yearly(c, name, (y) => day({ year: y, month, day: d }));
}

/** `june`, `mid june`, `end of june 2027`: a part of a named month. */
function partOfMonth(c: Ctx, part: string, month: number, year: number | null): Got {
  const name = MONTH_NAMES[month - 1] ?? "";
  const make = (y: number): Span => {
    const first = { year: y, month, day: 1 };
    const last = lastOfMonth(y, month);
    if (part === "mid") return day({ ...first, day: 15 });
    if (part === "late") return day({ ...first, day: 25 });
    if (part === "end") return day(last);
    if (part === "early") return day(first);
    return { start: first, end: last };
  };
  const span = year !== null ? make(year) : yearly(c, name, make);
  if (isFail(span)) return span;
  if (part === "" && cmp(span.start, c.today) < 0 && cmp(span.end, c.today) >= 0) {
    return fail(`It's ${name} already. e.g. mid ${name.toLowerCase()}, ${name.toLowerCase()} 20 or next month`);
  }
  return span;
}

const PART: Record<string, string> = {
  "": "", early: "early", "beginning of": "early", "start of": "early", "the beginning of": "early", "the start of": "early", "first of": "early",
  mid: "mid", "middle of": "mid", "the middle of": "mid", late: "late", "end of": "end", "the end of": "end",
};
const PARTS = alt(Object.keys(PART).filter(Boolean));

function relative(m: RegExpExecArray, from: CivilDate): Got {
  const n = count(m[1] ?? m[3] ?? "");
  const unit = UNITS[m[2] ?? m[4] ?? ""];
  if (n < 1 || !unit) return null;
  if (unit === "day") return day(addDays(from, n));
  if (unit === "week") return day(addDays(from, 7 * n));
  return day(addMonths(from, unit === "month" ? n : 12 * n));
}

const PARTS_OF_DAY = "morning|afternoon|evening|night|noon|midday";
/** Compiled once: the customer-text finder reads hundreds of phrases per text. */
const RE = {
  count: new RegExp(`^(?:in )?${COUNT_UNIT}(?: (?:from now|from today|later|out|time))?$`),
  countFrom: new RegExp(`^${COUNT_UNIT} (?:from|after) (.+)$`),
  weekday: new RegExp(`^(?:this |coming |this coming )?(${WD})$`),
  nextWeekday: new RegExp(`^next (${WD})$`),
  weekdayAfterNext: new RegExp(`^(?:the )?(${WD}) after next$`),
  nextMonth: new RegExp(`^(?:(${PARTS}) )?next month$`),
  dayOfMonth: new RegExp(`^(?:the )?(${DAY})(?: of (the|this|next) month)?$`),
  monthDay: new RegExp(`^(${MO}) (?:the )?(${DAY})${YEAR}$`),
  dayMonth: new RegExp(`^(?:the )?(${DAY}) (?:of )?(${MO})${YEAR}$`),
  month: new RegExp(`^(?:(${PARTS}) )?(${MO})${YEAR}$`),
  countOnly: new RegExp(`^(?:in )?${COUNT_UNIT}$`),
  partOfDay: new RegExp(`^(?:(.*) )?(this|in the|at) (${PARTS_OF_DAY})$`),
  barePartOfDay: new RegExp(`^(?:(.*) )?()(${PARTS_OF_DAY})$`),
};

/** The days a phrase names (without a time of day); null when it is not a date phrase. */
function spanOf(p: string, c: Ctx): Got {
  const t = c.today;
  let m: RegExpExecArray | null;
  if (p === "today") return day(t);
  if (/^(tomorrow|tmrw|tmr|tmw|tomorow|tommorow|tommorrow)$/.test(p)) return day(addDays(t, 1));
  if (/^(the )?day after (tomorrow|tmrw|tmr)$/.test(p)) return day(addDays(t, 2));

  // Counts: "2 weeks", "in a few days", "two weeks from now", "3 mos", "a week from friday".
  if ((m = RE.count.exec(p))) return relative(m, t);
  if ((m = /^(?:in )?(?:a |one )?fortnight(?: from (?:now|today))?$/.exec(p))) return day(addDays(t, 14));
  if ((m = RE.countFrom.exec(p))) {
    const from = spanOf(m[5]!, { ...c, todayPassed: false });
    if (!from || isFail(from)) return from;
    return relative(m, from.start);
  }

  // Weeks: "friday", "next friday", "next week", "end of week", "next weekend".
  if ((m = RE.weekday.exec(p))) return day(addDays(t, (WEEKDAYS[m[1]!]! - c.weekday + 7) % 7 || 7));
  if ((m = RE.nextWeekday.exec(p))) return day(addDays(nextMonday(c), (WEEKDAYS[m[1]!]! + 6) % 7));
  if ((m = RE.weekdayAfterNext.exec(p))) return day(addDays(nextMonday(c), ((WEEKDAYS[m[1]!]! + 6) % 7) + 7));
  if (/^(?:early |the beginning of |beginning of |start of )?next week$/.test(p)) {
    const mon = nextMonday(c);
    return { start: mon, end: addDays(mon, 6) };
  }
  if (/^(?:mid|the middle of|middle of) next week$/.test(p)) return day(addDays(nextMonday(c), 2));
  if (/^(?:late|the end of|end of) next week$/.test(p)) return day(addDays(nextMonday(c), 4));
  if (/^(?:the )?week after next$/.test(p)) return day(addDays(nextMonday(c), 7));
  if (/^(?:the )?end of (?:the |this )?week$|^eow$/.test(p)) {
    const friday = addDays(nextMonday(c), -3);
    return day(cmp(friday, t) > 0 ? friday : addDays(friday, 7));
  }
  if (/^(?:this |the )?weekend$/.test(p)) {
    if (c.weekday === 0) return fail(`It's the weekend today. e.g. next weekend or monday`);
    const sat = addDays(nextMonday(c), -2);
    return { start: c.weekday === 6 ? addDays(t, 1) : sat, end: addDays(sat, 1) };
  }
  // On a Saturday or Sunday "the weekend" is today's, and the day after it Monday.
  if (/^after (?:the |this )?weekend$/.test(p)) return day(nextMonday(c));
  if (p === "next weekend") {
    const sat = addDays(nextMonday(c), 5);
    return { start: sat, end: addDays(sat, 1) };
  }

  // Months: "next month", "early next month", "end of month", "the 15th", "first of the month".
  if ((m = RE.nextMonth.exec(p))) {
    const part = PART[m[1] ?? ""];
    const first = firstOfMonth(t.year, t.month + 1);
    const last = lastOfMonth(first.year, first.month);
    if (part === "mid") return day({ ...first, day: 15 });
    if (part === "late") return day({ ...first, day: 25 });
    if (part === "end") return day(last);
    return { start: first, end: last };
  }
  if (/^(?:the )?end of (?:the |this )?month$|^month end$|^eom$/.test(p)) {
    const last = lastOfMonth(t.year, t.month);
    return day(cmp(last, t) > 0 ? last : lastOfMonth(t.year, t.month + 1));
  }
  if (/^(?:the )?(?:mid|middle of) (?:the |this )?month$|^mid ?month$/.test(p)) return dayOfMonth(c, 15);
  if (/^(?:the )?(?:first|1st|beginning|start) of (?:the |next )?month$/.test(p)) return dayOfMonth(c, 1);
  if ((m = RE.dayOfMonth.exec(p))) {
    if (!m[2] && !p.startsWith("the ") && !/\d(?:st|nd|rd|th)$/.test(m[1]!)) return null; // "second" or "15" alone is not a date
    const which = m[2] === "this" ? 0 : m[2] === "next" ? 1 : undefined;
    return dayOfMonth(c, dayNumber(m[1]!), which);
  }

  // Calendar days: "june 3", "3rd of june", "june the 3rd", "6/3", "6/3/27".
  if ((m = RE.monthDay.exec(p))) return monthDay(c, MONTHS[m[1]!]!, dayNumber(m[2]!), m[3] ? Number(m[3]) : null);
  if ((m = RE.dayMonth.exec(p))) return monthDay(c, MONTHS[m[2]!]!, dayNumber(m[1]!), m[3] ? Number(m[3]) : null);
  if ((m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(p))) {
    const year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : null;
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (c.order === "either") {
      // Both readings are dates (and differ): which one is a guess, so it is asked.
      if (a <= 12 && b <= 12 && a !== b) return fail(`Is ${a}/${b} ${MONTH_NAMES[a - 1]} ${b} or ${MONTH_NAMES[b - 1]} ${a}? Write the month, e.g. ${MONTH_NAMES[a - 1]!.toLowerCase()} ${b}`);
      return a <= 12 ? monthDay(c, a, b, year) : monthDay(c, b, a, year);
    }
    return c.order === "md" ? monthDay(c, a, b, year) : monthDay(c, b, a, year);
  }
  // "2027-01-05": year, month, day, the same in every country.
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(p))) return monthDay(c, Number(m[2]), Number(m[3]), Number(m[1]));
  if ((m = RE.month.exec(p))) return partOfMonth(c, PART[m[1] ?? ""] ?? "", MONTHS[m[2]!]!, m[3] ? Number(m[3]) : null);

  // Quarters and years.
  if (p === "next quarter") {
    const first = firstOfMonth(t.year, Math.floor((t.month - 1) / 3) * 3 + 4);
    return { start: first, end: lastOfMonth(first.year, first.month + 2) };
  }
  if (/^(?:the )?end of (?:the |this )?quarter$/.test(p)) {
    const last = lastOfMonth(t.year, Math.floor((t.month - 1) / 3) * 3 + 3);
    return day(cmp(last, t) > 0 ? last : lastOfMonth(t.year, last.month + 3));
  }
  if (/^(?:early |the beginning of |beginning of |start of )?next year$/.test(p)) return { start: { year: t.year + 1, month: 1, day: 1 }, end: { year: t.year + 1, month: 12, day: 31 } };
  if (/^(?:the )?end of (?:the |this )?year$/.test(p)) {
    const last = { year: t.year, month: 12, day: 31 };
    return day(cmp(last, t) > 0 ? last : { ...last, year: t.year + 1 });
  }

  // Holidays: "thanksgiving", "4th of july", "new year", "after the holidays".
  const holiday = US_HOLIDAYS.get(p);
  const named = holiday ?? ((m = /^(.+) (\d{4})$/.exec(p)) ? US_HOLIDAYS.get(m[1]!) : undefined);
  // Thanksgiving, Mother's Day, Labor Day… fall on other days in other countries: asked, not guessed.
  if (named && !keptOnUsDate(named, c.country)) return fail(`Which day is ${named.name} where you are? Write the date, e.g. oct 12`);
  if (holiday) return yearly(c, holiday.name, (y) => day(holiday.on(y)), (y) => `For next year's: e.g. ${p} ${y}`);
  if ((m = /^(.+) (\d{4})$/.exec(p)) && US_HOLIDAYS.has(m[1]!)) return day(US_HOLIDAYS.get(m[1]!)!.on(Number(m[2])));
  if (/^(?:the )?holidays$/.test(p)) {
    return yearly(c, "The holiday season", (y) => ({ start: { year: y, month: 12, day: 24 }, end: { year: y + 1, month: 1, day: 1 } }), () => "e.g. next month");
  }

  // "after X": the day after X ends ("after christmas" → Dec 26, "after june" → Jul 1),
  // except a count: "after 2 weeks" is in 2 weeks.
  if ((m = /^after (.+)$/.exec(p))) {
    const inner = m[1]!;
    const x = spanOf(inner, { ...c, todayPassed: false });
    if (!x) return x;
    // "Christmas has passed. For next year's: e.g. christmas 2028": the example keeps the "after".
    if (isFail(x)) return { fail: x.fail.replace(`e.g. ${inner} `, `e.g. after ${inner} `) };
    if (RE.countOnly.test(inner)) return x;
    return day(addDays(x.end, 1));
  }
  return null;
}

/** Every word a phrase this reader reads can start with (after "in", "on", "until"…). */
const FIRST_WORDS = new Set([
  ...Object.keys(WEEKDAYS), ...Object.keys(MONTHS), ...Object.keys(COUNTS).map((k) => k.split(" ")[0]!),
  ...Object.keys(ORDINAL_WORDS).map((k) => k.split(" ")[0]!), ...[...US_HOLIDAYS.keys()].map((k) => k.split(" ")[0]!),
  ..."in on until till til around about by after the this coming next early mid middle late end beginning start day week weekend month".split(" "),
  ..."today tomorrow tmrw tmr tmw tomorow tommorow tommorrow tonight tonite fortnight eow eom holidays fifteen twenty thirty at noon midday".split(" "),
]);

/** Cheap test for text search: can a date phrase start with this word? (Digits always can.) */
export function mayStartDate(word: string): boolean {
  const w = word.toLowerCase().replace(/[\u2018\u2019\u02bc']/g, "").split("-")[0]!.replace(/[.,]+$/, "");
  return /^[0-9@]/.test(w) || FIRST_WORDS.has(w);
}

/** Lower case, straight quotes and no apostrophes, hyphens and commas as spaces, no trailing punctuation. */
export function normalizeWhen(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc']/g, "")
    .replace(/(\p{L})-(?=\p{L})/gu, "$1 ")
    .replace(/(\p{L})\.(?=\s)/gu, "$1")
    .replace(/[,]/g, " ")
    // "in 2 weeks 😊": an emoji is not part of the date.
    .replace(/[\p{Extended_Pictographic}\u200d\ufe0f]/gu, " ")
    .replace(/\s+/g, " ")
    // "nxt week", "next wk" (floor audit).
    .replace(/\bnxt\b/g, "next")
    .replace(/\bnext wk\b/g, "next week")
    .trim()
    .replace(/[.!?;:]+$/g, "")
    .replace(/^(?:until|till|til|on|around|about|by around) /, "")
    .trim();
}

interface TimeOfDay {
  rest: string;
  hour: number;
  minute: number;
  /** The phrase named the time itself ("3pm"), not only a day. */
  named: boolean;
}

/** "at 3", "3:00": a time without am or pm, after the day in `rest` (asked about once the day reads). */
interface AmOrPm {
  ask: { hour: number; minute: number };
  rest: string;
}

// The time's "at" is a word of its own: the "at" that ends "sat" is part of the day
// ("sat 2pm" is Saturday at 2pm, not "s" at 2pm). "@" may be written against the day ("sat@2pm").
const AT = String.raw`(?:(?<!\S)at |@ ?)`;
const TIME_12H = new RegExp(String.raw`^(.*?) ?${AT}?(\d{1,2})(?::(\d{2}))? ?([ap])\.?m?$`);
const TIME_24H = new RegExp(String.raw`^(.*?) ?${AT}?(\d{1,2}):(\d{2})$`);
const TIME_BARE = new RegExp(String.raw`^(.*?) ?(?:(?<!\S)at|@) ?(\d{1,2})$`);

// A time written before the day: "9am tomorrow", "3pm on friday", "10:30am fri", "noon friday",
// "8pm tonight". Only a time that says so (am/pm, h:mm, noon): "9 june" is a date.
const TIME_FIRST = /^(?:at |@ ?)?(\d{1,2}(?::\d{2})?(?: ?[ap]\.?m\.?|[ap])|\d{1,2}:\d{2}|noon|midday)(?: on)? (?![ap]\.?m\b)(\S.*)$/;

/** "9am tomorrow" as "tomorrow 9am": the day first, as splitTime reads it ("8pm tonight": "today 8pm"). */
function dayFirst(p: string): string {
  const m = TIME_FIRST.exec(p);
  if (!m) return p;
  const tonight = m[2] === "tonight" || m[2] === "tonite";
  // "9am tonight" says two things: left as written, not read.
  if (tonight && /a/.test(m[1]!)) return p;
  const rest = tonight ? "today" : m[2]!;
  return `${rest} ${/^(?:noon|midday)$/.test(m[1]!) ? `at ${m[1]}` : m[1]}`;
}

/** Splits a trailing time of day off: "friday 3pm", "tomorrow morning", "tonight". */
function splitTime(p: string): TimeOfDay | AmOrPm | Fail | null {
  let m: RegExpExecArray | null;
  if ((m = TIME_12H.exec(p)) && m[1] !== undefined) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? 0);
    if (h < 1 || h > 12 || min > 59) return fail(`I can't read that time. e.g. friday 3pm`);
    return { rest: m[1], hour: (h % 12) + (m[4] === "p" ? 12 : 0), minute: min, named: true };
  }
  if ((m = TIME_24H.exec(p)) && m[1] !== undefined) {
    const [h, min] = [Number(m[2]), Number(m[3])];
    if (h > 23 || min > 59) return fail(`I can't read that time. e.g. friday 3pm`);
    // "15:30" and "09:30" are a 24-hour clock's, and "12:00" is noon on either clock; "3:00"
    // or "9:30" may be either half of the day (a reminder at 3am would wake the rep): asked,
    // as "at 3" is.
    if (h >= 1 && h <= 11 && !m[2]!.startsWith("0")) return { ask: { hour: h, minute: min }, rest: m[1] };
    return { rest: m[1], hour: h, minute: min, named: true };
  }
  if ((m = TIME_BARE.exec(p)) && m[1] !== undefined) return { ask: { hour: Number(m[2]), minute: 0 }, rest: m[1] };
  if (p === "tonight" || p === "tonite") return { rest: "today", hour: 18, minute: 0, named: true };
  if ((m = RE.partOfDay.exec(p) ?? RE.barePartOfDay.exec(p))) {
    m[1] ??= "";
    if (m[2] === "this") {
      if (m[1]) return null;
      m[1] = "today";
    }
    if (!m[1]) return fail(`Which day? e.g. tomorrow ${m[3]}`);
    const hour = { morning: 10, afternoon: 14, evening: 18, night: 18, noon: 12, midday: 12 }[m[3]!]!;
    return { rest: m[1], hour, minute: 0, named: m[3] !== "morning" };
  }
  return { rest: p, hour: DEFAULT_HOUR, minute: 0, named: false };
}

function formatTime(hour: number, minute: number): string {
  const h = hour % 12 || 12;
  return `${h}${minute ? `:${String(minute).padStart(2, "0")}` : ""}${hour < 12 ? "am" : "pm"}`;
}

/** "Tue Jun 3", "Tue Jun 3 2027 2pm": how a confirmation names the moment. */
export function whenLabel(date: CivilDate, hour: number, minute: number, thisYear: number): string {
  const year = date.year !== thisYear ? ` ${date.year}` : "";
  const time = hour === DEFAULT_HOUR && minute === 0 ? "" : ` ${formatTime(hour, minute)}`;
  return `${DAY_NAMES[weekdayOf(date)]} ${short(date)}${year}${time}`;
}

/**
 * The phrase as a day and time in `timeZone`, strictly after `now` and at most 2 years
 * ahead. `opts.local` is `now` on the store's clock, passed in when reading many phrases;
 * `opts.order` how the store's country writes numeric dates (month/day unless said);
 * `opts.country` the store's (ISO; "US" unless said): which holidays fall on their US dates.
 */
export function readWhen(phrase: string, now: number, timeZone: string, opts: { local?: ZonedParts; order?: DateOrder; country?: string } = {}): WhenResult {
  const local = opts.local ?? zonedParts(now, timeZone);
  const order = opts.order ?? "md";
  const country = opts.country ?? "US";
  const p = dayFirst(normalizeWhen(phrase).replace(/^in (?!the )/, ""));
  if (!p || p.length > 60) return { ok: false, reason: null };
  const today = { year: local.year, month: local.month, day: local.day };
  const time = splitTime(p);
  if (time === null) return { ok: false, reason: null };
  if ("fail" in time) return { ok: false, reason: time.fail };
  if ("ask" in time) {
    // Asked only about a day this reader reads, so the example reads too ("sat 3pm", not "someday 3pm").
    const { hour: h, minute } = time.ask;
    if (h < 1 || h > 12) return { ok: false, reason: `I can't read that time. e.g. friday 3pm` };
    const span = time.rest === "" ? day(today) : spanOf(time.rest, { today, order, weekday: local.weekday, todayPassed: false, country });
    if (span === null) return { ok: false, reason: null };
    const [am, pm] = [formatTime(h % 12, minute), formatTime((h % 12) + 12, minute)];
    // The example is the half of the day a store is open in: 8 to 11 the morning's, 12 to 7
    // the afternoon's ("at 9" is rarely 9pm, inside most stores' quiet hours).
    const exampleHour = h >= 8 && h <= 11 ? h : (h % 12) + 12;
    // With no day named, the example is today's time while it is still ahead ("away until
    // 5:00" at 10am: "e.g. away until 5pm", not tomorrow's), else tomorrow's.
    const stillToday = exampleHour * 60 + minute > local.hour * 60 + local.minute;
    const dayWord = time.rest || (stillToday ? "" : "tomorrow");
    return { ok: false, reason: isFail(span) ? span.fail : `${am} or ${pm}? e.g. ${dayWord ? `${dayWord} ` : ""}${formatTime(exampleHour, minute)}` };
  }
  const c: Ctx = { today, order, weekday: local.weekday, todayPassed: time.hour * 60 + time.minute <= local.hour * 60 + local.minute, country };
  const span = time.rest === "" ? (time.named ? day(today) : null) : spanOf(time.rest, c);
  if (span === null) return { ok: false, reason: null };
  if (isFail(span)) return { ok: false, reason: span.fail };
  const date = span.start;
  const at = zonedToInstant({ ...date, hour: time.hour, minute: time.minute }, timeZone);
  if (at <= now) {
    if (cmp(date, today) === 0) return { ok: false, reason: `That's today, and ${formatTime(time.hour, time.minute)} has passed. e.g. tomorrow` };
    return { ok: false, reason: `${short(date)}${date.year !== today.year ? ` ${date.year}` : ""} has passed.` };
  }
  if (daysBetween(today, date) > MAX_AHEAD_DAYS) return { ok: false, reason: `That's more than 2 years away.` };
  // The label reads the clock at `at`: a time skipped by DST (2:30am on the spring-forward night) shows as it happens.
  const actual = zonedParts(at, timeZone);
  const shown = whenLabel({ year: actual.year, month: actual.month, day: actual.day }, actual.hour, actual.minute, today.year);
  // The clocks skipped the time asked for: said, so the rep is not left wondering why it moved.
  const skipped = actual.hour !== time.hour || actual.minute !== time.minute;
  const label = skipped ? `${shown} (no ${formatTime(time.hour, time.minute)} that night)` : shown;
  return { ok: true, at, label, date, hour: time.hour, minute: time.minute };
}
