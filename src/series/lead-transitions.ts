// One way to change a lead: every change of a lead's series state — a rep's `new`, `sold`,
// `lost`, `later`, `fix`, `note`, `undo`, a rep's own text, the owner's pause / resume /
// end, a `later` coming due, an owner's series or settings edit — is an event, and this pure
// function turns (lead, event, now) into the patch to write, `next_at` included. Also a
// customer's reply, an opt-out and a refused number (`stopTransition`: nothing is pending
// after them). The shell is src/series/follow-ups.ts (`changeLead`, `createLead`,
// `stopLeads`); the writes are src/db/lead-changes.ts (one read, one guarded batch).
//
// The rules every event shares live here once: an opted-out number (opt_outs, read by the
// caller for the lead's number after the change) keeps its series stopped with nothing
// pending, whatever the event says; `next_at` is the pure schedule of the lead as it will
// be (quiet hours applied); `updated_at` is `now`. The engine's own progress (a step done,
// a retry's backoff) is `progressPatch`, written by db/engine-queries `writeProgress`.
import type { StoreSettings } from "../db/settings-queries";
import type { Lead, LeadSnapshot, SeriesKey, SeriesStepRow } from "../db/schema";
import { LEAD_STATUSES } from "../db/schema";
import { addLocalDays } from "../domain/zoned-time";
import { quietEnd } from "./quiet-hours";
import { nextDue, skipStale, spacedAfter, stepAt } from "./schedule";

/** A rep's own text to the customer pushes the next automatic step back by a day: this long, but for a clock change (the same wall time tomorrow). */
export const REP_TEXT_PUSHBACK_MS = 24 * 3_600_000;

export type LeadEvent =
  /** `new` starts be-back. */
  | { kind: "start"; series: SeriesKey }
  /** `sold [amount]`: the lead is sold and the after-sale series starts. */
  | { kind: "sold"; amountCents: number | null }
  /** `lost`, or the owner's "end automatic texts": nothing more is pending. */
  | { kind: "end"; status?: "lost" }
  /** `later`, or the owner's "pause until": the series waits until `until`, then the rep is reminded. */
  | { kind: "pause"; until: number }
  /** A `later` came due, or the owner's "resume": the series picks up, keeping only the latest missed step (or the next, due soon after: skipStale). */
  | { kind: "resume" }
  /** The rep (or the owner) texted the customer: the next automatic step waits a day. */
  | { kind: "rep-texted" }
  /** The customer texted: a person is talking now, so the series steps aside. */
  | { kind: "reply" }
  /** The number opted out (STOP, a revocation, the carrier's 21610): every series of its leads ends. */
  | { kind: "opt-out" }
  /** Twilio or the carrier refused the number: no more texts until the rep fixes it. */
  | { kind: "undeliverable" }
  /** `fix` / `note` / an amount: the lead's own fields (a new phone may be deliverable again). */
  | { kind: "edit"; fields: Partial<Pick<Lead, "name" | "phone" | "product" | "notes" | "amountCents">> }
  /** `undo`: the lead as it was before the rep's command. */
  | { kind: "restore"; before: LeadSnapshot }
  /** The series' steps or the store's settings changed: only `next_at` is recomputed. */
  | { kind: "reschedule" }
  /**
   * The phone simulator's "send the next follow-ups now" (local outbox only): the series
   * starts that much earlier that its next step is due now — by its own delay, not by a
   * rep's push-back, so the step after it is not due as well — and the push-back is gone.
   */
  | { kind: "due-now" };

export interface TransitionContext {
  now: number;
  settings: StoreSettings;
  /** The steps of each series (the owner's, or the defaults). */
  series: Record<SeriesKey, SeriesStepRow[]>;
  /** Whether a number has opted out (the lead's number after the change is asked). */
  optedOut: (phone: string) => boolean;
}

