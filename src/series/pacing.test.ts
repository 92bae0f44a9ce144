import { describe, expect, it } from "vitest";
import { nextFreeSlot, paceSlots } from "./pacing";

describe("paceSlots", () => {
  it.each([
    [3, 1000, 1, [1000, 2000, 3000]],
    [3, 1000, 0.5, [1000, 3000, 5000]],
    [4, 0, 10, [0, 100, 200, 300]],
    [2, 0, 3, [0, 334]],
    [0, 0, 1, []],
  ])("%i texts from %i at %s/s", (count, first, rate, slots) => {
    expect(paceSlots(count, first, rate)).toEqual(slots);
  });
});

describe("nextFreeSlot", () => {
  it.each([
    [null, 5000, 1, 5000],
    [4500, 5000, 1, 5500],
    [1000, 5000, 1, 5000],
    [5000, 5000, 0.5, 7000],
    [5000, 5000, 10, 5100],
  ])("last %s, now %i, %s/s → %i", (last, now, rate, slot) => {
    expect(nextFreeSlot(last, now, rate)).toBe(slot);
  });
});
