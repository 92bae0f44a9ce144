import { describe, expect, it } from "vitest";
import { MAX_AHEAD_DAYS } from "../domain/when";
import { openingTime } from "../series/digest";
import { defaultPauseDay, PAUSE_MAX_DAYS, pauseDayRange, pauseUntil } from "./pause-date";

const NINE_TO_NINE = { start: "21:00", end: "09:00" };

describe("pauseUntil: the picked day at the store's opening, in the store's zone", () => {
  it.each([
    ["2028-12-16", "America/New_York", NINE_TO_NINE, "2028-12-16T14:00:00.000Z"],
    ["2028-12-16", "America/Los_Angeles", NINE_TO_NINE, "2028-12-16T17:00:00.000Z"],
    ["2028-07-04", "America/New_York", NINE_TO_NINE, "2028-07-04T13:00:00.000Z"], // daylight time
    ["2028-12-16", "Pacific/Auckland", { start: "20:00", end: "08:30" }, "2028-12-15T19:30:00.000Z"],
    ["2028-12-16", "America/Chicago", null, "2028-12-16T15:00:00.000Z"], // no quiet hours: 09:00, the digest's opening
    ["2028-07-04", "Europe/Berlin", null, "2028-07-04T07:00:00.000Z"], // no quiet hours, summer time: 09:00 CEST
    ["2028-03-12", "America/New_York", { start: "22:00", end: "02:30" }, "2028-03-12T07:30:00.000Z"], // 02:30 skipped: 03:30 EDT
  ])("%s in %s with %j → %s", (day, zone, quiet, expected) => {
    expect(pauseUntil(day, zone, quiet)).toBe(expected);
  });

  it.each(["", "2028-02-30", "2028-13-01", "16/12/2028", "2028-12-16T10:00"])("refuses %j", (day) => {
    expect(pauseUntil(day, "America/New_York", NINE_TO_NINE)).toBeNull();
  });
});

describe("defaultPauseDay: a week from the store's today", () => {
  it.each([
    // 02:00 UTC on Nov 24 is still Nov 23 in New York.
    [Date.UTC(2028, 10, 24, 2), "America/New_York", "2028-11-30"],
    [Date.UTC(2028, 10, 24, 2), "Europe/Berlin", "2028-12-01"],
  ])("at %i in %s → %s", (now, zone, expected) => {
    expect(defaultPauseDay(now, zone)).toBe(expected);
  });
});

describe("pauseDayRange: the days the server accepts, in the store's zone", () => {
  it.each([
    // 21:00 on Nov 23 in New York: today's 09:00 has gone, so tomorrow; 2 years on is 21:00 on Nov 25, 2030, after that day's 09:00.
    [Date.UTC(2028, 10, 24, 2), NINE_TO_NINE, { min: "2028-11-24", max: "2030-11-25" }],
    // 07:00 on Nov 24: today's 09:00 is still ahead; 2 years on is 07:00 on Nov 26, 2030, before that day's 09:00.
    [Date.UTC(2028, 10, 24, 12), NINE_TO_NINE, { min: "2028-11-24", max: "2030-11-25" }],
    // Without quiet hours the store opens at 09:00: 11:00 on Nov 24 → tomorrow to Nov 26, 2030.
    [Date.UTC(2028, 10, 24, 16), null, { min: "2028-11-25", max: "2030-11-26" }],
    // 09:30 on Nov 24, without quiet hours: today's 09:00 has gone; 2 years on is 09:30 on Nov 26, 2030, after that day's 09:00.
    [Date.UTC(2028, 10, 24, 14, 30), null, { min: "2028-11-25", max: "2030-11-26" }],
  ])("at %i with %j → %j", (now, quiet, expected) => {
    expect(pauseDayRange(now, "America/New_York", quiet)).toEqual(expected);
  });

  it("opens when the digest says the store opens (one definition: openingTime)", () => {
    for (const quiet of [null, NINE_TO_NINE, { start: "20:00", end: "07:45" }]) {
      expect(new Date(pauseUntil("2028-12-16", "UTC", quiet)!).toISOString().slice(11, 16)).toBe(openingTime(quiet));
    }
  });

  it("ends where the server's limit does", () => {
    expect(PAUSE_MAX_DAYS).toBe(MAX_AHEAD_DAYS);
  });
});
