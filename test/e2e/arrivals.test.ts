// The drain bench's reading of arrival times (test/e2e/harness/arrivals.ts).
import { describe, expect, it } from "vitest";
import { closestToLimitMs, maxInAnySecond, perSecond } from "./harness/arrivals";

/** `count` arrivals `gap` ms apart from `from`. */
const evenly = (count: number, gap: number, from = 0) => Array.from({ length: count }, (_, i) => from + i * gap);

describe("maxInAnySecond", () => {
  it.each([
    ["none", [], 0],
    ["ten 100 ms apart: a second holds ten (the eleventh is 1,000 ms after the first)", evenly(11, 100), 10],
    ["ten 99 ms apart and one more", evenly(11, 99), 11],
    ["a burst of five inside a slow pace", [...evenly(5, 300), 1301, 1302, 1303, 1304].sort((a, b) => a - b), 7],
  ] as const)("%s", (_what, sorted, most) => {
    expect(maxInAnySecond(sorted)).toBe(most);
  });
});

describe("closestToLimitMs", () => {
  it.each([
    ["100 at 10 ms apart: 101 in a row span exactly a second", evenly(200, 10), 100, 0],
    ["at 10.5 ms apart: 50 ms of room", evenly(200, 10.5), 100, 50],
    ["at 9.9 ms apart: over the rate", evenly(200, 9.9), 100, -10],
    ["11 ms apart (100 ms of room) but for one extra arrival: 101 in a row then span 99 gaps", [...evenly(300, 11), 1505].sort((a, b) => a - b), 100, 89],
    ["too few arrivals", evenly(100, 10), 100, null],
    ["a fractional rate", evenly(10, 10), 0.5, null],
  ] as const)("%s", (_what, sorted, rate, room) => {
    const got = closestToLimitMs(sorted, rate);
    if (room === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(room, 6);
  });

  it("agrees with maxInAnySecond about where the limit is", () => {
    for (const gap of [9, 9.9, 10, 10.1, 12]) {
      const sorted = evenly(300, gap);
      expect(closestToLimitMs(sorted, 100)! >= 0).toBe(maxInAnySecond(sorted) <= 100);
    }
  });
});

describe("perSecond", () => {
  it("counts whole seconds from the first arrival and leaves out the last, partial one", () => {
    const sorted = [...evenly(100, 10), ...evenly(50, 20, 1000), 2500];
    expect(perSecond(sorted, 100)).toEqual({ counts: [100, 50], median: 75, below: 1 });
  });

  it.each([
    ["none", [], { counts: [], median: null, below: 0 }],
    ["one arrival", [5], { counts: [], median: null, below: 0 }],
    ["a steady pace with one stalled second", [...evenly(95, 10.5), ...evenly(60, 16, 1000), ...evenly(96, 10.4, 2000), 3000], { counts: [95, 60, 96], median: 95, below: 1 }],
  ] as const)("%s", (_what, sorted, expected) => {
    expect(perSecond(sorted, 100)).toEqual(expected);
  });
});
