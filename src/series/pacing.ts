// Pacing sends from the store number: at most `ratePerSecond` texts a second (a US long
// code allows 1). `gridSlot` is what the turnstile (lanes.ts) uses: slots on a grid one
// `gridGap` apart (2 % wider than 1000 / rate ms) that a late send does not shift, held to
// the rate over any window. Pure: slots are whole-millisecond instants, rounded up (never
// early); `paceSlots` and `nextFreeSlot` space them 1000 / rate ms apart. The rate may be
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

/**
 * The grid runs this much below the rate: sends go evenly spaced at 98 % of it, so a second
 * at Twilio holds the rate even when a few of them arrive some ms early or late. Until
 * then the grid ran at the rate and the window below (3 % fewer) set the pace: 97 sends in
 * 970 ms, then a pause of 45 ms and more — 88–92 texts a second at 100/s.
 */
export const GRID_HEADROOM = 0.02;

/** The gap between grid places: one slot of the rate, less GRID_HEADROOM. */
export function gridGap(ratePerSecond: number): number {
  return slotGap(ratePerSecond * (1 - GRID_HEADROOM));
}

/** How far behind the grid a pace that fell behind (a late timer, a slow check) may catch up. */
export const CATCH_UP_MS = 100;
/**
 * The hard limit, for sends that bunch (a grid catching up, a busy thread): room for the
 * jitter between a send passing the turnstile and Twilio seeing it arrive (an RPC back to a
 * sender, its fetch): a window holds 2 % fewer sends than the rate (rounded down) and is
 * this much longer than its second. Measured in `npm run bench` at 100/s, with the grid at
 * the rate: with neither, 102–108 arrivals in some second; with a 5 ms margin, 102–105;
 * with 25 ms, 100–102; with 15 ms and 2 % fewer, 99–101; then (3 % fewer, and the
 * stretch below) at most 97–98. With the grid 2 % under the rate and 1 % fewer, 99–100:
 * too close, so 2 %: the window binds for the margin's 15 ms once a second.
 */
export const WINDOW_MARGIN_MS = 15;
export const WINDOW_HEADROOM = 0.02;
/**
 * The most a window is stretched by sends that left unevenly late (`gridSlot`'s `late`): a
 * thread busy enough to release sends unevenly late also delays them unevenly after they
 * leave, and bunches them on the way to Twilio by about as much.
 */
export const MAX_LATE_MARGIN_MS = 100;
/** A send that catches up with the grid still keeps this part of a gap after the one before. */
export const CATCH_UP_SPACING = 0.5;
/** The most sends a window is counted over; above it (rates the settings do not allow) only the gap paces. */
export const MAX_WINDOW_COUNT = 1_000;

/**
 * The window the rate is held over: any `ms` holds at most `count` sends (a second, or one
 * gap when that is longer; the count rounded down, so never above the rate, less the
 * WINDOW_HEADROOM).
 */
export function paceWindow(ratePerSecond: number): { ms: number; count: number } {
  const ms = Math.max(1000, slotGap(ratePerSecond));
  const full = Math.floor((ratePerSecond * ms) / 1000);
  return { ms, count: Math.min(MAX_WINDOW_COUNT, Math.max(1, full - Math.floor(full * WINDOW_HEADROOM))) };
}

/**
 * The next send's place on the grid — one `gridGap` after the last grid place, so a send that
 * left late does not push every later one back; from at most CATCH_UP_MS behind now — and
 * its slot: that place, but never sooner than CATCH_UP_SPACING of a gap after the last
 * send really left, and never more than the window's count in any window (`recent`: when
 * the latest sends really left, oldest first). The slot catches up with the grid at those
 * shorter steps. `late`: how unevenly the window's sends left after their slots; the window
 * is that much longer (up to MAX_LATE_MARGIN_MS), so sends a busy thread bunches on their
 * way out still arrive at most the count in any second.
 */
export function gridSlot(lastGrid: number | null, recent: readonly number[], now: number, ratePerSecond: number, late = 0): { grid: number; slot: number } {
  const gap = gridGap(ratePerSecond);
  // The grid keeps its fractions (a gap of 10.2 ms rounded up at every place would be 11);
  // a slot is the whole millisecond at or after its place.
  const grid = lastGrid === null ? now : Math.max(lastGrid + gap, now - CATCH_UP_MS);
  let slot = Math.ceil(grid);
  const lastSent = recent.at(-1);
  if (lastSent !== undefined) slot = Math.max(slot, Math.ceil(lastSent + gap * CATCH_UP_SPACING));
  const { ms, count } = paceWindow(ratePerSecond);
  const opener = recent.length >= count ? recent[recent.length - count] : undefined;
  if (opener !== undefined) slot = Math.max(slot, Math.ceil(opener + ms + WINDOW_MARGIN_MS + Math.min(Math.max(0, late), MAX_LATE_MARGIN_MS)));
  return { grid, slot };
}