/** The fields a transition writes. */
export type LeadPatch = Partial<Omit<Lead, "id" | "createdAt">> & { nextAt: number | null; updatedAt: number };

/** The status a lead must have for its series to run: be-back for shoppers, after-sale for buyers. */
export function seriesStatus(key: SeriesKey): Lead["status"] {
  return key === "beback" ? "active" : "sold";
}

/** The series state of a lead whose number opted out: stopped, nothing pending, no `later`. */
export const OPTED_OUT_SERIES = { seriesPaused: true, nextAt: null, resumeAt: null, laterResumes: true } as const satisfies Partial<Lead>;

/**
 * Pure: the lead's next step and when it is due, or null when nothing is pending. With `now`,
 * never before it: a step overdue already goes now, or when quiet hours end (as the
 * dispatcher sends it), so the time written and shown is when it really goes.
 */
export function nextStepFor(lead: Lead, steps: SeriesStepRow[], settings: StoreSettings, now?: number): { index: number; at: number } | null {
  if (!lead.seriesKey || lead.seriesStartedAt === null || lead.seriesPaused || lead.undeliverable) return null;
  if (lead.status !== seriesStatus(lead.seriesKey)) return null;
  return nextDue({
    steps: steps.map((s) => s.after),
    startedAt: lead.seriesStartedAt,
    nextIndex: lead.seriesNextIndex,
    resumeAt: lead.resumeAt,
    notBefore: now === undefined ? lead.notBefore : Math.max(lead.notBefore ?? now, now),
    quiet: settings.quietHours,
    timeZone: settings.timezone,
  });
}

const startOf = (series: SeriesKey, now: number) => ({
  seriesKey: series,
  seriesStartedAt: now,
  seriesNextIndex: 0,
  seriesPaused: false,
  resumeAt: null,
  notBefore: null,
});

/** The events after which nothing is pending, whatever the lead's schedule: no steps or settings are read. */
export type StopEvent = Extract<LeadEvent, { kind: "reply" | "opt-out" | "undeliverable" }>;

/** An `active` lead steps aside to `paused`; sold and lost stay so. */
const stepAside = (lead: Lead): Partial<Lead> => ({ seriesPaused: true, ...(lead.status === "active" ? { status: "paused" as const } : {}) });

function stopPatch(lead: Lead, event: StopEvent, now: number): Partial<Lead> {
  switch (event.kind) {
    case "reply":
      // A lead that texted first has no series to step aside from: it stays as it is. A
      // `later` set before the reply (on any lead) still reminds the rep when it comes due,
      // but the texts no longer resume by themselves then: a person is talking now.
      return { ...(lead.seriesKey === null ? {} : stepAside(lead)), lastContactAt: now, ...(lead.resumeAt !== null ? { laterResumes: false } : {}) };
    case "opt-out":
      // No `later` to resume either: only the customer lifts an opt-out, and nothing restarts then.
      return { ...stepAside(lead), ...OPTED_OUT_SERIES };
    case "undeliverable":
      return { undeliverable: true };
  }
}

/**
 * Pure: `transition` for an event that stops the series (a reply, an opt-out, a refused
 * number). It needs only the lead and the instant, since nothing is pending after it; the
 * table test checks it gives exactly what `transition` gives with a full context.
 */
export function stopTransition(lead: Lead, event: StopEvent, now: number): LeadPatch {
  return { ...stopPatch(lead, event, now), nextAt: null, updatedAt: now };
}

