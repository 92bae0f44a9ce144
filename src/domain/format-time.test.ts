import { describe, expect, it } from "vitest";
import { formatDay, formatDayRelative, formatWhen } from "./format-time";

const NY = "America/New_York";
const NOW = Date.parse("2026-11-23T15:00:00Z"); // Mon 10am in New York

describe("formatWhen", () => {
  it.each([
    ["2026-11-23T20:40:00Z", "today 3:40pm"],
    ["2026-11-23T17:00:00Z", "today 12pm"],
    ["2026-11-24T13:00:00Z", "tomorrow 8am"],
    ["2026-11-24T04:59:00Z", "today 11:59pm"],
    ["2026-11-24T05:00:00Z", "tomorrow 12am"],
    ["2026-11-26T05:30:00Z", "Thu 12:30am"],
    ["2026-12-03T15:00:00Z", "Dec 3 10am"],
    ["2026-12-24T17:05:00Z", "Dec 24 12:05pm"],
    ["2027-02-01T15:00:00Z", "Feb 1 2027 10am"],
  ])("%s → %s", (at, text) => {
    expect(formatWhen(Date.parse(at), NOW, NY)).toBe(text);
  });
});

describe("formatDay", () => {
  it("names the store's local day", () => {
    expect(formatDay(Date.parse("2026-06-03T03:00:00Z"), NY)).toBe("Jun 2");
  });
});

describe("formatDayRelative", () => {
  it.each([
    ["2026-11-23T20:40:00Z", "today"],
    ["2026-11-24T13:00:00Z", "tomorrow"],
    ["2026-11-27T15:00:00Z", "Fri"],
    ["2026-12-24T15:00:00Z", "Dec 24"],
    ["2027-11-22T15:00:00Z", "Nov 22 2027"],
  ])("%s → %s", (at, text) => {
    expect(formatDayRelative(Date.parse(at), NOW, NY)).toBe(text);
  });
});
