// chrono-node (a dev dependency, never bundled) as an independent oracle: on phrases
// where its meaning and Beback's agree, both must name the same day, from anchors spread
// over two years (every weekday, month ends, both DST changes). Where they are defined
// differently, the difference is listed, not hidden.
import * as chrono from "chrono-node";
import { describe, expect, it } from "vitest";
import { readWhen } from "./when";
import { zonedParts, zoneOffsetMs } from "./zoned-time";

const NY = "America/New_York";
const DAY = 86_400_000;
/** 80 anchors at 09:00 New York time, 9 days apart from Sunday Jan 3 2027: every weekday and month position. */
const ANCHORS = Array.from({ length: 80 }, (_, i) => Date.parse("2027-01-03T14:00:00Z") + i * 9 * DAY);

type Anchor = ReturnType<typeof zonedParts>;
const lastDay = (a: Anchor) => new Date(Date.UTC(a.year, a.month, 0)).getUTCDate();
const weekday = (n: number) => (a: Anchor) => a.weekday === n;
/** Anchors where Beback's documented meaning differs from chrono's (besides "has passed" within 30 days, see below). */
const DIFFERENT: Record<string, (a: Anchor) => boolean> = {
  // Month arithmetic clamps: chrono reads a month from Jan 30 as Mar 2.
  "a month": (a) => a.day > 28,
  "3 mos": (a) => a.day > 28,
  "6 months": (a) => a.day > 28,
  "a year": (a) => a.month === 2 && a.day === 29,
  // A weekday said on that weekday is next week's; chrono reads today.
  tuesday: weekday(2),
  friday: weekday(5),
  sunday: weekday(0),
  // On the month's last day, the end of next month; chrono reads today.
  "end of month": (a) => a.day === lastDay(a),
};
const AGREED = [
  "tomorrow", "in 3 days", "3 days", "a few days", "2 weeks", "in 2 weeks", "two weeks from now", "couple weeks",
  "a month", "3 mos", "6 months", "a year", "june 3", "dec 24", "march 10", "tuesday", "friday", "sunday",
  "tomorrow morning", "4th of july", "end of month", "next weekend",
];

function ymd(ms: number): string {
  const p = zonedParts(ms, NY);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

function chronoDay(phrase: string, now: number): string | null {
  const [hit] = chrono.parse(phrase, { instant: new Date(now), timezone: zoneOffsetMs(now, NY) / 60_000 }, { forwardDate: true });
  return hit && hit.text === phrase ? ymd(hit.start.date().getTime()) : null;
}

describe("chrono-node agrees where the meanings agree", () => {
  it.each(AGREED)("%j from 80 anchors", (phrase) => {
    const disagreements: string[] = [];
    let compared = 0;
    for (const now of ANCHORS) {
      const ours = readWhen(phrase, now, NY);
      if (DIFFERENT[phrase]?.(zonedParts(now, NY))) continue;
      // A day that passed within the last 30 days is a question for Beback, next year's for chrono.
      if (!ours.ok && /has passed/.test(ours.reason ?? "")) continue;
      compared++;
      const theirs = chronoDay(phrase, now);
      const mine = ours.ok ? ymd(ours.at) : null;
      if (mine !== theirs) disagreements.push(`${ymd(now)}: beback ${mine}, chrono ${theirs}`);
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });

  // Monday Nov 23 2026: where chrono reads less (or otherwise) than a rep means.
  it.each([
    ["mid june", "2027-06-15", null],
    ["a week from friday", "2026-12-04", null],
    ["day after tomorrow", "2026-11-25", null],
    ["early next month", "2026-12-01", null],
    ["next month", "2026-12-01", "2026-12-23"],
    ["the 15th", "2026-12-15", null],
    ["after christmas", "2026-12-26", null],
    ["thanksgiving", "2026-11-26", null],
    ["2 wks", "2026-12-07", null],
    ["a fortnight", "2026-12-07", null],
    ["feb 29", "2028-02-29", null],
  ])("%j: beback %s, chrono %s", (phrase, ours, theirs) => {
    const now = Date.parse("2026-11-23T14:00:00Z");
    const when = readWhen(phrase, now, NY);
    expect(when.ok && ymd(when.at)).toBe(ours);
    expect(chronoDay(phrase, now)).toBe(theirs);
  });
});
