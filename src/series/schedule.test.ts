import { describe, expect, it } from "vitest";
import { DEFAULT_SERIES } from "./default-series";
import { nextDue, skipStale, SPACING_CAP_MS, spacedAfter, stepAt } from "./schedule";

const NY = "America/New_York";
const NIGHT = { start: "21:00", end: "08:00" };
const BEBACK = DEFAULT_SERIES.beback.map((s) => s.after);
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const START = Date.parse("2026-11-23T19:00:00Z"); // Mon 14:00 EST

describe("stepAt", () => {
  it.each([
    [0, "2026-11-23T19:20:00.000Z"], // 20m
    [1, "2026-11-24T13:00:00.000Z"], // 18h → 08:00
    [2, "2026-11-26T19:00:00.000Z"], // 3d keeps 14:00
    [6, "2027-02-21T19:00:00.000Z"], // 90d
    [7, null], // past the last step
  ])("be-back step %i → %s", (index, at) => {
    expect(iso(stepAt({ steps: BEBACK, startedAt: START, timeZone: NY }, index))).toBe(at);
  });

  it("keeps the wall-clock time across spring-forward for day steps, and exact time for hour steps", () => {
    const start = Date.parse("2026-03-06T19:00:00Z"); // Fri 14:00 EST
    expect(iso(stepAt({ steps: ["3d"], startedAt: start, timeZone: NY }, 0))).toBe("2026-03-09T18:00:00.000Z"); // Mon 14:00 EDT
    expect(iso(stepAt({ steps: ["72h"], startedAt: start, timeZone: NY }, 0))).toBe("2026-03-09T19:00:00.000Z"); // 15:00 EDT
  });

  // The step's local day is the day of a change, and its time after the change in the zone
  // but before it in UTC: it went an hour late (Sun Apr 4 08:00 after quiet hours).
  it.each([
    ["Australia/Sydney", "2027-03-31T09:30:00Z", "3d", "2027-04-03T09:30:00.000Z"], // Wed 20:30 AEDT → Sat 20:30 AEDT
    ["America/Los_Angeles", "2027-03-11T17:00:00Z", "3d", "2027-03-14T16:00:00.000Z"], // Thu 09:00 PST → Sun 09:00 PDT
    ["Pacific/Auckland", "2027-03-27T01:00:00Z", "1w", "2027-04-03T01:00:00.000Z"], // Sat 14:00 NZDT → Sat 14:00 NZDT
  ])("a day step that lands on the day of a change in %s keeps its wall-clock time", (zone, start, step, at) => {
    expect(iso(stepAt({ steps: [step], startedAt: Date.parse(start), timeZone: zone }, 0))).toBe(at);
    expect(iso(nextDue({ steps: [step], startedAt: Date.parse(start), nextIndex: 0, quiet: NIGHT, timeZone: zone })?.at)).toBe(at);
  });

  it("and across fall-back", () => {
    const start = Date.parse("2026-10-30T18:00:00Z"); // Fri 14:00 EDT
    expect(iso(stepAt({ steps: ["1w"], startedAt: start, timeZone: NY }, 0))).toBe("2026-11-06T19:00:00.000Z"); // 14:00 EST
  });
});

describe("nextDue", () => {
  const base = { steps: BEBACK, startedAt: START, nextIndex: 0, quiet: NIGHT, timeZone: NY };
  it.each([
    ["first step", {}, 0, "2026-11-23T19:20:00.000Z"],
    ["second step", { nextIndex: 1 }, 1, "2026-11-24T13:00:00.000Z"],
    ["a rep's text pushes it", { notBefore: Date.parse("2026-11-24T19:20:00Z") }, 0, "2026-11-24T19:20:00.000Z"],
    ["a later pause holds it", { resumeAt: Date.parse("2026-12-07T15:00:00Z") }, 0, "2026-12-07T15:00:00.000Z"],
    ["pushed into the night, it waits for morning", { notBefore: Date.parse("2026-11-24T03:00:00Z") }, 0, "2026-11-24T13:00:00.000Z"],
    ["a visit at 20:50 → first text after 08:00", { startedAt: Date.parse("2026-11-24T01:50:00Z") }, 0, "2026-11-24T13:00:00.000Z"],
    ["quiet hours off", { startedAt: Date.parse("2026-11-24T01:50:00Z"), quiet: null }, 0, "2026-11-24T02:10:00.000Z"],
  ])("%s", (_what, patch, index, at) => {
    const due = nextDue({ ...base, ...patch });
    expect(due?.index).toBe(index);
    expect(iso(due?.at)).toBe(at);
  });

  it("is null after the last step", () => {
    expect(nextDue({ ...base, nextIndex: 7 })).toBeNull();
  });
});

