import { describe, expect, it } from "vitest";
import { isQuiet, nextQuietStart, quietEnd, validityPeriodSeconds } from "./quiet-hours";

// New York changes 2026-03-08 02:00 EST → 03:00 EDT and 2026-11-01 02:00 EDT → 01:00 EST;
// Sydney 2026-04-05 03:00 AEDT → 02:00 AEST and 2026-10-04 02:00 AEST → 03:00 AEDT.
const NY = "America/New_York";
const SYD = "Australia/Sydney";
const NIGHT = { start: "21:00", end: "08:00" };
const LUNCH = { start: "13:00", end: "14:00" };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("isQuiet", () => {
  it.each([
    // [UTC instant, window, zone, quiet?]
    ["2026-11-24T01:59:00Z", NIGHT, NY, false], // 20:59
    ["2026-11-24T02:00:00Z", NIGHT, NY, true], // 21:00
    ["2026-11-24T05:00:00Z", NIGHT, NY, true], // midnight
    ["2026-11-24T12:59:00Z", NIGHT, NY, true], // 07:59
    ["2026-11-24T12:59:59Z", NIGHT, NY, true], // 07:59:59
    ["2026-11-24T13:00:00Z", NIGHT, NY, false], // 08:00
    ["2026-11-24T18:30:00Z", LUNCH, NY, true], // 13:30
    ["2026-11-24T19:00:00Z", LUNCH, NY, false], // 14:00
    ["2026-11-24T17:59:00Z", LUNCH, NY, false], // 12:59
    ["2026-11-24T05:00:00Z", null, NY, false],
    ["2026-11-24T05:00:00Z", { start: "09:00", end: "09:00" }, NY, false],
    ["2026-11-24T05:00:00Z", { start: "9:00", end: "09:00" }, NY, false], // same time, other spelling
    ["2026-03-08T06:59:00Z", NIGHT, NY, true], // 01:59 EST, just before spring forward
    ["2026-03-08T11:59:00Z", NIGHT, NY, true], // 07:59 EDT
    ["2026-03-08T12:00:00Z", NIGHT, NY, false], // 08:00 EDT
    ["2026-11-01T12:59:00Z", NIGHT, NY, true], // 07:59 EST, the day of fall back
    ["2026-11-01T13:00:00Z", NIGHT, NY, false], // 08:00 EST
    ["2026-11-24T11:00:00Z", NIGHT, SYD, true], // 22:00 AEDT
    ["2026-11-24T00:00:00Z", NIGHT, SYD, false], // 11:00 AEDT
    ["2026-04-04T09:59:00Z", NIGHT, SYD, false], // 20:59 AEDT, the evening before fall back
    ["2026-04-04T10:00:00Z", NIGHT, SYD, true], // 21:00 AEDT
    ["2026-10-03T10:59:00Z", NIGHT, SYD, false], // 20:59 AEST, the evening before spring forward
  ] as const)("%s in %j (%s) → %s", (at, q, zone, quiet) => {
    expect(isQuiet(Date.parse(at), q, zone)).toBe(quiet);
  });
});

