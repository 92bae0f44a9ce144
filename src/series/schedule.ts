// When a lead's next series step is due. Pure: the series' delays, where the lead is in
// it, and the store's quiet hours and time zone in; an instant out.
//
// Steps are given as their `after` text, not milliseconds, because the unit matters:
// `s`/`m`/`h` are exact durations ("18h" after 14:00 on the eve of spring forward is
// 09:00), while `d`/`w` are calendar days on the store's wall clock ("3d" after a 14:00
// visit is 14:00 three days later, across a DST change too), as a person would mean them.
//
// due = max(start + step's delay, resumeAt, notBefore), then moved out of quiet hours.
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

/** The most a step sent late holds the next one back: enough that two never go together. */
export const SPACING_CAP_MS = 3_600_000;

/**
 * After step `index` went out at `sentAt`, the earliest the next may go: as long after it as
 * the series puts between the two, up to SPACING_CAP_MS. A step sent late (held by quiet
 * hours, or due at once after the owner moved the steps) does not pull the next one in
 * after it: the customer never gets two steps back to back that the series spaced apart.
 * Capped, so that a step days away still goes when the series (or the owner's edit of it)
 * says. Null when no step follows.
 */
export function spacedAfter(input: Pick<ScheduleInput, "steps" | "startedAt" | "timeZone">, index: number, sentAt: number): number | null {
  const here = stepAt(input, index);
  const next = stepAt(input, index + 1);
  if (here === null || next === null) return null;
  return sentAt + Math.min(SPACING_CAP_MS, Math.max(0, next - here));
}

/**
 * A missed step gives way to the next one when, after the resume, that one falls due within
 * this share of what the series puts between the two: a quarter.
 */
export const GIVE_WAY_SHARE = 0.25;

/**
 * After a pause (`later`, a reply the owner resumes), the index to resume from: of the steps
 * that fell due by `now`, only the latest is kept and the earlier ones are skipped, so the
 * customer gets one text (the one meant for this stage of the series), not a burst of missed
 * ones. The kept one also gives way to the next when that one is due soon after `now` — within
 * GIVE_WAY_SHARE of the series' gap between them (the 14-day step four hours after a resume
 * that owes the 7-day one): the customer does not get the missed one now and the next hours
 * later, since the spacing after a late step is capped (spacedAfter). With nothing overdue
 * the index is unchanged. Only `steps`, `startedAt`, `nextIndex` and `timeZone` matter: a
 * skipped step is skipped whatever its quiet hours.
 */
export function skipStale(input: ScheduleInput, now: number): number {
  let index = input.nextIndex;
  for (let i = input.nextIndex + 1; i < input.steps.length; i++) {
    const at = stepAt(input, i);
    const before = stepAt(input, i - 1);
    if (at === null || before === null) break;
    const givesWay = before <= now && at - now < GIVE_WAY_SHARE * (at - before);
    if (at > now && !givesWay) break;
    index = i;
  }
  return index;
}
