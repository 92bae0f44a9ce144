// When a lead's next series step is due. Pure: the series' delays, where the lead is in
// it, and the store's quiet hours and time zone in; an instant out.
import { addLocalDays } from "../domain/zoned-time";
import { delayMs, parseDelay } from "./duration";
import { quietEnd, type QuietHours } from "./quiet-hours";

export interface ScheduleInput {
  /** Each step's `after` ("20m", "3d"), from the series start, in step order. */
  steps: string[];
  startedAt: number;
  /** The first step not yet sent or skipped. */
  nextIndex: number;
  /** A `later` pause: nothing before this instant. */
  resumeAt?: number | null;
  /** The rep's own text (or a retry's backoff): nothing before this instant. */
  notBefore?: number | null;
  quiet: QuietHours | null;
  timeZone: string;
}

/**
 * The nominal time of step `index`: `s`/`m`/`h` delays are exact; `d`/`w` delays are
 * calendar days in the store's zone, keeping the wall-clock time across DST changes.
 */
export function stepAt(input: Pick<ScheduleInput, "steps" | "startedAt" | "timeZone">, index: number): number | null {
  const raw = input.steps[index];
  const delay = raw === undefined ? null : parseDelay(raw);
  if (!delay) return null;
  if (delay.unit === "d" || delay.unit === "w") return addLocalDays(input.startedAt, delay.n * (delay.unit === "w" ? 7 : 1), input.timeZone);
  return input.startedAt + delayMs(delay);
}

export function nextDue(input: ScheduleInput): { index: number; at: number } | null {
  const nominal = stepAt(input, input.nextIndex);
  if (nominal === null) return null;
  const at = Math.max(nominal, input.resumeAt ?? -Infinity, input.notBefore ?? -Infinity);
  return { index: input.nextIndex, at: quietEnd(at, input.quiet, input.timeZone) };
}

/**
 * After a pause, where to pick the series up: of the steps that fell due while it waited,
 * only the latest is kept (the customer gets one text, not a burst of missed ones).
 */
export function skipStale(input: ScheduleInput, now: number): number {
  let index = input.nextIndex;
  for (let i = input.nextIndex + 1; i < input.steps.length; i++) {
    const at = stepAt(input, i);
    if (at === null || at > now) break;
    index = i;
  }
  return index;
}
