import { describe, expect, it } from "vitest";
import { addLocalDays, isRegionTimeZone, isValidTimeZone, timeZoneNamed, zonedParts, zonedToInstant } from "./zoned-time";

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
    // Two zones end with it: not guessed.
    ["Louisville", null],
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

  it("takes every zone the page offers (the runtime's list and UTC), as it is", () => {
    for (const zone of [...Intl.supportedValuesOf("timeZone"), "UTC"]) expect(timeZoneNamed(zone), zone).toBe(zone);
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