/** What the event itself changes, before the shared rules. */
function eventPatch(lead: Lead, event: LeadEvent, ctx: TransitionContext): Partial<Lead> {
  const { now } = ctx;
  switch (event.kind) {
    case "start":
      return startOf(event.series, now);
    case "sold":
      // The sale counts for the rep who has the lead now, whoever has it later (the owner's results).
      return { status: "sold", soldByRepId: lead.repId, amountCents: event.amountCents ?? lead.amountCents, ...startOf("aftersale", now) };
    case "end":
      return { ...(event.status ? { status: event.status } : {}), seriesPaused: true, resumeAt: null };
    case "pause":
      return { seriesPaused: true, resumeAt: event.until, laterResumes: true, ...(lead.status === "active" ? { status: "paused" as const } : {}) };
    case "resume": {
      const steps = lead.seriesKey ? ctx.series[lead.seriesKey] : [];
      const nextIndex =
        lead.seriesKey && lead.seriesStartedAt !== null
          ? skipStale(
              { steps: steps.map((s) => s.after), startedAt: lead.seriesStartedAt, nextIndex: lead.seriesNextIndex, quiet: ctx.settings.quietHours, timeZone: ctx.settings.timezone },
              now,
            )
          : lead.seriesNextIndex;
      return { seriesPaused: false, resumeAt: null, seriesNextIndex: nextIndex, ...(lead.status === "paused" ? { status: "active" as const } : {}) };
    }
    case "rep-texted":
      // A day on the store's calendar: the same time tomorrow, also across a clock change.
      return { notBefore: addLocalDays(now, 1, ctx.settings.timezone), lastContactAt: now };
    case "reply":
    case "opt-out":
    case "undeliverable":
      return stopPatch(lead, event, now);
    case "edit":
      // A new number may make a stopped series deliverable again.
      return { ...event.fields, ...(event.fields.phone !== undefined && event.fields.phone !== lead.phone ? { undeliverable: false } : {}) };
    case "restore": {
      // A snapshot logged before migration 0003 may still say `optedout`: that was never a standing.
      const status: Lead["status"] = (LEAD_STATUSES as readonly string[]).includes(event.before.status) ? event.before.status : "paused";
      return { ...event.before, status };
    }
    case "reschedule":
      return {};
    case "due-now": {
      if (!lead.seriesKey || lead.seriesStartedAt === null) return {};
      const steps = ctx.series[lead.seriesKey].map((s) => s.after);
      const at = (startedAt: number) => stepAt({ steps, startedAt, timeZone: ctx.settings.timezone }, lead.seriesNextIndex) ?? now;
      // Moved back by how far off the step is; again when a clock change between the two
      // starts kept a day step an hour off.
      let startedAt = lead.seriesStartedAt;
      for (let i = 0; i < 3 && at(startedAt) > now; i++) startedAt -= at(startedAt) - now;
      return { seriesStartedAt: startedAt, notBefore: null };
    }
  }
}

/** Pure: the patch that carries out `event` on `lead` at `ctx.now`, `next_at` included. */
export function transition(lead: Lead, event: LeadEvent, ctx: TransitionContext): LeadPatch {
  const own = eventPatch(lead, event, ctx);
  const after: Lead = { ...lead, ...own };
  // Opt-out is sacred: whatever the event, an opted-out number gets nothing scheduled.
  const stopped = ctx.optedOut(after.phone) ? OPTED_OUT_SERIES : {};
  const settled: Lead = { ...after, ...stopped };
  const steps = settled.seriesKey ? ctx.series[settled.seriesKey] : [];
  // Never a time already past for a change of this lead (what its rep and the owner are told).
  // Not for a series save's or a settings change's rescheduling of every waiting lead: an
  // overdue lead keeps its step's own time there, which the run sending it has read (its last
  // word compares it), so a save mid-drain does not hold every step back (e2e, mid-drain save).
  const nextAt = nextStepFor(settled, steps, ctx.settings, event.kind === "reschedule" ? undefined : ctx.now)?.at ?? null;
  // With no `later` left (sold, lost, ended), nothing is left for the customer's word to hold back.
  const noLater = settled.resumeAt === null && !settled.laterResumes ? { laterResumes: true } : {};
  return { ...own, ...stopped, ...noLater, nextAt, updatedAt: ctx.now };
}

