// A lead's place in its follow-up series, kept in D1 (leads.series_*, next_at, resume_at,
// not_before): the shell around the pure transitions (lead-transitions.ts). Every change of
// a lead's series state goes through `changeLead`: one read (db/lead-changes.ts), the pure
// `transition` to a patch with its `next_at`, one guarded write — done again from the lead
// as it is now if something changed it in between — and a wake-up for the Scheduler if the
// lead now has something pending. The named helpers below are the events callers ask for;
// a customer's reply, an opt-out and a refused number go through `stopLeads` (the same
// guarded write, for every lead of a number at once, with nothing to schedule).
import type { Db } from "../db/client";
import type { EarlierText } from "../db/message-queries";
import { insertLeadWithSeries, leadPatchStatement, readForChange, readForNew, WAITING_PAGE, waitingLeads, writeLeadPatch, writeLeadPatches, writeNextAts, type ChangeInputs, type NewLeadInputs, type UndoEntry } from "../db/lead-changes";
import { getLead, leadsByIds, leadsWithPhone, type NewLead } from "../db/lead-queries";
import { recordOptOut } from "../db/opt-out-queries";
import { moveNamedTimes, timesNamedAfter } from "../db/engine-queries";
import { sameWallClock } from "../domain/zoned-time";
import { earliest } from "./jobs";
import type { StoreSettings } from "../db/settings-queries";
import type { EndedAfterSale, Lead, SeriesKey, SeriesStepRow } from "../db/schema";
import { stepsOrDefault } from "./default-series";
import { stopTransition, transition, wakeTime, type LeadEvent, type StopEvent, type TransitionContext } from "./lead-transitions";
import type { SchedulerClient } from "./scheduler-client";
import type { Sent } from "../sms/messenger";
import { errorSummary } from "../domain/log";

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
  /** Once written: whether its series still has a step to send (`hasStepLeft`), what a resume would go on with. */
  stepsLeft?: boolean;
  /** Once written: whether its number was opted out as the change read it (a STOP may land after the caller's read). */
  optedOut?: boolean;
}

/** Whether the lead's series has a step not yet sent or skipped: a `later` coming due resumes texts only then. */
export function hasStepLeft(lead: Pick<Lead, "seriesKey" | "seriesNextIndex">, steps: readonly unknown[]): boolean {
  return lead.seriesKey !== null && lead.seriesNextIndex < steps.length;
}

/** How often a change is made again when something else changed the lead in between. */
const ATTEMPTS = 4;

function transitionContext(ctx: FollowUpContext, now: number, inputs: Omit<ChangeInputs, "lead">): TransitionContext {
  const saved = new Map<SeriesKey, SeriesStepRow[]>(inputs.savedSeries.map((r) => [r.key, r.steps]));
  return {
    now,
    settings: ctx.settings,
    series: { beback: stepsOrDefault("beback", saved.get("beback")), aftersale: stepsOrDefault("aftersale", saved.get("aftersale")) },
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
    const tc = transitionContext(ctx, at, inputs);
    const patch = transition(before, event, tc);
    const after = await writeLeadPatch(ctx.db, before, patch, undo);
    if (after) {
      const wake = wakeTime(after);
      if (wake !== null) await ctx.scheduler.wake(wake);
      return { before, after, stepsLeft: hasStepLeft(after, after.seriesKey ? tc.series[after.seriesKey] : []), optedOut: inputs.optedOut.has(after.phone) };
    }
  }
  throw new Error(`lead ${leadId} kept changing: "${event.kind}" not written`);
}

/**
 * A rep's `new` (or an unknown number's first text): the lead with `series` started, in one
 * write, with the number's texts that reached no lead, which it takes in (`earlier`, oldest
 * first). `read`: what the caller already read with `readForNew` for this number.
 */
export async function createLead(ctx: FollowUpContext, lead: NewLead, series: SeriesKey | null, undo?: UndoEntry, read?: NewLeadInputs): Promise<{ lead: Lead; earlier: EarlierText[] }> {
  const now = ctx.now();
  const inputs = read ?? (series ? await readForNew(ctx.db, lead.phone) : { optedOut: new Set<string>(), savedSeries: [] });
  const fresh: Omit<Lead, "id"> = {
    name: lead.name,
    phone: lead.phone,
    product: lead.product,
    status: lead.status ?? "active",
    repId: lead.repId,
    repSince: null,
    addedByRepId: lead.repId,
    soldByRepId: null,
    coverRepId: null,
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
    laterResumes: true,
    notBefore: null,
    // Written from the name and the product by insertLeadWithSeries.
    nameKey: null,
    firstKey: null,
    productKey: null,
  };
  const patch = series ? transition({ id: 0, ...fresh }, { kind: "start", series }, transitionContext(ctx, now, inputs)) : {};
  const written = await insertLeadWithSeries(ctx.db, { ...fresh, ...patch }, undo);
  const wake = wakeTime(written.lead);
  if (wake !== null) await ctx.scheduler.wake(wake);
  return written;
}

