import { describe, expect, it } from "vitest";
import { nextFreeSlot, paceSlots } from "./pacing";

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