/**
 * When a paused lead's next automatic text goes once its `later` ends, as the reminder then
 * says (the resume at `resumeAt`, or now if that passed): a step overdue by then goes as
 * quiet hours allow, a later one at its own time; null without a `later`, or with no step left.
 * `steps`: the lead's own series (a resume reads no other).
 */
export function resumesAt(lead: Lead, steps: SeriesStepRow[], settings: StoreSettings, optedOut: boolean, now: number): number | null {
  // A `later` the customer wrote after only reminds: nothing resumes.
  if (lead.resumeAt === null || !lead.laterResumes) return null;
  const resumed = Math.max(lead.resumeAt, now);
  const ctx: TransitionContext = { now: resumed, settings, series: { beback: steps, aftersale: steps }, optedOut: () => optedOut };
  const next = transition(lead, { kind: "resume" }, ctx).nextAt;
  // A step due by then goes at once, or when quiet hours end (the dispatcher's `sendStep`).
  return next === null ? null : quietEnd(Math.max(next, resumed), settings.quietHours, settings.timezone);
}

/**
 * The follow-up engine's own progress on a lead — not a change by a person, so it moves
 * neither `updated_at` (a rep's `undo` and a queued step's last word look for changes by
 * people and customers) nor anything but the series' place and `next_at`:
 * - `step-done`: the step at `stepIndex` of `seriesKey` is finished (sent, failed, unknown
 *   or skipped): the lead moves past it, if it is still on it; `contactedAt` when it went out;
 * - `retry-after`: Twilio answered 429/5xx: the step may not go again before `at`;
 * - null: only `next_at`, recomputed from the lead as it is.
 */
/**
 * `contactedAt`: the step went (the lead's last contact); `calledAt`: Twilio was called and
 * never said (unknown): it may have gone, so the next step keeps its spacing after it too.
 */
export type StepProgress = { kind: "step-done"; seriesKey: SeriesKey; stepIndex: number; contactedAt: number | null; calledAt?: number } | { kind: "retry-after"; at: number };

/** The fields the engine's progress writes. */
export type ProgressPatch = Partial<Pick<Lead, "seriesNextIndex" | "lastContactAt" | "notBefore">> & { nextAt: number | null };

/** Pure: the patch that records the engine's `progress` on `lead`, `next_at` included. */
export function progressPatch(lead: Lead, progress: StepProgress | null, steps: SeriesStepRow[], settings: StoreSettings): ProgressPatch {
  let own: Omit<ProgressPatch, "nextAt"> = {};
  if (progress?.kind === "step-done" && lead.seriesKey === progress.seriesKey && lead.seriesNextIndex === progress.stepIndex) {
    // Sent: the next step keeps its spacing after this one as it really went (never two at once).
    const wentAt = progress.contactedAt ?? progress.calledAt ?? null;
    const spaced =
      wentAt !== null && lead.seriesStartedAt !== null
        ? spacedAfter({ steps: steps.map((s) => s.after), startedAt: lead.seriesStartedAt, timeZone: settings.timezone }, progress.stepIndex, wentAt)
        : null;
    own = {
      seriesNextIndex: progress.stepIndex + 1,
      ...(progress.contactedAt !== null ? { lastContactAt: progress.contactedAt } : {}),
      ...(spaced !== null ? { notBefore: Math.max(spaced, lead.notBefore ?? -Infinity) } : {}),
    };
  } else if (progress?.kind === "retry-after") {
    own = { notBefore: progress.at };
  }
  return { ...own, nextAt: nextStepFor({ ...lead, ...own }, steps, settings)?.at ?? null };
}

/** When the Scheduler must be awake for this lead after the patch: its next step or its `later`. */
export function wakeTime(patched: Pick<Lead, "nextAt" | "resumeAt">): number | null {
  const times = [patched.nextAt, patched.resumeAt].filter((t): t is number => t !== null);
  return times.length > 0 ? Math.min(...times) : null;
}