/**
 * The series' steps or the store's time zone or quiet hours changed: every waiting lead (of
 * one series, or all) gets its `next_at` again from the same transition; one wake-up for the
 * earliest. Returns how many leads were looked at.
 */
export async function rescheduleWaiting(ctx: FollowUpContext, series?: SeriesKey): Promise<number> {
  let looked = 0;
  let soonest: number | null = null;
  const missed: number[] = [];
  // A page at a time (WAITING_PAGE leads by id), so a big store's waiting leads never sit in
  // memory at once.
  for (let afterId = 0; ; ) {
    const page = await waitingLeads(ctx.db, series, afterId);
    const tc = transitionContext(ctx, ctx.now(), page);
    const updates = page.leads.map((lead) => ({ id: lead.id, updatedAt: lead.updatedAt, nextAt: transition(lead, { kind: "reschedule" }, tc).nextAt }));
    const missedHere = new Set(await writeNextAts(ctx.db, updates));
    missed.push(...missedHere);
    soonest = earliest([soonest, ...updates.filter((u) => !missedHere.has(u.id)).map((u) => u.nextAt)]);
    looked += updates.length;
    if (page.leads.length < WAITING_PAGE) break;
    afterId = page.leads.at(-1)!.id;
  }
  if (soonest !== null) await ctx.scheduler.wake(soonest);
  // A lead that changed between the read and the write (a reply, a STOP, a command) is done
  // again from what it is now, by the guarded change (which wakes the Scheduler itself).
  for (const id of missed) await changeLead(ctx, id, { kind: "reschedule" });
  return looked;
}

/**
 * The store's time zone changed (the owner corrected it): every `later` and `away` that ends
 * after now keeps the day and time it was named with — "friday 3pm" is 3pm in the new zone —
 * and the Scheduler is woken for a reminder that moved sooner.
 */
export async function keepNamedTimes(ctx: FollowUpContext, fromZone: string, toZone: string): Promise<void> {
  const now = ctx.now();
  const named = await timesNamedAfter(ctx.db, now);
  // One whose reading has passed already in the new zone stays as it was: a zone picked by
  // mistake and put back does not fire a reminder or end an away early.
  const moved = (rows: { id: number; at: number }[]) => rows.map((r) => ({ id: r.id, from: r.at, to: sameWallClock(r.at, fromZone, toZone) })).filter((m) => m.to !== m.from && m.to > now);
  const moves = { leads: moved(named.leads), reps: moved(named.reps) };
  await moveNamedTimes(ctx.db, moves);
  const soonest = earliest(moves.leads.map((m) => m.to));
  if (soonest !== null) await ctx.scheduler.wake(soonest);
}

/**
 * Carries out a stop (a reply, an opt-out, a refused number) on these leads as read: the
 * pure `stopTransition`, every patch in one guarded batch; a lead that something else
 * changed in between is read again and done again. Nothing is pending after a stop, so no
 * schedule is read and the Scheduler is not woken. Returns the leads as written.
 */
async function stopLeads(db: Db, event: StopEvent, now: number, leads: Lead[]): Promise<Lead[]> {
  const written: Lead[] = [];
  let pending = leads;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === ATTEMPTS) throw new Error(`leads ${pending.map((l) => l.id).join(", ")} kept changing: "${event.kind}" not written`);
    // A number refused twice is marked once (its rep is told once).
    const due = event.kind === "undeliverable" ? pending.filter((l) => !l.undeliverable) : pending;
    const results = await writeLeadPatches(
      db,
      due.map((before) => ({ before, patch: stopTransition(before, event, Math.max(now, before.updatedAt + 1)) })),
    );
    written.push(...results.filter((l): l is Lead => l !== undefined));
    const missed = due.filter((_, i) => results[i] === undefined).map((l) => l.id);
    pending = missed.length > 0 ? await leadsByIds(db, missed) : [];
  }
  return written.sort((a, b) => a.id - b.id);
}

/**
 * A customer wrote (`reply`), as a guarded write for the batch that records the text
 * (inbound/customer-text.ts): the lead as written comes back in its result, or no row when
 * something changed the lead since it was read (then `markReplied` does it from the lead as
 * it is now).
 */
export function replyStatement(db: Db, lead: Lead, now: number) {
  return leadPatchStatement(db, lead, stopTransition(lead, { kind: "reply" }, Math.max(now, lead.updatedAt + 1)));
}

/**
 * A customer wrote: a person is talking now, so the series steps aside (`reply`). Given the
 * lead as the caller read it, this is one round trip unless something changed it since.
 */
export async function markReplied(db: Db, lead: Lead | number, now: number): Promise<void> {
  const read = typeof lead === "number" ? await getLead(db, lead) : lead;
  if (read) await stopLeads(db, { kind: "reply" }, now, [read]);
}

