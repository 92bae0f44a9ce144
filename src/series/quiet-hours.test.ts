import { describe, expect, it } from "vitest";
import { isQuiet, quietEnd, validityPeriodSeconds } from "./quiet-hours";

const NY = "America/New_York";
const NIGHT = { start: "21:00", end: "08:00" };
const LUNCH = { start: "13:00", end: "14:00" };
const iso = (ms: number) => new Date(ms).toISOString();

describe("isQuiet", () => {
  it.each([
    // [UTC instant, window, zone, quiet?]
    ["2026-11-24T01:59:00Z", NIGHT, NY, false], // 20:59
    ["2026-11-24T02:00:00Z", NIGHT, NY, true], // 21:00
    ["2026-11-24T05:00:00Z", NIGHT, NY, true], // midnight
    ["2026-11-24T12:59:00Z", NIGHT, NY, true], // 07:59
    ["2026-11-24T13:00:00Z", NIGHT, NY, false], // 08:00
    ["2026-11-24T18:30:00Z", LUNCH, NY, true], // 13:30
    ["2026-11-24T19:00:00Z", LUNCH, NY, false], // 14:00
    ["2026-11-24T05:00:00Z", null, NY, false],
    ["2026-11-24T05:00:00Z", { start: "09:00", end: "09:00" }, NY, false],
    ["2026-11-24T11:00:00Z", NIGHT, "Australia/Sydney", true], // 22:00 AEDT
    ["2026-11-24T00:00:00Z", NIGHT, "Australia/Sydney", false], // 11:00 AEDT
  ] as const)("%s in %j (%s) → %s", (at, q, zone, quiet) => {
    expect(isQuiet(Date.parse(at), q, zone)).toBe(quiet);
  });
});

describe("quietEnd", () => {
  it.each([
    ["2026-11-24T03:00:00Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // 22:00 → 08:00 EST next day
    ["2026-11-24T10:00:00Z", NIGHT, NY, "2026-11-24T13:00:00.000Z"], // 05:00 → 08:00 same day
    ["2026-11-24T15:00:00Z", NIGHT, NY, "2026-11-24T15:00:00.000Z"], // daytime: unchanged
    ["2026-11-24T18:10:00Z", LUNCH, NY, "2026-11-24T19:00:00.000Z"],
    // spring forward (2026-03-08): 22:00 EST on the 7th waits until 08:00 EDT
    ["2026-03-08T03:00:00Z", NIGHT, NY, "2026-03-08T12:00:00.000Z"],
    // fall back (2026-11-01): 23:00 EDT on Oct 31 waits until 08:00 EST
    ["2026-11-01T03:00:00Z", NIGHT, NY, "2026-11-01T13:00:00.000Z"],
    ["2026-11-24T11:00:00Z", NIGHT, "Australia/Sydney", "2026-11-24T21:00:00.000Z"],
    ["2026-11-24T03:00:00Z", null, NY, "2026-11-24T03:00:00.000Z"],
  ] as const)("%s in %j (%s) → %s", (at, q, zone, end) => {
    expect(iso(quietEnd(Date.parse(at), q, zone))).toBe(end);
  });
});

describe("validityPeriodSeconds", () => {
  it.each([
    ["2026-11-24T01:00:00Z", NIGHT, 3600], // 20:00: an hour to 21:00
    ["2026-11-24T01:59:30Z", NIGHT, 60], // floor of one minute
    ["2026-11-24T13:00:00Z", NIGHT, 14_400], // 08:00: capped at 4 hours
    ["2026-11-24T13:00:00Z", null, 14_400],
  ] as const)("%s with %j → %i", (at, q, seconds) => {
    expect(validityPeriodSeconds(Date.parse(at), q, NY)).toBe(seconds);
  });
});