describe("quietEnd", () => {
  it.each([
    ["2026-11-24T03:00:00Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // 22:00 → 08:00 EST next day
    ["2026-11-24T02:00:00Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // 21:00 sharp
    ["2026-11-24T10:00:00Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // 05:00 → 08:00 same day
    ["2026-11-24T12:59:59Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // one second to go
    ["2026-11-24T15:00:00Z", NIGHT, NY, "2026-11-24T15:00:00.000Z"], // daytime: unchanged
    ["2026-11-24T18:10:00Z", LUNCH, NY, "2026-11-24T19:00:00.000Z"], // a window inside one day
    ["2026-11-24T20:00:00Z", LUNCH, NY, "2026-11-24T20:00:00.000Z"], // after lunch: unchanged
    // spring forward (2026-03-08): 22:00 EST on the 7th waits until 08:00 EDT
    ["2026-03-08T03:00:00Z", NIGHT, NY, "2026-03-08T12:00:00.000Z"],
    // fall back (2026-11-01): 23:00 EDT on Oct 31 waits until 08:00 EST
    ["2026-11-01T03:00:00Z", NIGHT, NY, "2026-11-01T13:00:00.000Z"],
    // a window ending at a reading spring-forward skips (02:30): it ends at the change, 03:00 EDT
    ["2026-03-08T06:30:00Z", { start: "22:00", end: "02:30" }, NY, "2026-03-08T07:00:00.000Z"],
    // a window ending at a reading fall-back repeats (01:30): each pass ends at its own 01:30
    ["2026-11-01T05:10:00Z", { start: "22:00", end: "01:30" }, NY, "2026-11-01T05:30:00.000Z"], // 01:10 EDT
    ["2026-11-01T05:45:00Z", { start: "22:00", end: "01:30" }, NY, "2026-11-01T05:45:00.000Z"], // 01:45 EDT: open
    ["2026-11-01T06:10:00Z", { start: "22:00", end: "01:30" }, NY, "2026-11-01T06:30:00.000Z"], // 01:10 EST
    ["2026-11-24T11:00:00Z", NIGHT, SYD, "2026-11-24T21:00:00.000Z"], // 22:00 AEDT → 08:00 AEDT
    ["2026-04-04T12:00:00Z", NIGHT, SYD, "2026-04-04T22:00:00.000Z"], // 23:00 AEDT → 08:00 AEST
    ["2026-10-03T12:00:00Z", NIGHT, SYD, "2026-10-03T21:00:00.000Z"], // 22:00 AEST → 08:00 AEDT
    ["2026-11-24T03:00:00Z", null, NY, "2026-11-24T03:00:00.000Z"],
  ] as const)("%s in %j (%s) → %s", (at, q, zone, end) => {
    expect(iso(quietEnd(Date.parse(at), q, zone))).toBe(end);
  });
});

describe("nextQuietStart", () => {
  it.each([
    ["2026-11-24T13:00:00Z", NIGHT, NY, "2026-11-25T02:00:00.000Z"], // 08:00 → 21:00 EST
    ["2026-11-24T03:00:00Z", NIGHT, NY, "2026-11-25T02:00:00.000Z"], // inside: the next night's
    ["2026-11-24T02:00:00Z", NIGHT, NY, "2026-11-24T02:00:00.000Z"], // 21:00 sharp: now
    ["2026-11-24T16:00:00Z", LUNCH, NY, "2026-11-24T18:00:00.000Z"], // 11:00 → 13:00
    ["2026-03-08T16:00:00Z", NIGHT, NY, "2026-03-09T01:00:00.000Z"], // spring-forward day → 21:00 EDT
    ["2026-10-31T20:00:00Z", NIGHT, NY, "2026-11-01T01:00:00.000Z"], // the eve of fall back → 21:00 EDT
    ["2026-11-01T18:00:00Z", NIGHT, NY, "2026-11-02T02:00:00.000Z"], // fall-back day → 21:00 EST
    ["2026-03-08T06:00:00Z", { start: "02:30", end: "08:00" }, NY, "2026-03-08T07:00:00.000Z"], // skipped: at the change
    ["2026-04-04T05:00:00Z", NIGHT, SYD, "2026-04-04T10:00:00.000Z"], // 16:00 AEDT → 21:00 AEDT
    ["2026-10-04T05:00:00Z", NIGHT, SYD, "2026-10-04T10:00:00.000Z"], // 16:00 AEDT → 21:00 AEDT
    ["2026-11-24T13:00:00Z", null, NY, null],
    ["2026-11-24T13:00:00Z", { start: "08:00", end: "08:00" }, NY, null],
  ] as const)("%s in %j (%s) → %s", (at, q, zone, start) => {
    expect(iso(nextQuietStart(Date.parse(at), q, zone))).toBe(start);
  });
});

describe("validityPeriodSeconds", () => {
  it.each([
    ["2026-11-24T01:00:00Z", NIGHT, NY, 3600], // 20:00: an hour to 21:00
    ["2026-11-24T01:59:30Z", NIGHT, NY, 60], // floor of one minute
    ["2026-11-24T13:00:00Z", NIGHT, NY, 14_400], // 08:00: capped at 4 hours
    ["2026-11-24T13:00:00Z", null, NY, 14_400],
    ["2026-11-24T17:30:00Z", LUNCH, NY, 1800], // 12:30: half an hour to lunch
    ["2026-03-07T23:00:00Z", NIGHT, NY, 10_800], // 18:00 EST, the eve of spring forward
    ["2026-04-04T09:00:00Z", NIGHT, SYD, 3600], // 20:00 AEDT, the eve of fall back
    ["2026-10-03T10:00:00Z", NIGHT, SYD, 3600], // 20:00 AEST, the eve of spring forward
  ] as const)("%s with %j (%s) → %i", (at, q, zone, seconds) => {
    expect(validityPeriodSeconds(Date.parse(at), q, zone)).toBe(seconds);
  });
});
