import { describe, expect, it } from "vitest";
import type { SeriesStepRow } from "../db/schema";
import { parseAfter } from "./duration";
import { placeOf, seriesEdit } from "./series-edit";

const step = (after: string, body: string): SeriesStepRow => ({ after, body });
const A = step("20m", "Thanks for coming in");
const B = step("18h", "Any questions?");
const C = step("3d", "Still thinking?");
const D = step("7d", "A week on");

describe("seriesEdit", () => {
  it.each<[string, SeriesStepRow[], SeriesStepRow[], (number | null)[], number[]]>([
    // name, before, after, moves (old → new), places (passed → next)
    ["nothing changed", [A, B, C], [A, B, C], [0, 1, 2], [0, 1, 2, 3]],
    ["a step inserted first: behind everyone who had a step, first for a lead who had none", [A, B, C], [step("5m", "Hello"), A, B, C], [1, 2, 3], [0, 2, 3, 4]],
    ["a step inserted between: skipped by those already past it", [A, B, C], [A, B, step("1d", "New"), C], [0, 1, 3], [0, 1, 2, 4]],
    ["a step added at the end: every lead still in the series gets it; one that had every step is done", [A, B, C], [A, B, C, D], [0, 1, 2], [0, 1, 2, 4]],
    ["the first step removed: nobody skips the second", [A, B, C], [B, C], [null, 0, 1], [0, 0, 1, 2]],
    ["a middle step removed", [A, B, C], [A, C], [0, null, 1], [0, 1, 1, 2]],
    ["the last step removed: those who had it are done", [A, B, C], [A, B], [0, 1, null], [0, 1, 2, 2]],
    ["new words at the same delay are the same step", [A, B, C], [A, step("18h", "Questions about the {product}?"), C], [0, 1, 2], [0, 1, 2, 3]],
    ["the same words re-timed are the same step", [A, B, C], [A, step("1d", "Any questions?"), C], [0, 1, 2], [0, 1, 2, 3]],
    ["two steps swapped by their words: a lead never gets one twice", [A, B, C], [A, step("18h", "Still thinking?"), step("3d", "Any questions?")], [0, 2, 1], [0, 1, 3, 3]],
    ["every step replaced: places by delay", [A, B, C], [step("1h", "x"), step("2d", "y")], [null, null, null], [0, 0, 1, 2]],
    ["a step reworded and re-timed at once is still that step", [A, B, C], [A, step("1d", "B, better worded"), C], [0, 1, 2], [0, 1, 2, 3]],
    ["the same delay written another way is the same delay", [A, step("7d", "Old words"), D], [A, step("1w", "New words"), D], [0, 1, 2], [0, 1, 2, 3]],
    ["words used twice: the copy reworded keeps its place", [A, step("1d", "Checking in"), C, step("7d", "Checking in")], [A, step("1d", "New words"), C, step("7d", "Checking in")], [0, 1, 2, 3], [0, 1, 2, 3, 4]],
    ["words used twice: the first copy removed, a lead past it goes on with the next", [A, step("1d", "Checking in"), C, step("7d", "Checking in")], [A, C, step("7d", "Checking in")], [0, null, 1, 2], [0, 1, 1, 2, 3]],
    ["equal delays: a step added at the last delay comes after the one still to go", [A, step("1d", "B"), step("1d", "C")], [A, step("1d", "B"), step("1d", "C"), step("1d", "D")], [0, 1, 2], [0, 1, 2, 4]],
    ["equal delays: a new step placed before the last one passed, at its delay, is behind", [A, step("1d", "B")], [A, step("1d", "N"), step("1d", "B")], [0, 2], [0, 1, 3]],
    ["equal delays: the last step passed removed, a new one at its delay is behind", [A, step("1d", "B"), C], [A, step("1d", "N"), C], [0, 1, 2], [0, 1, 2, 3]],
    ["from no steps (a series emptied before the steps it had were kept)", [], [A, B], [], [0]],
    ["to no steps: the series sends nothing, and nothing moves (its steps are kept for the next save)", [A, B], [], [0, 1], [0, 1, 2]],
  ])("%s", (_name, before, after, moves, places) => {
    const edit = seriesEdit(before, after);
    expect(edit.moves).toEqual(moves);
    expect(edit.plan.map((p) => placeOf(p, null))).toEqual(places);
  });

  it("a new step whose time came before the customer was last texted is behind her: every step replaced, then put back, sends nothing twice", () => {
    const other = [step("10m", "Quick question"), step("2h", "Still thinking?"), step("1d", "Anything?")];
    // Jane had A (20m: last texted then) and waits for B (18h); the owner replaces every step.
    const away = seriesEdit([A, B, C], other);
    expect(placeOf(away.plan[1]!, 20 * 60_000)).toBe(1);
    // She got "Quick question" (10m, behind her) no, and is waiting for 2h; the owner puts the first texts back.
    const back = seriesEdit(other, [A, B, C]);
    expect(placeOf(back.plan[1]!, null)).toBe(0);
    expect(placeOf(back.plan[1]!, 20 * 60_000)).toBe(1);
    // Never texted: an overdue first step still goes.
    expect(placeOf(seriesEdit([A, B], [step("1m", "Hi"), B]).plan[0]!, null)).toBe(0);
  });

  it("a step in its Twilio call goes to its new place, or past it when removed", () => {
    expect(seriesEdit([A, B, C], [step("5m", "Hello"), A, B, C]).inCall.map((p) => placeOf(p, null))).toEqual([1, 2, 3]);
    expect(seriesEdit([A, B, C], [B, C]).inCall.map((p) => placeOf(p, null))).toEqual([0, 0, 1]);
  });

  it("no lead is sent a step it already got, nor skips one it had not passed that kept its place, whatever the edit", () => {
    const pool = [A, B, C, D, step("1h", "x"), step("2d", "Any questions at all?"), step("18h", "y"), step("3d", "y")];
    // In order of their delay, as the API keeps them.
    const byDelay = (steps: SeriesStepRow[]) => [...steps].sort((a, b) => parseAfter(a.after)! - parseAfter(b.after)!);
    for (let seed = 1; seed < 500; seed++) {
      let r = seed;
      const rand = (n: number) => ((r = (r * 1103515245 + 12345) % 2 ** 31), r % n);
      const pick = () => pool.filter(() => rand(2) === 0);
      const [before, after] = [byDelay(pick()), byDelay(pick())];
      const edit = seriesEdit(before, after);
      for (let passed = 0; passed <= before.length; passed++) {
        // No step it passed stands at or after its place (words shared by two steps, as "y" here, are two steps).
        const place = placeOf(edit.plan[passed]!, null);
        expect(edit.moves.slice(0, passed).filter((j) => j !== null && j >= place), `${seed}/${passed}`).toEqual([]);
        const got = new Set(before.slice(0, passed).map((s) => s.body));
        // A step it had not passed, kept in order with the ones around it, is still ahead.
        if (passed < before.length) {
          const kept = edit.moves.slice(passed).filter((j): j is number => j !== null);
          const inOrder = edit.moves.filter((j): j is number => j !== null).every((j, i, all) => i === 0 || j > all[i - 1]!);
          if (inOrder) expect(kept.filter((j) => j < place), `${seed}/${passed} skipped`).toEqual([]);
        }
        if (got.has("y")) continue;
        expect(after.slice(place).filter((s) => got.has(s.body)), `${seed}/${passed}`).toEqual([]);
      }
    }
  });
});
