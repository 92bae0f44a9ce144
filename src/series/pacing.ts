// Pacing sends from the store number: at most `ratePerSecond` texts a second (a US long
// code allows 1). Pure: slots are instants spaced 1000 / rate ms apart.

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
