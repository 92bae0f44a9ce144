import { describe, expect, it } from "vitest";
import { nextRepRoundRobin, pickRep, type PickOptions } from "./assign-rep";

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

describe("pickRep", () => {
  const NOW = 1_000;
  // Each rep: its id, then `x` inactive, `a` away, `s` its phone texted STOP.
  const state = (spec: string, last: number | null) => {
    const parsed = spec.split(",").map((s) => ({ id: Number(s.replace(/\D/g, "")), flags: s.replace(/\d/g, "") }));
    return {
      reps: parsed.map((r) => ({ id: r.id, active: !r.flags.includes("x"), awayUntil: r.flags.includes("a") ? NOW + 1 : r.id % 2 === 0 ? NOW : null, phone: `+1212555010${r.id}` })),
      lastAssignedRepId: last,
      optedOut: new Set(parsed.filter((r) => r.flags.includes("s")).map((r) => `+1212555010${r.id}`)),
      now: NOW,
    };
  };
  it.each<[string, number | null, PickOptions, { id: number; turn: boolean } | null]>([
    ["1,2,3", 1, {}, { id: 2, turn: true }],
    // An away-until that has passed (reps 2 and 4 here) is not away.
    ["1,2,3", 3, {}, { id: 1, turn: true }],
    ["1,2a,3", 1, {}, { id: 3, turn: true }],
    ["1x,2a", null, {}, null],
    // The customer of an inactive rep, with every other rep away: still the next in turn.
    ["1x,2a", null, { orAway: true }, { id: 2, turn: true }],
    ["1x,2a,3a", 2, { orAway: true }, { id: 3, turn: true }],
    // One who is not away goes first, whatever the turn.
    ["1a,2,3a", 2, { orAway: true }, { id: 2, turn: true }],
    // Away or not, a phone that texted STOP, or an inactive rep, never takes it.
    ["1x,2s,3a", 3, { orAway: true }, { id: 3, turn: true }],
    ["1x,2s", null, { orAway: true }, null],
    ["1x,2x", null, { orAway: true }, null],
    // Covering: anyone but the rep covered for, and not someone away.
    ["1a,2", 2, { except: 2 }, null],
    ["1,2", 2, { except: 2 }, { id: 1, turn: true }],
    // The rep who texted the number, out of turn, when they can take it.
    ["1,2,3", 1, { preferred: 3 }, { id: 3, turn: false }],
    ["1,2,3a", 1, { preferred: 3 }, { id: 2, turn: true }],
    ["1,2,3a", 1, { preferred: 3, orAway: true }, { id: 2, turn: true }],
    ["1a,3a", 1, { preferred: 1, orAway: true }, { id: 1, turn: false }],
  ])("reps %s after %s, %j → %j", (spec, last, opts, expected) => {
    expect(pickRep(state(spec, last), opts)).toEqual(expected);
  });
});
