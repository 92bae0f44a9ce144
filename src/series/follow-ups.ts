// A lead's place in its follow-up series, kept in D1 (leads.series_*, next_at, resume_at,
// not_before), and the transitions the rest of the Worker asks for: start, pause until,
// resume, end, "the rep just texted them". Every transition recomputes `next_at` with the
// pure schedule (src/series/schedule.ts) and wakes the Scheduler if it moved earlier.
import type { Db } from "../db/client";
import { setNextAt, updateLead } from "../db/lead-queries";
import { isOptedOut } from "../db/opt-out-queries";
import { loadSeries } from "../db/series-queries";
import type { StoreSettings } from "../db/settings-queries";
import type { Lead, SeriesKey, SeriesStepRow } from "../db/schema";
import type { SchedulerClient } from "./scheduler-client";
import { nextDue, skipStale } from "./schedule";

export interface FollowUpContext {
  db: Db;
  settings: StoreSettings;
  now: () => number;
  scheduler: SchedulerClient;
}

/** A rep's own text to the customer pushes the next automatic step back by at least this. */
export const REP_TEXT_PUSHBACK_MS = 24 * 3_600_000;

/** The status a lead must have for its series to run: be-back for shoppers, after-sale for buyers. */
export function seriesStatus(key: SeriesKey): Lead["status"] {
  return key === "beback" ? "active" : "sold";
}

/** The series state of a lead whose number opted out: stopped, nothing pending, no `later`. */
export const OPTED_OUT_SERIES = { seriesPaused: true, nextAt: null, resumeAt: null } as const satisfies Partial<Lead>;

/** Pure: the lead's next step and when it is due, or null when nothing is pending. */
export function nextStepFor(lead: Lead, steps: SeriesStepRow[], settings: StoreSettings): { index: number; at: number } | null {
  if (!lead.seriesKey || lead.seriesStartedAt === null || lead.seriesPaused || lead.undeliverable) return null;
  if (lead.status !== seriesStatus(lead.seriesKey)) return null;
  return nextDue({
    steps: steps.map((s) => s.after),
    startedAt: lead.seriesStartedAt,
    nextIndex: lead.seriesNextIndex,
    resumeAt: lead.resumeAt,
    notBefore: lead.notBefore,
    quiet: settings.quietHours,
    timeZone: settings.timezone,
  });
}

/**
 * Writes the patch and recomputes next_at — the one path by which every command and resume
 * schedules texts. An opted-out number (opt_outs, whatever the patch says) gets nothing:
 * its series stays stopped with nothing pending, so no command can schedule a text to it
 * and START later restarts nothing by itself.
 */
async function applyAndSchedule(ctx: FollowUpContext, leadId: number, patch: Partial<Lead>): Promise<number | null> {
  const written = await updateLead(ctx.db, leadId, patch, ctx.now());
  if (!written) return null;
  const lead = (await isOptedOut(ctx.db, written.phone)) ? await updateLead(ctx.db, leadId, OPTED_OUT_SERIES, ctx.now()) : written;
  if (!lead) return null;
  const steps = lead.seriesKey ? await loadSeries(ctx.db, lead.seriesKey) : [];
  const next = nextStepFor(lead, steps, ctx.settings)?.at ?? null;
  await setNextAt(ctx.db, leadId, next);
  const wakeAt = [next, lead.resumeAt].filter((t): t is number => t !== null);
  if (wakeAt.length > 0) await ctx.scheduler.wake(Math.min(...wakeAt));
  return next;
}

/** Starts `key` from its first step now (`new` starts be-back; `sold` starts after-sale). */
export function startSeries(ctx: FollowUpContext, leadId: number, key: SeriesKey): Promise<number | null> {
  return applyAndSchedule(ctx, leadId, {
    seriesKey: key,
    seriesStartedAt: ctx.now(),
    seriesNextIndex: 0,
    seriesPaused: false,
    resumeAt: null,
    notBefore: null,
  });
}

/** `lost`, or any end of automatic texts: nothing more is pending. */
export function endSeries(ctx: FollowUpContext, leadId: number, patch: Partial<Lead> = {}): Promise<number | null> {
  return applyAndSchedule(ctx, leadId, { ...patch, seriesPaused: true, resumeAt: null, nextAt: null });
}

/** `later`: the series waits; at `resumeAt` the rep is reminded and it resumes. */
export function pauseSeries(ctx: FollowUpContext, lead: Lead, resumeAt: number): Promise<number | null> {
  return applyAndSchedule(ctx, lead.id, {
    seriesPaused: true,
    resumeAt,
    nextAt: null,
    ...(lead.status === "active" ? { status: "paused" as const } : {}),
  });
}

/**
 * The `later` time came: the series picks up where it was. Steps that fell due while it
 * waited are not all sent at once: only the latest of them is kept (skipStale).
 */
export async function resumeSeries(ctx: FollowUpContext, lead: Lead): Promise<number | null> {
  const steps = lead.seriesKey ? await loadSeries(ctx.db, lead.seriesKey) : [];
  const nextIndex =
    lead.seriesKey && lead.seriesStartedAt !== null
      ? skipStale(
          { steps: steps.map((s) => s.after), startedAt: lead.seriesStartedAt, nextIndex: lead.seriesNextIndex, quiet: ctx.settings.quietHours, timeZone: ctx.settings.timezone },
          ctx.now(),
        )
      : lead.seriesNextIndex;
  return applyAndSchedule(ctx, lead.id, {
    seriesPaused: false,
    resumeAt: null,
    seriesNextIndex: nextIndex,
    ...(lead.status === "paused" ? { status: "active" as const } : {}),
  });
}

/** The rep texted the customer: the next automatic step waits at least a day. */
export function repTexted(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return applyAndSchedule(ctx, leadId, { notBefore: ctx.now() + REP_TEXT_PUSHBACK_MS });
}

/** Recomputes next_at after the series' steps changed (owner edited them). */
export function reschedule(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return applyAndSchedule(ctx, leadId, {});
}
