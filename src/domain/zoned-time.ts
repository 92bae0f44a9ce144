// Wall-clock time in an IANA time zone, without a date library: Intl (ICU, which workerd
// ships) tells the offset of a zone at an instant. Pure; every function takes the instant.

export interface ZonedParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's name as the runtime spells it ("america/chicago" → "America/Chicago"); the zone must be valid. */
export function canonicalTimeZone(timeZone: string): string {
  return formatterFor(timeZone).resolvedOptions().timeZone;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The tz database's old names for a region that have no `/` ("Poland", "Japan", "GB"): they
 * follow that region's clocks. Every other name without a `/` that the runtime takes is an
 * abbreviation ("EST", "CET", "PST8PDT"; ICU adds "IST", "BST"…) or an offset ("+05:00"),
 * which names no region: "EST" is America/Panama, with no daylight saving.
 */
const OLD_REGION_NAMES = new Set(
  ["Cuba", "Egypt", "Eire", "GB", "GB-Eire", "Hongkong", "Iceland", "Iran", "Israel", "Jamaica", "Japan", "Kwajalein", "Libya", "Navajo", "NZ", "NZ-CHAT", "Poland", "Portugal", "PRC", "ROC", "ROK", "Singapore", "Turkey", "W-SU"].map((n) => n.toLowerCase()),
);

/**
 * A name the runtime takes that keeps a region's clocks (or is UTC): "America/Chicago",
 * "US/Eastern", "Poland", "UTC". Not an abbreviation ("EST", "CET"), not a fixed offset
 * ("+05:00", "Etc/GMT+5"): those keep no region's daylight saving.
 */
export function isRegionTimeZone(name: string): boolean {
  if (!isValidTimeZone(name)) return false;
  if (canonicalTimeZone(name) === "UTC") return true;
  if (name.includes("/")) return !/^(etc|systemv)\//i.test(name);
  return OLD_REGION_NAMES.has(name.toLowerCase());
}

/**
 * A zone named as an owner types it: its IANA name in any case (a region's: not an
 * abbreviation or a fixed offset, see isRegionTimeZone), or its city alone when exactly
 * one of `zones` ends with it ("Chicago", "los angeles" → America/Chicago,
 * America/Los_Angeles). Null when it names no region's zone, or several.
 */
export function timeZoneNamed(name: string, zones: readonly string[] = Intl.supportedValuesOf("timeZone")): string | null {
  const typed = name.trim();
  if (typed && isRegionTimeZone(typed)) return canonicalTimeZone(typed);
  const city = `/${typed.replace(/\s+/g, "_").toLowerCase()}`;
  const found = city.length > 2 ? zones.filter((z) => z.toLowerCase().endsWith(city)) : [];
  return found.length === 1 ? found[0]! : null;
}

/** The wall-clock reading in `timeZone` at the instant `ms`. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const out: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS.indexOf(out.weekday ?? "Sun"),
  };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (New York in winter: -5 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (ms % 1000));
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

/**
 * The instant at which `timeZone`'s clocks read `local`. Out-of-range fields roll over
 * (day 32 is the 1st of the next month). A reading skipped by a DST change (02:30 on the
 * spring-forward night) maps to the same instant as the reading one offset-change later
 * (03:30); a reading that happens twice (the fall-back hour) maps to the first.
 */
export function zonedToInstant(local: LocalDateTime, timeZone: string): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  // Two offset probes settle any zone: guess with the offset at the naive instant, then
  // correct with the offset at the guess.
  const first = naive - zoneOffsetMs(naive, timeZone);
  const second = naive - zoneOffsetMs(first, timeZone);
  if (second === first) {
    // Ambiguous readings: prefer the earlier instant when it reads the same.
    const earlier = second - 3_600_000;
    const e = zonedParts(earlier, timeZone);
    const s = zonedParts(second, timeZone);
    if (e.hour === s.hour && e.minute === s.minute && e.day === s.day) return earlier;
    return second;
  }
  // A skipped reading: the later offset applies.
  return Math.max(first, second);
}

/** Adds whole calendar days in `timeZone`, keeping the wall-clock time to the millisecond. */
export function addLocalDays(ms: number, days: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const withinMinute = p.second * 1000 + (ms % 1000);
  return zonedToInstant({ year: p.year, month: p.month, day: p.day + days, hour: p.hour, minute: p.minute }, timeZone) + withinMinute;
}
