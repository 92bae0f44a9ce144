// Pacing sends from the store number: at most `ratePerSecond` texts a second (a US long
// code allows 1). Pure: slots are whole-millisecond instants 1000 / rate ms apart,
// rounded up (never early), so `n` sends span at least (n - 1) * 1000 / rate ms. The rate may be
// fractional (0.5/s: one every 2 s) or above 1 (10/s: one every 100 ms); it must be > 0
// (the settings API keeps it within 0.01–100).

export function slotGap(ratePerSecond: number): number {
  return 1000 / ratePerSecond;
}

/** The next instant a text may leave, given the last slot used. */
export function nextFreeSlot(lastSlot: number | null, now: number, ratePerSecond: number): number {
  if (lastSlot === null) return now;
  return Math.max(now, Math.ceil(lastSlot + slotGap(ratePerSecond)));
}

/** Send instants for `count` texts, starting at `firstFree`. */
export function paceSlots(count: number, firstFree: number, ratePerSecond: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.ceil(firstFree + i * slotGap(ratePerSecond)));
}
