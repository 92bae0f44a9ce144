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

let currentNames: Readonly<Record<string, string>> | undefined;

/**
 * The zone's current name in the tz database: `zone` itself, unless it is one of the old
 * spellings that ICU (the Intl of workerd and of the browsers) still uses —
 * Intl.supportedValuesOf and resolvedOptions say "Asia/Calcutta" for Asia/Kolkata. Both
 * names work in Intl; the owner sees and Beback saves the current one. The table is every
 * name of Intl.supportedValuesOf (ICU 78, tzdata 2025, as in workerd and Node) that the tz
 * database's list of current names, zone.tab, lacks. Built on first use, so a page bundle
 * that names no zone leaves it out.
 */
function currentName(zone: string): string {
  currentNames ??= Object.fromEntries(
    // "old>new", the new name within the old one's region ("Asia/Calcutta>Kolkata"); "…>Argentina/" keeps the city.
    "Africa/Asmera>Asmara America/Buenos_Aires>Argentina/ America/Catamarca>Argentina/ America/Coral_Harbour>Atikokan America/Cordoba>Argentina/ America/Godthab>Nuuk America/Indianapolis>Indiana/Indianapolis America/Jujuy>Argentina/ America/Louisville>Kentucky/Louisville America/Mendoza>Argentina/ Asia/Calcutta>Kolkata Asia/Katmandu>Kathmandu Asia/Rangoon>Yangon Asia/Saigon>Ho_Chi_Minh Atlantic/Faeroe>Faroe Europe/Kiev>Kyiv Pacific/Enderbury>Kanton Pacific/Ponape>Pohnpei Pacific/Truk>Chuuk"
      .split(" ")
      .map((pair) => {
        const [old = "", current = ""] = pair.split(">");
        const [region, city] = old.split("/");
        return [old, `${region}/${current.endsWith("/") ? current + city : current}`];
      }),
  );
  return currentNames[zone] ?? zone;
}

/**
 * The zone's current name, in the tz database's spelling ("america/chicago" →
 * "America/Chicago", "US/Eastern" → "America/New_York", "Asia/Calcutta" and "asia/kolkata"
 * → "Asia/Kolkata"); the zone must be valid.
 */
export function canonicalTimeZone(timeZone: string): string {
  return currentName(formatterFor(timeZone).resolvedOptions().timeZone);
}

/** Every zone the runtime knows, by its current name, and UTC, sorted: what the owner page offers. */
export function timeZoneList(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone").map(currentName));
  zones.add("UTC");
  return [...zones].sort();
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
 * A zone named as an owner types it, as its current name (canonicalTimeZone): its IANA name
 * in any case, current or old ("Asia/Kolkata", "Asia/Calcutta"; a region's: not an
 * abbreviation or a fixed offset, see isRegionTimeZone), or its city alone when the zones
 * of `zones` that end with it are one zone ("Chicago", "los angeles", "Kolkata", "Calcutta"
 * → America/Chicago, America/Los_Angeles, Asia/Kolkata). Null when it names no region's
 * zone, or several. `zones`: by default the runtime's, under their current and old names.
 */
export function timeZoneNamed(name: string, zones: readonly string[] = [...Intl.supportedValuesOf("timeZone"), ...timeZoneList()]): string | null {
  const typed = name.trim();
  if (typed && isRegionTimeZone(typed)) return canonicalTimeZone(typed);
  const city = `/${typed.replace(/\s+/g, "_").toLowerCase()}`;
  const found = new Set(city.length > 2 ? zones.filter((z) => z.toLowerCase().endsWith(city)).map(currentName) : []);
  return found.size === 1 ? [...found][0]! : null;
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

const DAY_MS = 86_400_000;

/**
 * The instant at which `timeZone`'s clocks read `local`. Out-of-range fields roll over
 * (day 32 is the 1st of the next month).
 * - A reading that happens once: that instant.
 * - A reading that happens twice (01:30 on the night the clocks go back): the earlier,
 *   the first time the clock shows it (01:30 EDT in New York, not 01:30 EST).
 * - A reading the clocks skip (02:30 on the night they go forward): as far after the jump
 *   as the reading is into the gap, read with the offset before the change — 02:30 in New
 *   York is 03:30 EDT; 02:15 on Lord Howe, whose clocks skip half an hour, is 02:45.
 */
export function zonedToInstant(local: LocalDateTime, timeZone: string): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  // The offsets in force a day either side of the reading include both sides of any change
  // near it (no zone changes its clocks twice within two days); a candidate is the reading
  // when the zone's offset at it agrees. Probing at the naive instant alone is not enough:
  // the naive instant and the true one may lie on either side of a change (9:00 in Los
  // Angeles on the spring-forward day: 09:00 UTC is still PST, 9:00 PDT is 16:00 UTC).
  const before = zoneOffsetMs(naive - DAY_MS, timeZone);
  const after = zoneOffsetMs(naive + DAY_MS, timeZone);
  const read = (before === after ? [naive - before] : [naive - before, naive - after]).filter((t) => zoneOffsetMs(t, timeZone) === naive - t);
  if (read.length > 0) return Math.min(...read);
  // Skipped: the clocks jumped over it.
  return naive - before;
}

/**
 * The instant at which `to`'s clocks read what `from`'s read at `ms`: a day and time the store
 * named ("later Jane friday 3pm", "away until 12/24"), kept as named when the owner corrects
 * the store's time zone.
 */
export function sameWallClock(ms: number, from: string, to: string): number {
  const p = zonedParts(ms, from);
  return zonedToInstant({ year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute }, to) + p.second * 1000 + (ms % 1000);
}

/** Adds whole calendar days in `timeZone`, keeping the wall-clock time to the millisecond. */
export function addLocalDays(ms: number, days: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  const withinMinute = p.second * 1000 + (ms % 1000);
  return zonedToInstant({ year: p.year, month: p.month, day: p.day + days, hour: p.hour, minute: p.minute }, timeZone) + withinMinute;
}
