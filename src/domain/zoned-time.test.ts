import { describe, expect, it } from "vitest";
import { addLocalDays, isRegionTimeZone, isValidTimeZone, timeZoneList, timeZoneNamed, zonedParts, zonedToInstant } from "./zoned-time";

const NY = "America/New_York";

describe("zonedToInstant", () => {
  it.each([
    // [local reading, zone, expected UTC]
    [{ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, NY, "2026-01-15T14:00:00.000Z"],
    [{ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, NY, "2026-07-15T13:00:00.000Z"],
    // spring forward 2026-03-08: 02:30 does not exist in New York
    [{ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY, "2026-03-08T07:30:00.000Z"],
    [{ year: 2026, month: 3, day: 8, hour: 8, minute: 0 }, NY, "2026-03-08T12:00:00.000Z"],
    // fall back 2026-11-01: 01:30 happens twice; the first is EDT
    [{ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY, "2026-11-01T05:30:00.000Z"],
    [{ year: 2026, month: 11, day: 1, hour: 8, minute: 0 }, NY, "2026-11-01T13:00:00.000Z"],
    [{ year: 2026, month: 1, day: 32, hour: 0, minute: 0 }, "UTC", "2026-02-01T00:00:00.000Z"],
    [{ year: 2026, month: 6, day: 1, hour: 12, minute: 0 }, "Asia/Kolkata", "2026-06-01T06:30:00.000Z"],
    [{ year: 2026, month: 6, day: 1, hour: 12, minute: 0 }, "Australia/Lord_Howe", "2026-06-01T01:30:00.000Z"],
  ])("%o in %s is %s", (local, zone, utc) => {
    expect(new Date(zonedToInstant(local, zone)).toISOString()).toBe(utc);
  });
});

describe("zonedParts", () => {
  it("reads the wall clock and weekday", () => {
    expect(zonedParts(Date.parse("2026-11-23T02:30:00Z"), NY)).toEqual({
      year: 2026, month: 11, day: 22, hour: 21, minute: 30, second: 0, weekday: 0,
    });
  });
});

describe("addLocalDays", () => {
  it.each([
    ["keeps 09:00 across the fall-back change", "2026-10-31T13:00:00.000Z", 1, NY, "2026-11-01T14:00:00.000Z"],
    ["keeps 09:00 across the spring-forward change", "2026-03-07T14:00:00.000Z", 1, NY, "2026-03-08T13:00:00.000Z"],
    ["keeps the seconds and milliseconds", "2026-10-30T13:00:37.250Z", 3, NY, "2026-11-02T14:00:37.250Z"],
    ["in a zone half an hour off UTC", "2026-06-01T03:30:05.000Z", 7, "Asia/Kolkata", "2026-06-08T03:30:05.000Z"],
  ])("%s", (_name, start, days, zone, expected) => {
    expect(new Date(addLocalDays(Date.parse(start), days, zone)).toISOString()).toBe(expected);
  });
});

describe("isValidTimeZone", () => {
  it.each([[NY, true], ["UTC", true], ["Mars/Olympus", false], ["", false]])("%s → %s", (zone, ok) => {
    expect(isValidTimeZone(zone)).toBe(ok);
  });
});

describe("timeZoneNamed", () => {
  const zones = ["America/Chicago", "America/Los_Angeles", "America/Indiana/Indianapolis", "America/Argentina/Buenos_Aires", "Europe/London", "Asia/Kolkata", "America/Kentucky/Louisville", "America/Louisville"];
  it.each([
    ["America/Chicago", "America/Chicago"],
    ["  america/chicago ", "America/Chicago"],
    ["Chicago", "America/Chicago"],
    ["chicago", "America/Chicago"],
    ["los angeles", "America/Los_Angeles"],
    ["Los_Angeles", "America/Los_Angeles"],
    ["Buenos Aires", "America/Argentina/Buenos_Aires"],
    ["Indianapolis", "America/Indiana/Indianapolis"],
    ["UTC", "UTC"],
    // The runtime's old name and the current one of one zone: that zone, by its current name.
    ["Louisville", "America/Kentucky/Louisville"],
    ["Kolkata", "Asia/Kolkata"],
    // No zone ends with it, or nothing typed.
    ["Springfield", null],
    ["Chi", null],
    ["", null],
    ["/", null],
    ["Mars/Olympus", null],
  ])("%j → %j", (typed, zone) => {
    expect(timeZoneNamed(typed, zones)).toBe(zone);
  });

  it("looks among the runtime's own zones by default", () => {
    expect(timeZoneNamed("Denver")).toBe("America/Denver");
  });

  it("does not guess between two zones that end with the city", () => {
    expect(timeZoneNamed("Springfield", ["America/Springfield", "Europe/Springfield"])).toBeNull();
  });

  // ICU (workerd's Intl, the browsers') still calls these zones by old names: the current
  // name is taken and saved as typed, the old one still taken, and saved as the current one.
  const RENAMED = [
    ["Asia/Kolkata", "Asia/Calcutta", "Kolkata", "Calcutta"],
    ["Europe/Kyiv", "Europe/Kiev", "Kyiv", "Kiev"],
    ["Asia/Ho_Chi_Minh", "Asia/Saigon", "Ho Chi Minh", "Saigon"],
    ["Asia/Yangon", "Asia/Rangoon", "Yangon", "Rangoon"],
    ["Asia/Kathmandu", "Asia/Katmandu", "Kathmandu", "Katmandu"],
    ["America/Nuuk", "America/Godthab", "Nuuk", "Godthab"],
    ["Atlantic/Faroe", "Atlantic/Faeroe", "Faroe", "Faeroe"],
    ["Africa/Asmara", "Africa/Asmera", "Asmara", "Asmera"],
    ["Pacific/Chuuk", "Pacific/Truk", "Chuuk", "Truk"],
    ["Pacific/Pohnpei", "Pacific/Ponape", "Pohnpei", "Ponape"],
    ["Pacific/Kanton", "Pacific/Enderbury", "Kanton", "Enderbury"],
    ["America/Atikokan", "America/Coral_Harbour", "Atikokan", "Coral Harbour"],
    ["America/Argentina/Buenos_Aires", "America/Buenos_Aires", "Buenos Aires", "buenos_aires"],
    ["America/Argentina/Cordoba", "America/Cordoba", "Cordoba", "cordoba"],
    ["America/Argentina/Catamarca", "America/Catamarca", "Catamarca", "catamarca"],
    ["America/Argentina/Jujuy", "America/Jujuy", "Jujuy", "jujuy"],
    ["America/Argentina/Mendoza", "America/Mendoza", "Mendoza", "mendoza"],
    ["America/Indiana/Indianapolis", "America/Indianapolis", "Indianapolis", "indianapolis"],
    ["America/Kentucky/Louisville", "America/Louisville", "Louisville", "louisville"],
  ];
  it.each(RENAMED)("%s: by its name, its old name %s, its city and its old city, with the runtime's zones", (current, old, city, oldCity) => {
    for (const typed of [current, current.toLowerCase(), ` ${current} `, old, old.toUpperCase(), city, city.toLowerCase(), oldCity]) expect(timeZoneNamed(typed), typed).toBe(current);
  });

  it("the page offers the current names, not the old", () => {
    const offered = timeZoneList();
    for (const [current, old] of RENAMED) {
      expect(offered).toContain(current);
      expect(offered).not.toContain(old);
    }
  });

  it("the runtime keeps every zone offered by that name (it is what the store saves and formats with)", () => {
    for (const zone of timeZoneList()) {
      expect(isRegionTimeZone(zone), zone).toBe(true);
      expect(zonedParts(Date.parse("2027-01-01T00:00:00Z"), zone).year, zone).toBeGreaterThan(2025);
    }
  });

  it("takes every name the runtime lists (current or old), as its current name", () => {
    const offered = new Set(timeZoneList());
    for (const zone of Intl.supportedValuesOf("timeZone")) expect(offered.has(timeZoneNamed(zone) ?? ""), zone).toBe(true);
  });

  // What the runtime takes but names no region: an abbreviation or a fixed offset keeps no
  // daylight saving ("EST" is Panama's clock all year), so it is no store's zone.
  it.each([
    ["US/Eastern", "America/New_York"],
    ["us/pacific", "America/Los_Angeles"],
    ["Canada/Eastern", "America/Toronto"],
    ["Poland", "Europe/Warsaw"],
    ["GB", "Europe/London"],
    ["Etc/UTC", "UTC"],
    ["GMT", "UTC"],
    ["New York", "America/New_York"],
    ["EST", null],
    ["est", null],
    ["MST", null],
    ["HST", null],
    ["EST5EDT", null],
    ["PST8PDT", null],
    ["CET", null],
    ["WET", null],
    ["PST", null],
    ["IST", null],
    ["BST", null],
    ["+05:00", null],
    ["-0800", null],
    ["+14:00", null],
    ["Etc/GMT+5", null],
    ["SystemV/EST5", null],
  ])("with the runtime's zones: %j → %j", (typed, zone) => {
    expect(timeZoneNamed(typed)).toBe(zone);
  });

  it("takes every zone the page offers (the runtime's list by current names, and UTC), as it is", () => {
    for (const zone of timeZoneList()) expect(timeZoneNamed(zone), zone).toBe(zone);
  });
});

describe("isRegionTimeZone", () => {
  it.each([
    ["America/New_York", true],
    ["UTC", true],
    ["Japan", true],
    ["EST", false],
    ["CST6CDT", false],
    ["Etc/GMT-14", false],
    ["+05:00", false],
    ["Mars/Olympus", false],
    ["", false],
  ])("%s → %s", (zone, region) => {
    expect(isRegionTimeZone(zone)).toBe(region);
  });
});

// zonedToInstant against Intl itself, read independently of zoned-time.ts: every zone the
// project tests, every hour and half-hour of the day before, of and after each clock change
// of 2027 and 2028 (and of the US changes for zones that have none). The expected instant
// comes from scanning the instants around the change a quarter of an hour apart (every
// offset here is a multiple of 15 minutes, and so is every change's instant):
// - a reading that happens once: that instant (the round trip reads it back);
// - one that happens twice (the autumn change): the earlier, the first time the clock shows it;
// - one the clock skips (the spring change): as far after the jump as the reading is into
//   the gap — 02:30 in New York is 03:30 EDT, 02:15 on Lord Howe is 02:45.
describe("zonedToInstant against Intl, around every clock change of 2027 and 2028", () => {
  const ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "America/Phoenix",
    "Pacific/Honolulu", "Europe/London", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland",
    "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham",
  ];
  const MIN = 60_000;
  const QUARTER = 15 * MIN;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;
  const oracle = new Map<string, Intl.DateTimeFormat>();
  /** The wall clock in `zone` at instant `t`, as the UTC instant with the same reading. */
  function reading(t: number, zone: string): number {
    let f = oracle.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
      oracle.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
  }
  const offset = (t: number, zone: string) => reading(t, zone) - t;

  /** The instants of `zone`'s offset changes in [from, to): a daily scan, then bisection to the quarter hour. */
  function changes(zone: string, from: number, to: number): number[] {
    const found: number[] = [];
    for (let t = from; t < to; t += DAY) {
      if (offset(t, zone) === offset(t + DAY, zone)) continue;
      let [lo, hi] = [t, t + DAY];
      while (hi - lo > QUARTER) {
        const mid = lo + Math.floor((hi - lo) / 2 / QUARTER) * QUARTER;
        if (offset(mid, zone) === offset(lo, zone)) lo = mid;
        else hi = mid;
      }
      found.push(hi);
    }
    return found;
  }

  const US_CHANGES = ["2027-03-14T10:00:00Z", "2027-11-07T10:00:00Z", "2028-03-12T10:00:00Z", "2028-11-05T10:00:00Z"].map(Date.parse);
  const cases = ZONES.map((zone) => {
    const own = changes(zone, Date.parse("2027-01-01T00:00:00Z"), Date.parse("2029-01-01T00:00:00Z"));
    return [zone, own.length, own.length ? own : US_CHANGES] as const;
  });

  it("finds the changes it tests: two a year where the zone has daylight saving", () => {
    expect(Object.fromEntries(cases.map(([zone, n]) => [zone, n]))).toEqual({
      "America/New_York": 4, "America/Chicago": 4, "America/Denver": 4, "America/Los_Angeles": 4, "America/Anchorage": 4, "America/Phoenix": 0,
      "Pacific/Honolulu": 0, "Europe/London": 4, "Europe/Berlin": 4, "Australia/Sydney": 4, "Australia/Lord_Howe": 4, "Pacific/Auckland": 4,
      "Asia/Kathmandu": 0, "America/St_Johns": 4, "Pacific/Chatham": 4,
    });
  });

  it.each(cases)("%s (%i changes)", (zone, _n, around) => {
    const wrong: string[] = [];
    let checked = 0;
    for (const change of around) {
      // Every instant from two days before the change to two days after, a quarter hour apart, and what the clock reads then.
      const seen = new Map<number, number>();
      const jumps: { before: number; at: number; after: number }[] = [];
      let last: number | null = null;
      for (let t = change - 2 * DAY; t <= change + 2 * DAY; t += QUARTER) {
        const r = reading(t, zone);
        if (!seen.has(r)) seen.set(r, t);
        if (last !== null && r - last > QUARTER) jumps.push({ before: last + QUARTER, at: t, after: r });
        last = r;
      }
      // The local days before, of and after the change.
      const changeDay = reading(change, zone) - (reading(change, zone) % DAY);
      for (let local = changeDay - DAY; local < changeDay + 2 * DAY; local += 30 * MIN) {
        const jump = jumps.find((j) => local >= j.before && local < j.after);
        const expected = seen.get(local) ?? (jump ? jump.at + (local - jump.before) : NaN);
        const d = new Date(local);
        const asked = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
        const got = zonedToInstant(asked, zone);
        checked++;
        if (got !== expected) wrong.push(`${d.toISOString().slice(0, 16)} → ${new Date(got).toISOString()}, expected ${new Date(expected).toISOString()}`);
        // The round trip: a reading that happens reads back as itself.
        else if (seen.has(local) && reading(got, zone) !== local) wrong.push(`${d.toISOString().slice(0, 16)} reads back as ${new Date(reading(got, zone)).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(around.length * 3 * 48);
  });
});
