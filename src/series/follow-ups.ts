// A lead's place in its follow-up series, kept in D1 (leads.series_*, next_at, resume_at,
// not_before): the shell around the pure transitions (lead-transitions.ts). Every change of
// a lead's series state goes through `changeLead`: one read (db/lead-changes.ts), the pure
// `transition` to a patch with its `next_at`, one guarded write — done again from the lead
// as it is now if something changed it in between — and a wake-up for the Scheduler if the
// lead now has something pending. The named helpers below are the events callers ask for.
import type { Db } from "../db/client";
import { insertLeadWithSeries, readForChange, readForNew, waitingLeads, writeLeadPatch, writeNextAts, type ChangeInputs, type UndoEntry } from "../db/lead-changes";
import type { NewLead } from "../db/lead-queries";
import type { StoreSettings } from "../db/settings-queries";
import type { Lead, SeriesKey, SeriesStepRow } from "../db/schema";
import { DEFAULT_SERIES } from "./default-series";
import { transition, wakeTime, type LeadEvent, type TransitionContext } from "./lead-transitions";
import type { SchedulerClient } from "./scheduler-client";

export { nextStepFor, OPTED_OUT_SERIES, REP_TEXT_PUSHBACK_MS, seriesStatus } from "./lead-transitions";

export interface FollowUpContext {
  db: Db;
  settings: StoreSettings;
  now: () => number;
  scheduler: SchedulerClient;
}

export interface Changed {
  /** The lead as it was right before the change. */
  before: Lead;
  /** The lead as written; null when `unchangedSince` did not hold (nothing was written). */
  after: Lead | null;
}

/** How often a change is made again when something else changed the lead in between. */
const ATTEMPTS = 4;

function transitionContext(ctx: FollowUpContext, now: number, inputs: Omit<ChangeInputs, "lead">): TransitionContext {
  const saved = new Map<SeriesKey, SeriesStepRow[]>(inputs.savedSeries.map((r) => [r.key, r.steps]));
  return {
    now,
    settings: ctx.settings,
    series: { beback: saved.get("beback") ?? DEFAULT_SERIES.beback, aftersale: saved.get("aftersale") ?? DEFAULT_SERIES.aftersale },
    optedOut: (phone) => inputs.optedOut.has(phone),
  };
}

/** The number the lead will have after the event (a `fix` or an `undo` may change it). */
function phoneAfter(event: LeadEvent): string | undefined {
  if (event.kind === "edit") return event.fields.phone;
  if (event.kind === "restore") return event.before.phone;
  return undefined;
}

/**
 * Carries out `event` on the lead (with the rep's undo entry, if given, in the same write)
 * and wakes the Scheduler for whatever is now pending. Undefined: no such lead.
 * `unchangedSince`: only if the lead's updated_at is still that instant (undo: nothing
 * but the rep's own command changed it); else nothing is written and `after` is null.
 */
export async function changeLead(
  ctx: FollowUpContext,
  leadId: number,
  event: LeadEvent,
  undo?: UndoEntry,
  opts: { unchangedSince?: number } = {},
): Promise<Changed | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = ctx.now();
    const inputs = await readForChange(ctx.db, leadId, phoneAfter(event));
    const before = inputs.lead;
    if (!before) return undefined;
    if (opts.unchangedSince !== undefined && before.updatedAt !== opts.unchangedSince) return { before, after: null };
    // Two changes in the same millisecond would share an updated_at: keep the stamp moving.
    const at = Math.max(now, before.updatedAt + 1);
    const patch = transition(before, event, transitionContext(ctx, at, inputs));
    const after = await writeLeadPatch(ctx.db, before, patch, undo);
    if (after) {
      const wake = wakeTime(after);
      if (wake !== null) await ctx.scheduler.wake(wake);
      return { before, after };
    }
  }
  throw new Error(`lead ${leadId} kept changing: "${event.kind}" not written`);
}

/** A rep's `new` (or an unknown number's first text): the lead with `series` started, in one write. */
export async function createLead(ctx: FollowUpContext, lead: NewLead, series: SeriesKey | null, undo?: UndoEntry): Promise<Lead> {
  const now = ctx.now();
  const inputs = series ? await readForNew(ctx.db, lead.phone) : { optedOut: new Set<string>(), savedSeries: [] };
  const fresh: Omit<Lead, "id"> = {
    name: lead.name,
    phone: lead.phone,
    product: lead.product,
    status: lead.status ?? "active",
    repId: lead.repId,
    photoUrl: lead.photoUrl,
    notes: "",
    undeliverable: false,
    source: lead.source,
    createdAt: now,
    updatedAt: now,
    lastContactAt: now,
    amountCents: null,
    seriesKey: null,
    seriesStartedAt: null,
    seriesPaused: false,
    seriesNextIndex: 0,
    nextAt: null,
    resumeAt: null,
    notBefore: null,
  };
  const patch = series ? transition({ id: 0, ...fresh }, { kind: "start", series }, transitionContext(ctx, now, inputs)) : {};
  const written = await insertLeadWithSeries(ctx.db, { ...fresh, ...patch }, undo);
  const wake = wakeTime(written);
  if (wake !== null) await ctx.scheduler.wake(wake);
  return written;
}

/**
 * The series' steps or the store's time zone or quiet hours changed: every waiting lead (of
 * one series, or all) gets its `next_at` again from the same transition; one wake-up for the
 * earliest. Returns how many leads were looked at.
 */
export async function rescheduleWaiting(ctx: FollowUpContext, series?: SeriesKey): Promise<number> {
  const inputs = await waitingLeads(ctx.db, series);
  const tc = transitionContext(ctx, ctx.now(), inputs);
  const updates = inputs.leads.map((lead) => ({ id: lead.id, nextAt: transition(lead, { kind: "reschedule" }, tc).nextAt }));
  await writeNextAts(ctx.db, updates);
  const earliest = updates.reduce<number | null>((min, u) => (u.nextAt !== null && (min === null || u.nextAt < min) ? u.nextAt : min), null);
  if (earliest !== null) await ctx.scheduler.wake(earliest);
  return updates.length;
}

const nextAtOf = (changed: Changed | undefined) => changed?.after?.nextAt ?? null;

/** Starts `key` from its first step now. */
export async function startSeries(ctx: FollowUpContext, leadId: number, key: SeriesKey): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "start", series: key }));
}

/** `lost`, or any end of automatic texts: nothing more is pending. */
export async function endSeries(ctx: FollowUpContext, leadId: number, patch: { status?: "lost" } = {}): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "end", ...patch }));
}

/** `later`: the series waits; at `resumeAt` the rep is reminded and it resumes. */
export async function pauseSeries(ctx: FollowUpContext, lead: Pick<Lead, "id">, resumeAt: number): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, lead.id, { kind: "pause", until: resumeAt }));
}

/**
 * The `later` time came: the series picks up where it was. Steps that fell due while it
 * waited are not all sent at once: only the latest of them is kept (skipStale).
 */
export async function resumeSeries(ctx: FollowUpContext, lead: Pick<Lead, "id">): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, lead.id, { kind: "resume" }));
}

/** The rep texted the customer: the next automatic step waits at least a day. */
export async function repTexted(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "rep-texted" }));
}

/** Recomputes next_at from the lead as it is (its number may have opted out, its series changed). */
export async function reschedule(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "reschedule" }));
}
