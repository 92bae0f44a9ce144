// The pace as Twilio saw it: arrival times at the fake Twilio (ms, ascending), read by the
// drain bench (bench/e2e/engine.bench.ts). Pure.

/** The most arrivals inside any one second, sliding. */
export function maxInAnySecond(sorted: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * How much room the arrivals left under "at most `rate` in any second": the shortest span of
 * `rate + 1` arrivals in a row, less 1,000 ms. Negative when some second held more than the
 * rate; null when there are not `rate + 1` arrivals (or the rate is not a whole number).
 */
export function closestToLimitMs(sorted: readonly number[], rate: number): number | null {
  if (!Number.isInteger(rate) || rate < 1 || sorted.length <= rate) return null;
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + rate < sorted.length; i++) shortest = Math.min(shortest, sorted[i + rate]! - sorted[i]!);
  return shortest - 1000;
}

/**
 * Arrivals in each whole second counted from the first arrival (the last, partial second is
 * left out), their median, and how many of those seconds held fewer than `share` of the rate
 * (a stall: the pace fell behind and did not make it up).
 */
export function perSecond(sorted: readonly number[], rate: number, share = 0.9): { counts: number[]; median: number | null; below: number } {
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return { counts: [], median: null, below: 0 };
  const counts: number[] = Array.from({ length: Math.floor((last - first) / 1000) }, () => 0);
  for (const at of sorted) {
    const second = Math.floor((at - first) / 1000);
    if (second < counts.length) counts[second]! += 1;
  }
  const ordered = [...counts].sort((a, b) => a - b);
  const median = ordered.length === 0 ? null : ordered.length % 2 ? ordered[(ordered.length - 1) / 2]! : (ordered[ordered.length / 2 - 1]! + ordered[ordered.length / 2]!) / 2;
  return { counts, median, below: counts.filter((n) => n < rate * share).length };
}
