import { describe, expect, it } from "vitest";
import { nextRepRoundRobin } from "./assign-rep";

const reps = (spec: string) => spec.split(",").filter(Boolean).map((s) => ({ id: Number(s.replace("x", "")), active: !s.endsWith("x") }));

describe("nextRepRoundRobin", () => {
  it.each([
    ["1,2,3", null, 1],
    ["1,2,3", 1, 2],
    ["1,2,3", 3, 1],
    ["1,2x,3", 1, 3],
    ["1x,2x", null, null],
    ["", 4, null],
    ["3,1,2", 2, 3],
    ["1,5", 3, 5],
    ["2", 2, 2],
  ])("reps %s after %s → %s", (spec, last, expected) => {
    expect(nextRepRoundRobin(reps(spec), last)).toBe(expected);
  });
});
