import { describe, expect, it } from "vitest";
import { CATCH_UP_MS, gridGap, gridSlot, MAX_LATE_MARGIN_MS, nextFreeSlot, paceSlots, paceWindow, WINDOW_MARGIN_MS } from "./pacing";

describe("paceSlots", () => {
  it.each([
    [3, 1000, 1, [1000, 2000, 3000]],
    [3, 1000, 0.5, [1000, 3000, 5000]],
    [4, 0, 10, [0, 100, 200, 300]],
    [2, 0, 3, [0, 334]],
    [1, 7, 1, [7]],
    [0, 0, 1, []],
  ])("%i texts from %i at %s/s", (count, first, rate, slots) => {
    expect(paceSlots(count, first, rate)).toEqual(slots);
  });

  it.each([
    [1, 19_000],
    [0.5, 38_000],
    [10, 1_900],
  ])("twenty texts due at once at %s/s all get a slot, the last %i ms later", (rate, span) => {
    const slots = paceSlots(20, 0, rate);
    expect(new Set(slots).size).toBe(20);
    expect(slots.at(-1)).toBe(span);
  });
});

describe("nextFreeSlot", () => {
  it.each([
    [null, 5000, 1, 5000], // nothing sent yet: now
    [4500, 5000, 1, 5500], // the last send was half a second ago
    [1000, 5000, 1, 5000], // long idle: now
    [5000, 5000, 0.5, 7000],
    [5000, 5000, 10, 5100],
    [5000, 4000, 1, 6000], // a clock behind the last slot still waits for it
    [5000, 5000, 3, 5334], // 333.3 ms, rounded up
  ])("last %s, now %i, %s/s → %i", (last, now, rate, slot) => {
    expect(nextFreeSlot(last, now, rate)).toBe(slot);
  });
});

describe("paceWindow", () => {
  it.each([
    [100, 1000, 98], // 2 % of headroom for arrival jitter
    [1, 1000, 1],
    [2.5, 1000, 2], // rounded down: never above the rate
    [0.5, 2000, 1],
    [0.01, 100_000, 1],
  ])("%s/s: at most %i ms holds %i", (rate, ms, count) => {
    expect(paceWindow(rate)).toEqual({ ms, count });
  });
});

describe("gridSlot", () => {
  const M = WINDOW_MARGIN_MS;
  const G = gridGap(100); // 10.2 ms: 98 a second
  it.each([
    ["nothing sent yet: now", null, [], 5000, 100, { grid: 5000, slot: 5000 }],
    ["on the grid: one grid gap after the last place, the slot the whole ms after it", 5000, [5000], 5003, 100, { grid: 5000 + G, slot: 5011 }],
    ["the last send left 6 ms late: the grid does not move, the slot keeps half a gap", 5000, [5006], 5006, 100, { grid: 5000 + G, slot: 5012 }],
    ["behind: from at most CATCH_UP_MS ago", 5000, [5000], 9000, 100, { grid: 9000 - CATCH_UP_MS, slot: 9000 - CATCH_UP_MS }],
    ["a full window: a second after its first send", 4700, [4400, 4700, 5000], 5000, 3, { grid: 4700 + gridGap(3), slot: 5400 + M }],
    ["one a second: the grid, 2 % under the rate", 5000, [5000], 5000, 1, { grid: 5000 + gridGap(1), slot: 6021 }],
    ["one every two seconds", 5000, [5000], 5000, 0.5, { grid: 5000 + gridGap(0.5), slot: 7041 }],
  ] as const)("%s", (_what, last, recent, now, rate, expected) => {
    expect(gridSlot(last, recent, now, rate)).toEqual(expected);
  });

  it("keeps the grid's fractions: at 100/s, 98 places a second, the 99th exactly a second after the first", () => {
    let last: number | null = null;
    const slots: number[] = [];
    for (let i = 0; i < 99; i++) {
      const placed = gridSlot(last, [], 0, 100);
      last = placed.grid;
      slots.push(placed.slot);
    }
    expect(slots.slice(0, 3)).toEqual([0, 11, 21]);
    expect(slots[98]).toBe(1000);
  });

  it("a full window of sends at 100/s keeps the 99th a second (and the margin) after the 1st, however far behind the grid", () => {
    const recent = Array.from({ length: 98 }, (_, i) => 1000 + i * 5);
    expect(gridSlot(1000, recent, 1500, 100).slot).toBe(2000 + M);
  });

  it.each([
    ["sends that left evenly", 0, 2000 + M],
    ["sends that left up to 40 ms unevenly late: the window is 40 ms longer", 40, 2040 + M],
    ["however uneven, at most MAX_LATE_MARGIN_MS longer", 5_000, 2000 + M + MAX_LATE_MARGIN_MS],
  ] as const)("a full window at 100/s, %s", (_what, late, slot) => {
    const recent = Array.from({ length: 98 }, (_, i) => 1000 + i * 5);
    expect(gridSlot(1000, recent, 1500, 100, late).slot).toBe(slot);
  });
});
