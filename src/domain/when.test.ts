import { describe, expect, it } from "vitest";
import { parseWhen } from "./when";

const NY = "America/New_York";
const NOW = Date.parse("2026-11-23T15:00:00Z"); // Monday Nov 23, 10:00 EST

describe("parseWhen", () => {
  it.each([
    ["2 weeks", "2026-12-07T15:00:00.000Z", "Mon Dec 7"],
    ["two weeks", "2026-12-07T15:00:00.000Z", "Mon Dec 7"],
    ["in 2 weeks", "2026-12-07T15:00:00.000Z", "Mon Dec 7"],
    ["3 days", "2026-11-26T15:00:00.000Z", "Thu Nov 26"],
    ["a month", "2026-12-23T15:00:00.000Z", "Wed Dec 23"],
    ["6 months", "2027-05-23T14:00:00.000Z", "Sun May 23 2027"],
    ["next week", "2026-11-30T15:00:00.000Z", "Mon Nov 30"],
    ["next month", "2026-12-01T15:00:00.000Z", "Tue Dec 1"],
    ["next quarter", "2027-01-01T15:00:00.000Z", "Fri Jan 1 2027"],
    ["next year", "2027-01-01T15:00:00.000Z", "Fri Jan 1 2027"],
    ["tomorrow", "2026-11-24T15:00:00.000Z", "Tue Nov 24"],
    ["June 3", "2027-06-03T14:00:00.000Z", "Thu Jun 3 2027"],
    ["jun 3rd", "2027-06-03T14:00:00.000Z", "Thu Jun 3 2027"],
    ["3 june", "2027-06-03T14:00:00.000Z", "Thu Jun 3 2027"],
    ["Dec 24", "2026-12-24T15:00:00.000Z", "Thu Dec 24"],
    ["12/24", "2026-12-24T15:00:00.000Z", "Thu Dec 24"],
    ["6/3", "2027-06-03T14:00:00.000Z", "Thu Jun 3 2027"],
    ["tuesday", "2026-11-24T15:00:00.000Z", "Tue Nov 24"],
    ["Tue.", "2026-11-24T15:00:00.000Z", "Tue Nov 24"],
    ["monday", "2026-11-30T15:00:00.000Z", "Mon Nov 30"],
    ["on friday", "2026-11-27T15:00:00.000Z", "Fri Nov 27"],
    ["end of month", "2026-11-30T15:00:00.000Z", "Mon Nov 30"],
    ["March 10", "2027-03-10T15:00:00.000Z", "Wed Mar 10 2027"],
  ])("%j → %s (%s)", (phrase, at, label) => {
    const when = parseWhen(phrase, NOW, NY);
    expect(when && new Date(when.at).toISOString()).toBe(at);
    expect(when?.label).toBe(label);
  });

  it.each(["someday", "", "feb 30", "13/1", "in 5 years", "0 days", "soon", "blue", "june 31"])("%j → null", (phrase) => {
    expect(parseWhen(phrase, NOW, NY)).toBeNull();
  });

  it("today's weekday means next week, and a past date means next year", () => {
    expect(parseWhen("monday", NOW, NY)?.label).toBe("Mon Nov 30");
    expect(parseWhen("nov 23", NOW, NY)?.label).toBe("Tue Nov 23 2027");
  });
});
