// What an owner's series edit means for the leads already in that series: each lead keeps
// its place among the steps, not its position in the list. A step inserted before the
// steps a customer already got is not sent to them (it is behind them), a step removed
// does not make them skip the one after it, and a step they got is never sent again
// because the steps before it changed. The texts already sent, and the ledger of steps done,
// follow their step to its new position, so the owner's results stay with the words that
// earned them. Pure: the old steps and the new in; each step's new position and each place's
// way on out (`seriesEdit`), and where one lead goes on (`placeOf`).
import type { SeriesStepRow } from "../db/schema";
import { parseAfter } from "./duration";

export interface SeriesEdit {
  /** Old position → the same step's new position; null when the step was removed. */
  moves: (number | null)[];
  /** `passed` old steps (a lead's `series_next_index`, 0 to the old length) → where it goes on (`placeOf`). */
  plan: Place[];
  /**
   * A lead whose old step k is in its Twilio call as the edit lands → where it goes: that
   * step's new position (the call's outcome, sent or to try again, is written there), or,
   * for a step removed, its place as if the step went.
   */
  inCall: Place[];
}

const words = (s: SeriesStepRow) => s.body.trim();
const delay = (s: SeriesStepRow) => parseAfter(s.after) ?? 0;

/**
 * Which new step each old step became: the same words at the same delay first (so words a
 * series uses twice pair up where they were), then the same words (re-timed or moved), then —
 * for a step whose words changed — the same delay ("1w" is "7d"), and last a step both
 * reworded and re-timed: the one unpaired old step between two pairs, where the new list has
 * one unpaired step too. Each new step stands for at most one old step.
 */
function stepMoves(before: readonly SeriesStepRow[], after: readonly SeriesStepRow[]): (number | null)[] {
  const moves: (number | null)[] = before.map(() => null);
  const taken = new Set<number>();
  const pick = (i: number, same: (a: SeriesStepRow, b: SeriesStepRow) => boolean) => {
    const j = after.findIndex((s, j) => !taken.has(j) && same(before[i]!, s));
    if (j >= 0) {
      moves[i] = j;
      taken.add(j);
    }
  };
  before.forEach((_, i) => pick(i, (a, b) => words(a) === words(b) && delay(a) === delay(b)));
  before.forEach((_, i) => moves[i] === null && pick(i, (a, b) => words(a) === words(b)));
  before.forEach((_, i) => moves[i] === null && pick(i, (a, b) => delay(a) === delay(b)));
  // Reworded and re-timed in one save: the only step between two pairs, on both sides.
  before.forEach((_, i) => {
    if (moves[i] !== null) return;
    const p = moves.slice(0, i).findLastIndex((j) => j !== null);
    const q = moves.findIndex((j, k) => k > i && j !== null);
    const [from, to] = [p < 0 ? -1 : moves[p]!, q < 0 ? after.length : moves[q]!];
    if ((q < 0 ? before.length : q) - p === 2 && to - from === 2 && !taken.has(from + 1)) {
      moves[i] = from + 1;
      taken.add(from + 1);
    }
  });
  return moves;
}

/**
 * Where a lead that had passed k old steps goes on, before its own clock is asked (`plan`):
 * `from`, one after the last new step that stands for an old step it passed (0 if none),
 * then `run`, the new steps that follow there up to the next step that stands for an old one.
 * A step of the run is behind the lead — skipped, never sent — when it is no later than the
 * last step the lead passed (`byLast`; at the same delay, placed before that step) or when its
 * time in the lead's series came before she was last texted (`delayMs` ≤ the series' age
 * then: through edits that replaced every step and put them back, what she really got still
 * counts): a step inserted before the steps a customer got is not sent to her; the first step
 * of the run that is not behind is where she goes on.
 */
export interface Place {
  from: number;
  run: { delayMs: number; byLast: boolean }[];
}

/** Where a lead goes on (`plan`), last texted when its series was `textedAtAgeMs` old (null: never, or not asked). */
export function placeOf(place: Place, textedAtAgeMs: number | null): number {
  const behind = place.run.findIndex((step) => !(step.byLast || (textedAtAgeMs !== null && step.delayMs <= textedAtAgeMs)));
  return place.from + (behind < 0 ? place.run.length : behind);
}

/** Where a lead that had passed `passed` of the old steps goes on in the new ones (`Place`). */
function planFor(before: readonly SeriesStepRow[], after: readonly SeriesStepRow[], moves: readonly (number | null)[], passed: number): Place {
  // No steps known before (a series emptied before they were kept): nothing to go by.
  if (before.length === 0) return { from: 0, run: [] };
  // Every step had: done, and stays done (a step added at the end is not sent to it).
  if (passed >= before.length) return { from: after.length, run: [] };
  const last = passed > 0 ? before[passed - 1] : undefined;
  const lastAt = passed > 0 ? moves[passed - 1] : null;
  const stoodFor = new Set(moves.filter((j): j is number => j !== null));
  const from = moves.slice(0, passed).reduce<number>((max, j) => (j !== null && j + 1 > max ? j + 1 : max), 0);
  const run: Place["run"] = [];
  for (let j = from; j < after.length && !stoodFor.has(j); j++) {
    const step = after[j]!;
    const byLast = last !== undefined && (delay(step) < delay(last) || (delay(step) === delay(last) && (lastAt == null || j < lastAt)));
    run.push({ delayMs: delay(step), byLast });
  }
  return { from, run };
}

/** What an edit from `before` to `after` moves: each step, and each place a lead may be at. */
export function seriesEdit(before: readonly SeriesStepRow[], after: readonly SeriesStepRow[]): SeriesEdit {
  // Saved with no steps, a series sends nothing and its leads wait where they are (the page
  // asks first); the steps it had are kept with it, and the next save with steps is an edit
  // of those (api-series.ts): nothing moves now.
  if (after.length === 0) {
    const same = before.map((_, i) => i);
    return { moves: same, plan: [...same, before.length].map((from) => ({ from, run: [] })), inCall: same.map((from) => ({ from, run: [] })) };
  }
  const moves = stepMoves(before, after);
  const plan = Array.from({ length: before.length + 1 }, (_, passed) => planFor(before, after, moves, passed));
  return { moves, plan, inCall: moves.map((j, k) => (j === null ? plan[k + 1]! : { from: j, run: [] })) };
}