describe("spacedAfter: a step sent late holds the next back by the series' spacing, at most an hour", () => {
  const MIN = 60_000;
  const input = (steps: string[]) => ({ steps, startedAt: START, timeZone: NY });
  it.each<[string, string[], number, number, number | null]>([
    ["on time: the next at its own time", ["20m", "1h"], 0, START + 20 * MIN, START + 60 * MIN],
    ["held till morning: the next 40 min after it, not at once", ["20m", "1h"], 0, START + 11 * 60 * MIN, START + 11 * 60 * MIN + 40 * MIN],
    ["steps seconds apart keep their seconds", ["30s", "60s"], 0, START + 10 * MIN, START + 10 * MIN + 30_000],
    ["steps days apart: at most an hour after it", ["18h", "3d"], 0, START + 30 * 60 * MIN, START + 30 * 60 * MIN + SPACING_CAP_MS],
    ["two steps with the same delay: no wait", ["1h", "1h"], 0, START + 90 * MIN, START + 90 * MIN],
    ["the last step: nothing follows", ["20m", "1h"], 1, START + 60 * MIN, null],
  ])("%s", (_what, steps, index, sentAt, next) => {
    expect(spacedAfter(input(steps), index, sentAt)).toBe(next);
  });
});

describe("skipStale", () => {
  const base = { steps: BEBACK, startedAt: START, quiet: NIGHT, timeZone: NY };
  it.each([
    ["nothing overdue", 1, Date.parse("2026-11-24T12:00:00Z"), 1],
    ["one overdue", 1, Date.parse("2026-11-25T12:00:00Z"), 1],
    ["three overdue: keep the latest", 1, Date.parse("2026-12-08T12:00:00Z"), 4],
    ["all overdue", 1, Date.parse("2028-01-01T12:00:00Z"), 6],
    // Resumed Mon Dec 7 10:00 EST: the 7d step is overdue and the 14d one due at 14:00 the
    // same day (4 h on, of 7 days between them): the 14d one alone, at 14:00, not the 7d now
    // and the 14d four hours later.
    ["overdue, the next due the same day: keep the next", 1, Date.parse("2026-12-07T15:00:00Z"), 4],
    // Tue 12:00 EST: the 3d step falls due Thu 14:00, two days on: the 18h one now.
    ["overdue, the next days on: keep the overdue", 1, Date.parse("2026-11-24T17:00:00Z"), 1],
    // Mon 18:00 EST: the 20m step is owed, the 18h one due at 08:00 (14 h on, of 17 h 40 min): the 20m one now.
    ["the first owed, the next the next morning: the first now", 0, Date.parse("2026-11-23T23:00:00Z"), 0],
    // Mon Dec 7 18:30 EST: the 14d step is owed; the 30d one is 16 days on: kept.
    ["the 14d owed in the evening: kept", 1, Date.parse("2026-12-07T23:30:00Z"), 4],
    // Nothing owed now: a step due within the day keeps its place (nothing is skipped).
    ["nothing overdue, the next due within a day: unchanged", 2, Date.parse("2026-11-26T12:00:00Z"), 2],
  ])("%s", (_what, nextIndex, now, index) => {
    expect(skipStale({ ...base, nextIndex }, now)).toBe(index);
  });
});