/**
 * The number opted out (STOP, words that revoke consent, or Twilio's 21610 on a call or in a
 * status callback): it is recorded in opt_outs and every lead of that number ends its series
 * (`opt-out`). Returns the leads of that number, as written, and whether the number was not
 * opted out before (reps hear of an opt-out once).
 */
export async function optOutNumber(db: Db, phone: string, now: number): Promise<{ isNew: boolean; leads: Lead[] }> {
  const isNew = await recordOptOut(db, phone, now);
  return { isNew, leads: await stopLeads(db, { kind: "opt-out" }, now, await leadsWithPhone(db, phone)) };
}

/**
 * Twilio's final word on a text a person sent (a rep's relay, the owner's text, or its
 * retry) marks what it says, as a series text's does: the number opted out (21610), or the
 * lead's number cannot get texts. Any other verdict changes nothing.
 */
export async function markByVerdict(db: Db, sent: Pick<Sent, "verdict">, to: { phone: string; leadId: number | null }, now: number): Promise<void> {
  if (sent.verdict === "optedout") await optOutNumber(db, to.phone, now);
  if (sent.verdict === "undeliverable" && to.leadId !== null) await markUndeliverable(db, to.leadId, now);
}

/** A person's text that Twilio did not take now (`willRetry`): makes sure the Scheduler comes for it by its retry time. */
export async function wakeForRetry(scheduler: SchedulerClient, sent: Pick<Sent, "message">): Promise<void> {
  // The Scheduler finds the row by D1 on its next run anyway: a failed wake is no reason to answer otherwise.
  if (sent.message.retryAt !== null) await scheduler.wake(sent.message.retryAt).catch((error: unknown) => console.error("wake failed", errorSummary(error)));
}

/** Twilio or the carrier refused the number (`undeliverable`). Returns the lead only if it flipped now. */
export async function markUndeliverable(db: Db, leadId: number, now: number): Promise<Lead | undefined> {
  const read = await getLead(db, leadId);
  if (!read) return undefined;
  return (await stopLeads(db, { kind: "undeliverable" }, now, [read]))[0];
}

const nextAtOf = (changed: Changed | undefined) => changed?.after?.nextAt ?? null;

/**
 * One series a number at a time: when a lead of a number starts (or is given) a series,
 * the after-sale texts of that number's sold leads (`PhoneHolders.afterSale`, read before)
 * end — the newest visit speaks. Returns the leads whose texts ended.
 */
export async function endAfterSaleOf(ctx: FollowUpContext, afterSale: Lead[], except: number): Promise<{ lead: Lead; ended: EndedAfterSale | null }[]> {
  const out: { lead: Lead; ended: EndedAfterSale | null }[] = [];
  for (const sold of afterSale.filter((l) => l.id !== except)) {
    const changed = await changeLead(ctx, sold.id, { kind: "end" });
    out.push({ lead: sold, ended: changed?.after ? { leadId: sold.id, at: changed.after.updatedAt } : null });
  }
  return out;
}

/**
 * Undo of the command that ended these after-sale texts: each resumes, unless something else
 * changed that lead since (then it stays as it is). What happened to each, for the rep.
 */
export async function resumeEndedAfterSale(ctx: FollowUpContext, ended: EndedAfterSale[]): Promise<{ lead: Lead; resumed: boolean }[]> {
  const out: { lead: Lead; resumed: boolean }[] = [];
  for (const e of ended) {
    const changed = await changeLead(ctx, e.leadId, { kind: "resume" }, undefined, { unchangedSince: e.at });
    if (changed) out.push({ lead: changed.after ?? changed.before, resumed: changed.after !== null });
  }
  return out;
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

/**
 * A `later` came due: the series resumes and the reminder is claimed by the same write
 * (`resume` clears resume_at), only if the lead is still as the reminders job read it. So a
 * repeated alarm cannot remind twice, and a failed write leaves the `later` in place for the
 * next run (a claim before the resume lost it for good when the resume failed). Not claimed
 * (null): the lead changed since it was read; the next run reads it again.
 */
export async function resumeDueLater(ctx: FollowUpContext, lead: Pick<Lead, "id" | "updatedAt">): Promise<{ nextAt: number | null } | null> {
  const changed = await changeLead(ctx, lead.id, { kind: "resume" }, undefined, { unchangedSince: lead.updatedAt });
  return changed?.after ? { nextAt: changed.after.nextAt } : null;
}

/** The rep (or the owner) texted the customer: the next automatic step waits at least a day, and the lead had contact now. */
export async function repTexted(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "rep-texted" }));
}

/** Recomputes next_at from the lead as it is (its number may have opted out, its series changed). */
export async function reschedule(ctx: FollowUpContext, leadId: number): Promise<number | null> {
  return nextAtOf(await changeLead(ctx, leadId, { kind: "reschedule" }));
}
