// A step's delay from the series' start, as the owner writes it: `<n>s|m|h|d|w`. Pure.
// `s`, `m`, `h` are exact durations; `d` and `w` are calendar days in the store's time
// zone (see schedule.ts), so "3d" after a 14:00 visit is 14:00 three days later even
// across a DST change. This module only reads and writes the text: whole numbers only
// (no "1.5h", no sign), at most two years (732 days), so a typo cannot park a step forever.

export type DelayUnit = "s" | "m" | "h" | "d" | "w";
export interface Delay {
  n: number;
  unit: DelayUnit;
}

const UNIT_MS: Record<DelayUnit, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** The longest delay a step may have: two years, in days. */
export const MAX_AFTER_DAYS = 2 * 366;
const MAX_MS = MAX_AFTER_DAYS * 86_400_000;

export function parseDelay(s: string): Delay | null {
  const m = /^\s*(\d{1,8})\s*([smhdw])\s*$/.exec(s);
  if (!m) return null;
  const delay = { n: Number(m[1]), unit: m[2] as DelayUnit };
  return delayMs(delay) <= MAX_MS ? delay : null;
}

/** The nominal length in milliseconds (a day counted as 24 h). */
export function delayMs(d: Delay): number {
  return d.n * UNIT_MS[d.unit];
}

/** "20m" → 1,200,000; null for anything that is not `<n>s|m|h|d|w` up to two years. */
export function parseAfter(s: string): number | null {
  const d = parseDelay(s);
  return d ? delayMs(d) : null;
}

/** The inverse of parseAfter, in the largest unit that divides evenly ("7d" reads back "1w"); 0 is "0s", a part second rounds. */
export function formatAfter(ms: number): string {
  for (const unit of ["w", "d", "h", "m", "s"] as const) {
    if (ms % UNIT_MS[unit] === 0 && ms >= UNIT_MS[unit]) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
