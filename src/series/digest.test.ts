import { describe, expect, it } from "vitest";
import { digestDue, digestSentOnWhenTurnedOn, digestText, greeting, localDay, nextDigestAt, nextOpening } from "./digest";

const NY = "America/New_York";
const NIGHT = { start: "21:00", end: "08:00" };
const iso = (ms: number) => new Date(ms).toISOString();

describe("nextOpening", () => {
  it.each([
    ["2026-11-23T11:00:00Z", NIGHT, "2026-11-23T13:00:00.000Z"], // 06:00 → 08:00 today
    ["2026-11-23T15:00:00Z", NIGHT, "2026-11-24T13:00:00.000Z"], // 10:00 → tomorrow
    ["2026-11-23T15:00:00Z", null, "2026-11-24T14:00:00.000Z"], // no quiet hours: 09:00
    ["2026-03-07T15:00:00Z", NIGHT, "2026-03-08T12:00:00.000Z"], // across spring-forward
  ] as const)("%s → %s", (now, q, at) => {
    expect(iso(nextOpening(Date.parse(now), q, NY))).toBe(at);
  });
});

describe("nextOpening on the day the clocks go forward: 08:00, not 09:00", () => {
  it.each([
    ["America/Denver", "2027-03-14T07:30:00Z", "2027-03-14T14:00:00.000Z"], // 00:30 MST → 08:00 MDT
    ["America/Los_Angeles", "2027-03-14T08:30:00Z", "2027-03-14T15:00:00.000Z"], // 00:30 PST → 08:00 PDT
    ["America/Anchorage", "2027-03-14T09:30:00Z", "2027-03-14T16:00:00.000Z"], // 00:30 AKST → 08:00 AKDT
    ["America/New_York", "2027-03-14T05:30:00Z", "2027-03-14T12:00:00.000Z"], // 00:30 EST → 08:00 EDT
  ])("%s", (zone, now, at) => {
    expect(iso(nextOpening(Date.parse(now), NIGHT, zone))).toBe(at);
  });
});

describe("digestDue", () => {
  it.each([
    ["2026-11-23T12:59:00Z", null, false], // 07:59: not open yet
    ["2026-11-23T13:00:00Z", null, true],
    ["2026-11-23T13:00:00Z", "2026-11-23", false], // sent today
    ["2026-11-23T13:00:00Z", "2026-11-22", true],
    ["2026-11-24T04:00:00Z", "2026-11-23", false], // 23:00 the same local day
    // Sent on a later day than the store's today: the owner moved the zone west (Tokyo's
    // Tuesday is still Monday in New York). Tuesday's went; Monday's is not owed again.
    ["2026-11-23T23:30:00Z", "2026-11-24", false],
  ] as const)("%s, sent on %s → %s", (now, sentOn, due) => {
    expect(digestDue(Date.parse(now), sentOn, NIGHT, NY)).toBe(due);
  });

  it("keys the day in the store's zone", () => {
    expect(localDay(Date.parse("2026-11-24T03:00:00Z"), NY)).toBe("2026-11-23");
  });
});

describe("digestSentOnWhenTurnedOn: turned on after today's opening, the first digest is tomorrow's", () => {
  it.each([
    ["2026-11-23T12:30:00Z", null, null], // 07:30, before opening: today's is still to come
    ["2026-11-23T19:00:00Z", null, "2026-11-23"], // 14:00: today counts as sent
    ["2026-11-23T19:00:00Z", "2026-11-20", "2026-11-23"],
    ["2026-11-23T19:00:00Z", "2026-11-23", "2026-11-23"], // sent today already (off and on again)
    ["2026-11-24T04:30:00Z", null, "2026-11-23"], // 23:30, the same local day
    // 07:30, before opening, counted as sent today by an earlier `digest on` (the owner has
    // since moved the opening later): today's comes at the opening, as the answer promises.
    ["2026-11-23T12:30:00Z", "2026-11-23", null],
  ] as const)("%s, sent on %s → %s", (now, sentOn, after) => {
    expect(digestSentOnWhenTurnedOn(Date.parse(now), sentOn, NIGHT, NY)).toBe(after);
  });
});

describe("nextDigestAt", () => {
  const EARLY = { start: "21:00", end: "06:00" };
  it.each([
    ["no rep wants one", "2026-11-23T15:00:00Z", [], NIGHT, NY, null],
    ["10:00, sent today: tomorrow's opening", "2026-11-23T15:00:00Z", ["2026-11-23"], NIGHT, NY, "2026-11-24T13:00:00.000Z"],
    ["06:30, opening moved to 06:00, none sent today: now", "2026-11-23T11:30:00Z", ["2026-11-22"], EARLY, NY, "2026-11-23T11:30:00.000Z"],
    ["06:30, opening 08:00: today's", "2026-11-23T11:30:00Z", ["2026-11-22"], NIGHT, NY, "2026-11-23T13:00:00.000Z"],
    ["one rep due, one not: now", "2026-11-23T13:30:00Z", ["2026-11-23", null], NIGHT, NY, "2026-11-23T13:30:00.000Z"],
    ["the opening in another zone", "2026-11-23T15:00:00Z", ["2026-11-23"], NIGHT, "America/Los_Angeles", "2026-11-23T16:00:00.000Z"],
    ["no quiet hours: 09:00", "2026-11-23T15:00:00Z", ["2026-11-23"], null, NY, "2026-11-24T14:00:00.000Z"],
  ] as const)("%s", (_what, now, sentOn, q, zone, at) => {
    const next = nextDigestAt(Date.parse(now), sentOn.map((digestSentOn) => ({ digestSentOn })), q, zone);
    expect(next === null ? null : iso(next)).toBe(at);
  });
});

describe("digestText", () => {
  it.each([
    [{ waiting: [], goingOut: 0, reminders: [] }, 8, "Good morning! Today: no replies waiting. 0 follow-ups going out. No reminders. Text \"digest off\" to stop."],
    [
      { waiting: [{ id: 12, name: "Jane Doe" }], goingOut: 1, reminders: [{ id: 9, name: "Ann" }] },
      9,
      "Good morning! Today: 1 reply waiting (Jane #12). 1 follow-up going out. Reminders: Ann #9. Text \"digest off\" to stop.",
    ],
    // A store whose quiet hours end after noon opens in the afternoon.
    [{ waiting: [], goingOut: 2, reminders: [] }, 13, "Good afternoon! Today: no replies waiting. 2 follow-ups going out. No reminders. Text \"digest off\" to stop."],
  ])("%j at %i:00", (input, hour, text) => {
    expect(digestText(input, hour)).toBe(text);
  });
});

describe("greeting", () => {
  it.each([
    [0, "Good morning!"],
    [11, "Good morning!"],
    [12, "Good afternoon!"],
    [16, "Good afternoon!"],
    [17, "Good evening!"],
    [23, "Good evening!"],
  ])("%i:00 → %s", (hour, text) => {
    expect(greeting(hour)).toBe(text);
  });
});
