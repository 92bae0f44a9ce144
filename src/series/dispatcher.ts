// The follow-up engine's due work, run by the Scheduler's alarm as four separate jobs
// (jobs.ts): daily digests, `later` reminders, texts to reps a webhook recorded and did not
// live to send, and series steps to customers, paced to the
// store number's rate. A plain class with its storage, provider, clock and sleep injected,
// so it is tested without a Durable Object.
//
// Isolation: a job that throws does not stop the others (runJobs), and inside a job each
// lead (or rep) is isolated: a lead whose step throws is logged, its step recorded as
// `failed` and skipped, and its rep told once; the rest go out.
//
// Pipelining: up to MAX_IN_FLIGHT steps are in progress at once (lanes.ts); each takes a
// connection, is claimed, checked, recorded, then waits at the Turnstile for its pacing slot
// and calls Twilio, so Twilio's latency overlaps and the slot rate sets the pace.
//
// Nothing after STOP: the last thing before each Twilio call is a point read of the lead and
// its number's opt-out (`stepStillClear`), said just before the step's slot (lanes.ts
// `lastWordLead`, once the step is near the head of the queue) — after every other wait (a
// connection, the sends ahead), so a STOP recorded before that read wins.
//
// Exactly once per step: the step is claimed in D1 (step_sends, keyed by lead, series and
// step) before the Twilio call and finished after it. An alarm that fires again finds the
// claim and moves on; a run that died before calling Twilio leaves a claim without a
// message, which a later run takes over after CLAIM_STALE_MS; a run that died or timed out
// during the call leaves the step `unknown` and it is not sent again (docs/architecture.md).
import {
  backToUncalledStep,
  claimDigest,
  claimReminder,
  claimStepWithContext,
  digestReps,
  dueReminders,
  dueLeadById,
  dueStepLeads,
  earliestNextAt,
  earliestResumeAt,
  finishSentStatements,
  stepContext,
  sentStepAdvanced,
  stepStillClear,
  writeProgress,
  type StepCheck,
  type DueLead,
  type StepContext,
} from "../db/engine-queries";
import { Carpool } from "../db/carpool";
import { isForeignKeyViolation, isUniqueViolation, type Db, type Statement } from "../db/client";
import { digestLeads, dropLeadPhoto, getLead, setNextAt } from "../db/lead-queries";
import { forwardedToRepSince, lastExchange, messagesOfLead, nextPendingTextAt, pendingTexts, settleUnanswered, takeRetry, textedOtherThan, updateMessage, updateMessageWith } from "../db/message-queries";
import { isOptedOut } from "../db/opt-out-queries";
import { getRep } from "../db/rep-queries";
import type { Lead, Message, Rep, SeriesKey, SeriesStepRow } from "../db/schema";
import { moveToNextRep, movedTag } from "./rep-in-turn";
import { repToTell } from "./rep-to-tell";
import { seriesStepsSaved } from "./series-steps";
import { getSettings, type StoreSettings } from "../db/settings-queries";
import { finishStep, firstClaimStatement, getStep, linkStepMessage, reclaimStale, releaseStep, settleStep, stepKeyNow, type StepKey } from "../db/step-send-queries";
import { clipBody, deliverRecorded, PENDING_KINDS, PENDING_STALE_MS, sendText, willRetry, type Outgoing } from "../sms/messenger";
import type { SmsProvider } from "../twilio/provider";
import { isStoreSetUpCode } from "../domain/carrier-reasons";
import { withoutFirstContactNotice } from "../domain/first-contact";
import { stepAsSent } from "./step-as-sent";
import { zonedParts } from "../domain/zoned-time";
import { nameForCustomer } from "../domain/lead-tag";
import { digestDue, digestText, localDay, nextDigestAt, nextOpening } from "./digest";
import { forwardRefused } from "./forward-refused";
import { hasStepLeft, markByVerdict, markUndeliverable, nextStepFor, optOutNumber, repTexted, resumeDueLater, type FollowUpContext } from "./follow-ups";
import { consoleLog, errorSummary, type Log } from "../domain/log";
import { JOB_RETRY_MS, runJobs, type Job } from "./jobs";
import { progressPatch, resumesAt, type StepProgress } from "./lead-transitions";
import { boundedProvider, inLanes, MAX_IN_FLIGHT, Turnstile, type BoundedProvider, type Passage } from "./lanes";
import { slotGap } from "./pacing";
import { isQuiet, quietEnd, validityPeriodSeconds } from "./quiet-hours";
import { DIGEST_FAILED_NOTICE, photoRefusedNotice, relayRetryNotice, reminderFailedNotice, reminderText, seriesFailureNotice, stepRefusedNotice, stepSkippedNotice, unansweredRelayNotice, type RelayRetryOutcome } from "./series-texts";
import { renderTemplate, stepContent } from "./templates";
import { isMediaRefusal, pendingRetryDelayMs, RELAY_GIVE_UP_MS, retryDelayMs } from "../twilio/errors";

/** How much of a pending forward's words is compared with the forwards a rep got since (their opening). */
const WORDS_COMPARED = 160;

/** How often a customer's words kept while no rep is active are looked at again, past the first hour. */
const NO_REP_RETRY_MS = 15 * 60_000;

export interface DispatchDeps {
  db: Db;
  /** Where texts go; or made from the settings' `twilioOrigin` once loaded (the Scheduler: its status callbacks' base). */
  provider: SmsProvider | ((twilioOrigin: string | null) => SmsProvider);
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The last paced send slot, kept by the Scheduler across runs. */
  lastSlot: number | null;
  /** Stores a pacing slot before the send it paces (Durable Object storage), so no re-run or restart sends sooner. */
  saveSlot?: (slot: number) => Promise<void>;
  /** At most this many steps in progress at once (capped at MAX_IN_FLIGHT). */
  lanes?: number;
  log?: Log;
  /** Where sends wait for their slot; default: a Turnstile of this run (the Scheduler passes its own, shared with its senders). */
  pacer?: Pacer;
  /**
   * Fan-out: rates one invocation's six connections cannot reach are sent by several
   * invocations at once (sender Durable Objects), each with its own six, all paced by
   * the one pacer. Absent: every step is sent here.
   */
  fanOut?: FanOut;
  /**
   * A sent step's last write (its sid, the step `sent`, the lead moved on) waits up to this
   * long to ride in another step's batch (db/carpool.ts). Absent: written at once.
   */
  rideWaitMs?: number;
}

export interface Pacer {
  /**
   * Resolves when the next send may leave, at most `ratePerSecond` a second, after its last
   * word: `check` read right before the slot (clear: false means the step must not go).
   */
  pass(ratePerSecond: number, check: StepCheck): Promise<Passage>;
}

/** A turnstile as the store's pacer: each step's last word is its `stepStillClear` read. */
export function checkedPacer(turnstile: Turnstile, db: Db, now: () => number = Date.now): Pacer {
  return { pass: (rate, check) => turnstile.pass(rate, () => stepStillClear(db, check, now())) };
}

export interface FanOut {
  /** How many senders a rate needs (1: no fan-out). */
  senders(ratePerSecond: number): number;
  /** Sends these due steps in sender `index` (another invocation); resolves when it is done. */
  send(index: number, leads: Lead[]): Promise<void>;
}

/** How much sending one run takes on before it re-arms the alarm (keeps runs short). */
const RUN_SECONDS = 20;
const MAX_BATCH = 2_000;
/**
 * How long a sent step's answer waits to ride in another step's batch (db/carpool.ts). Its
 * lane's next claim usually carries it at once; the wait matters after a lane's last step.
 */
export const RIDE_WAIT_MS = 50;
/** A claim with no message this old belongs to a run that died before calling Twilio. */
export const CLAIM_STALE_MS = 60_000;
const REMINDER_BATCH = 50;
const PENDING_BATCH = 50;
/** A relay's last try is due at RELAY_GIVE_UP_MS; one taken this much later than that is too late to send. */
const RELAY_LATE_SLACK_MS = 60_000;
/** A lead that failed before its step could be named is looked at again this much later. */
export const POISON_RETRY_MS = 60 * 60_000;

export type StepOutcome = "sent" | "not-due" | "ineligible" | "duplicate" | "retry" | "failed" | "unknown" | "in-progress" | "skipped" | "not-sent";

/** How far one step got, so a failure can be recorded where it happened. */
interface StepTrace {
  lead?: Lead;
  key?: StepKey;
  /** Twilio was (maybe) called: a failure now must never lead to a second send. */
  called?: boolean;
}

/** Lanes for a rate: enough to overlap ~0.5 s of Twilio latency, at most six. */
export function lanesFor(ratePerSecond: number, cap = MAX_IN_FLIGHT): number {
  return Math.max(1, Math.min(cap, MAX_IN_FLIGHT, Math.ceil(ratePerSecond / 2)));
}

export class FollowUpDispatcher {
  private settingsRow: StoreSettings | null = null;
  private readonly seriesCache = new Map<SeriesKey, Promise<{ steps: SeriesStepRow[]; savedAt: number | null }>>();
  private providerRow: BoundedProvider | null = null;
  private turnstileRow: Turnstile | null = null;
  private pacerRow: Pacer | null = null;
  private readonly log: Log;
  private readonly carpool: Carpool | null;
  /** Sent steps finishing after their lanes moved on (`finishLater`). */
  private readonly tails = new Set<Promise<void>>();

  constructor(private readonly deps: DispatchDeps) {
    if (typeof deps.provider !== "function") this.providerRow = boundedProvider(deps.provider, MAX_IN_FLIGHT);
    this.log = deps.log ?? consoleLog;
    this.carpool = deps.rideWaitMs === undefined ? null : new Carpool(deps.db, deps.rideWaitMs);
  }

  /** When the last send of this run passed its slot (or the slot stored before the run). */
  private lastPassed: number | null = null;

  get lastSlot(): number | null {
    return this.turnstileRow ? this.turnstileRow.lastSlot : (this.lastPassed ?? this.deps.lastSlot);
  }

  /** The most Twilio calls that were in flight at once in this run. */
  get peakInFlight(): number {
    return this.provider.peak;
  }

  private get provider(): BoundedProvider {
    if (!this.providerRow) throw new Error("provider not made: call load() first");
    return this.providerRow;
  }

  private get settings(): StoreSettings {
    if (!this.settingsRow) throw new Error("settings not loaded: call load() first");
    return this.settingsRow;
  }

  private get pacer(): Pacer {
    if (this.deps.pacer) return this.deps.pacer;
    if (!this.pacerRow) {
      this.turnstileRow = new Turnstile(this.deps.lastSlot, this.settings.sendRatePerSecond, {
        now: this.deps.now,
        sleep: this.deps.sleep,
        ...(this.deps.saveSlot ? { save: this.deps.saveSlot } : {}),
      });
      this.pacerRow = checkedPacer(this.turnstileRow, this.deps.db, this.deps.now);
    }
    return this.pacerRow;
  }

  /** Reads the store's settings once per run. */
  async load(): Promise<this> {
    this.settingsRow = await getSettings(this.deps.db);
    const { provider } = this.deps;
    if (typeof provider === "function") this.providerRow ??= boundedProvider(provider(this.settingsRow.twilioOrigin ?? null), MAX_IN_FLIGHT);
    return this;
  }

  /** The alarm's jobs, each `() → when it is next due`. */
  jobs(): Job[] {
    return [
      { name: "digests", run: () => this.digests() },
      { name: "reminders", run: () => this.reminders() },
      { name: "pending texts", run: () => this.pendingTexts() },
      { name: "steps", run: () => this.steps() },
    ];
  }

  /** Does what is due now; returns when it should run next (null: nothing pending). */
  async run(): Promise<number | null> {
    await this.load();
    return (await runJobs(this.jobs(), this.deps.now, this.log)).next;
  }

  /**
   * When the earliest job is next due, from D1 alone (nothing is sent): what the alarm
   * must be set to after a start, whatever the stored alarm says.
   */
  async nextDue(): Promise<number | null> {
    const { db } = this.deps;
    const now = this.deps.now();
    const { quietHours, timezone } = this.settings;
    const digest = nextDigestAt(now, await digestReps(db), quietHours, timezone);
    const times = [digest, await earliestResumeAt(db), await earliestNextAt(db), await nextPendingTextAt(db, PENDING_KINDS, PENDING_STALE_MS)].filter((t): t is number => t !== null);
    return times.length > 0 ? Math.min(...times) : null;
  }

  private ctx(): FollowUpContext {
    // Transitions made here need no wake-up call: each job returns its next time.
    return { db: this.deps.db, settings: this.settings, now: this.deps.now, scheduler: { wake: async () => {} } };
  }

  /**
   * A series' steps, read once per run (lanes that ask at once share the one read), and again
   * after a step went back at its last word (the owner may have saved new words).
   */
  private async series(key: SeriesKey): Promise<SeriesStepRow[]> {
    return (await this.savedSteps(key)).steps;
  }

  /** The steps with when the owner saved them, as this run read them: each step's last word compares the time. */
  private savedSteps(key: SeriesKey): Promise<{ steps: SeriesStepRow[]; savedAt: number | null }> {
    let read = this.seriesCache.get(key);
    if (!read) {
      read = seriesStepsSaved(this.deps.db, key);
      read.catch(() => this.seriesCache.delete(key));
      this.seriesCache.set(key, read);
    }
    return read;
  }

  private messenger(provider: SmsProvider = this.provider) {
    return { db: this.deps.db, provider, storeNumber: this.settings.storeNumber, now: this.deps.now };
  }

  private async notifyRep(rep: Rep | undefined, out: Omit<Outgoing, "to" | "kind">): Promise<void> {
    if (rep?.active) await sendText(this.messenger(), { kind: "notice", to: rep.phone, repId: rep.id, ...out });
  }

  // ---- job: digests -------------------------------------------------------------------

  /** `digest on`: once a day at opening, each such rep gets a summary of their day. */
  async digests(): Promise<number | null> {
    const { db } = this.deps;
    const now = this.deps.now();
    const { quietHours, timezone } = this.settings;
    const wanting = await digestReps(db);
    for (const rep of wanting) {
      // This invocation can call out no more: the next run (at once) goes on.
      if (this.provider.spent) return this.deps.now();
      if (!digestDue(now, rep.digestSentOn, quietHours, timezone)) continue;
      // Claim today's digest first: a repeated alarm cannot send it twice.
      if (!(await claimDigest(db, rep, localDay(now, timezone)))) continue;
      try {
        await this.notifyRep(rep, { body: await this.digestFor(rep, now) });
      } catch (error) {
        this.log("digest skipped", { repId: rep.id, error: errorSummary(error) });
        await this.notifyRep(rep, { body: DIGEST_FAILED_NOTICE }).catch(() => undefined);
      }
    }
    return wanting.length > 0 ? nextOpening(now, quietHours, timezone) : null;
  }

  private async digestFor(rep: Rep, now: number): Promise<string> {
    // "Today" runs until the store opens again tomorrow.
    const endOfDay = nextOpening(now, this.settings.quietHours, this.settings.timezone);
    const today = await digestLeads(this.deps.db, rep.id, endOfDay);
    // A `later` that ends today resumes the series: its text counts when it goes today too
    // (docs audit: "0 follow-ups going out" on a day two went after their reminders). An
    // opted-out number has no `later` (an opt-out clears it).
    let resuming = 0;
    for (const lead of today.reminders) {
      const steps = lead.seriesKey ? await this.series(lead.seriesKey) : [];
      const goes = resumesAt(lead, steps, this.settings, false, now);
      if (goes !== null && goes < endOfDay) resuming++;
    }
    return digestText({ ...today, goingOut: today.goingOut + resuming }, zonedParts(now, this.settings.timezone).hour);
  }

  // ---- job: reminders -----------------------------------------------------------------

  /**
   * `later` came due: remind the rep with the lead's context, then resume the series. A lead
   * whose rep is no longer active moves to the next active rep in turn, who is reminded and
   * told whose customer it was — as a customer's reply would (rep-in-turn.ts).
   */
  async reminders(): Promise<number | null> {
    const now = this.deps.now();
    let failed = false;
    for (const lead of await dueReminders(this.deps.db, now, REMINDER_BATCH)) {
      if (this.provider.spent) return this.deps.now();
      // Claimed and resumed in one write, before the reminder, which then says when texts
      // really resume (quiet hours may hold them). A lost lead's `later` only reminds, and so
      // does one whose customer wrote after it was set (a person is talking now).
      let resumedAt: number | null = null;
      const theyWrote = !lead.laterResumes && lead.status !== "lost";
      try {
        if (lead.status === "lost" || theyWrote) {
          if (!(await claimReminder(this.deps.db, lead))) continue;
        } else {
          const resumed = await resumeDueLater(this.ctx(), lead);
          if (!resumed) continue;
          resumedAt = resumed.nextAt;
        }
      } catch (error) {
        // Not claimed: the `later` stays, and the next run (JOB_RETRY_MS on) tries it again.
        this.log("reminder not taken", { leadId: lead.id, error: errorSummary(error) });
        failed = true;
        continue;
      }
      let rep = await getRep(this.deps.db, lead.repId);
      let tag = "";
      try {
        if (!rep?.active) {
          const next = await moveToNextRep({ db: this.deps.db, now: this.deps.now }, lead);
          if (next) [tag, rep] = [rep ? movedTag(rep) : "", next];
        }
        // An opted-out number never has a `later` (STOP clears it; `later` refuses one).
        const last = lastExchange(await messagesOfLead(this.deps.db, lead.id));
        const steps = lead.seriesKey ? await this.series(lead.seriesKey) : [];
        const resumes = { at: resumedAt, now, quiet: this.settings.quietHours, timeZone: this.settings.timezone, theyWrote };
        await this.notifyRep(rep, { body: reminderText(lead, last, hasStepLeft(lead, steps), resumes, tag), leadId: lead.id });
      } catch (error) {
        this.log("reminder details skipped", { leadId: lead.id, error: errorSummary(error) });
        await this.notifyRep(rep, { body: tag + reminderFailedNotice(lead.id), leadId: lead.id }).catch(() => undefined);
      }
    }
    const next = await earliestResumeAt(this.deps.db);
    // A reminder that could not be taken is due still: tried again after a pause, not at once.
    return failed && next !== null && next <= now ? now + JOB_RETRY_MS : next;
  }

  // ---- job: pending texts -------------------------------------------------------------

  /**
   * Texts to reps recorded by a webhook for a deferred send (messenger.ts `sendSoon`) and
   * still without a sid PENDING_STALE_MS later: the Worker died before Twilio answered.
   * Sent now (at least once); each isolated. A person's text to a customer without a sid:
   * with a `retry_at` (Twilio refused it) tried again, else settled `unknown`.
   */
  async pendingTexts(): Promise<number | null> {
    const { db } = this.deps;
    const now = this.deps.now();
    for (const message of await pendingTexts(db, PENDING_KINDS, now, PENDING_STALE_MS, PENDING_BATCH)) {
      if (this.provider.spent) return this.deps.now();
      try {
        if (message.kind === "relay") await (message.retryAt === null ? this.settleUnansweredRelay(message) : this.retryRelay(message, message.retryAt));
        else await this.sendPendingToRep(message);
      } catch (error) {
        this.log("pending text not sent", { messageId: message.id, error: errorSummary(error) });
      }
    }
    const next = await nextPendingTextAt(db, PENDING_KINDS, PENDING_STALE_MS);
    return next === null ? null : Math.max(next, now + 1_000);
  }

  /**
   * A text to a rep sent again (its Worker died before Twilio answered, or Twilio did not take
   * it). A customer's words whose rep's phone opted out since (a 21610 on another text) do not
   * call that phone; they go to another rep at once, as when Twilio refuses them for good on
   * this try: not lost (`forwardRefused`).
   */
  private async sendPendingToRep(recorded: Message): Promise<void> {
    const m = this.messenger();
    const { db } = this.deps;
    // The phone it was recorded for may not be the rep's now (routing audit: a retry reached a
    // rep's old phone, and a removed rep's phone given to a new rep): it goes to whoever should
    // have it now, or nowhere.
    const addressee = await this.pendingAddressee(recorded);
    if (addressee === null) return void (await updateMessageWith(db, recorded.id, { status: "canceled" }, []));
    if (addressee === "wait") {
      // No rep is active to take the customer's words: kept, and looked at again (then, if
      // one is in, moved to them) until one is — no giving up: nobody has read them yet
      // (fixes audits: canceled, then failed after the hour, and lost).
      const delay = pendingRetryDelayMs(this.deps.now() - recorded.at) ?? NO_REP_RETRY_MS;
      return void (await updateMessageWith(db, recorded.id, { retryAt: this.deps.now() + delay }, []));
    }
    const { rep: to, tag } = addressee;
    const moved = to.phone !== recorded.to || to.id !== recorded.repId;
    const body = tag ? clipBody(tag + recorded.body) : recorded.body;
    if (moved) await updateMessageWith(db, recorded.id, { to: to.phone, repId: to.id, body }, []);
    const message = moved ? { ...recorded, to: to.phone, repId: to.id, body } : recorded;
    if (await isOptedOut(db, message.to)) {
      await updateMessageWith(this.deps.db, message.id, { status: "canceled" }, []);
      return forwardRefused(m, message, "optedout");
    }
    const delivered = await deliverRecorded(m, message);
    const { verdict } = delivered;
    if (verdict === "optedout" || verdict === "undeliverable" || verdict === "failed") await forwardRefused(m, delivered.message, verdict);
  }

  /**
   * Who a text to a rep left pending goes to now: its rep while active and still theirs to
   * get (the lead theirs, or a customer they cover for), at the phone the rep has now; else
   * the lead's rep now, if active and not forwarded the customer's words since (a rep made
   * inactive hands the last text on at once). A customer's words whose lead's rep is not
   * active move the lead to the next active rep (with `tag`), or wait for one ("wait"). Else
   * nobody (null). A text about no lead goes to its rep while active.
   */
  private async pendingAddressee(message: Message): Promise<{ rep: Rep; tag?: string } | null | "wait"> {
    const { db } = this.deps;
    const rep = message.repId === null ? undefined : await getRep(db, message.repId);
    const lead = message.leadId === null ? undefined : await getLead(db, message.leadId);
    if (!lead) return rep?.active ? { rep } : null;
    if (rep?.active && (lead.repId === rep.id || lead.coverRepId === rep.id)) return { rep };
    const own = lead.repId === rep?.id ? rep : await getRep(db, lead.repId);
    // Those words, whatever tag they went with (a cover's, a hand-over's), reached that rep
    // since: their opening is enough, as a tag may have cut a long text's end (third fixes audit).
    const words = message.body.replace(/^\[[^\]]*\] /, "").slice(0, WORDS_COMPARED);
    if (own?.active) {
      if (await forwardedToRepSince(db, lead.id, own.id, message.at, words)) return null;
      // Moved from a rep no longer active: the new rep is told whose customer it was.
      return { rep: own, ...(rep && !rep.active && !message.body.startsWith("[") ? { tag: movedTag(rep) } : {}) };
    }
    // The lead's rep is not active (made inactive with no other rep in to move to then): the
    // customer's words move the lead to the next active rep, as a new text of theirs would.
    if (message.kind !== "forward") return null;
    const next = await moveToNextRep({ db, now: this.deps.now }, lead);
    return next ? { rep: next, tag: own ? movedTag(own) : "" } : "wait";
  }

  /**
   * A person's text to a customer whose webhook died during Twilio's call: it may have gone,
   * and a customer is never texted twice blindly, so it is `unknown` and the rep who sent it
   * is told (`repToTell`).
   */
  private async settleUnansweredRelay(message: Message): Promise<void> {
    const { db } = this.deps;
    if (!(await settleUnanswered(db, message.id)) || message.leadId === null) return;
    const lead = await getLead(db, message.leadId);
    if (lead) await this.notifyRep(await repToTell(db, message, lead), { body: unansweredRelayNotice(lead, message.body), leadId: lead.id });
    // It may have gone: the next automatic text waits a day after it, as after one that went.
    await repTexted(this.ctx(), message.leadId);
  }

  /**
   * A person's text to a customer that Twilio refused with a 429/5xx (so it did not go): tried
   * again, the number's opt-out read first, until RELAY_GIVE_UP_MS; the rep hears how it ended.
   * The try is taken first (`takeRetry`): a run that dies during the call leaves it to
   * `settleUnansweredRelay`, never sent twice.
   */
  private async retryRelay(message: Message, retryAt: number): Promise<void> {
    const { db } = this.deps;
    if (!(await takeRetry(db, message.id, retryAt))) return;
    const now = this.deps.now();
    const lead = message.leadId === null ? undefined : await getLead(db, message.leadId);
    const tell = async (outcome: RelayRetryOutcome, errorCode: string | null = null) => {
      if (!lead) return;
      await this.notifyRep(await repToTell(db, message, lead), { body: relayRetryNotice(lead, message.body, outcome, errorCode), leadId: lead.id });
    };
    // Late (the Scheduler could not run for a while), or the lead's number fixed since: not sent.
    const late = now - message.at > RELAY_GIVE_UP_MS + RELAY_LATE_SLACK_MS;
    if (late || (lead && lead.phone !== message.to)) {
      await updateMessageWith(db, message.id, { status: "failed" }, []);
      return tell(late ? "late" : "number-changed");
    }
    if (await isOptedOut(db, message.to)) {
      await updateMessageWith(db, message.id, { status: "canceled" }, []);
      return tell("optedout");
    }
    // Twilio called the number invalid since (a later text's 21211): this one would fail the same.
    if (lead?.undeliverable) {
      await updateMessageWith(db, message.id, { status: "failed" }, []);
      return tell("undeliverable");
    }
    // Another text reached the number while this one waited (the rep's next), carrying the
    // store's name and the opt-out line: this one goes without them, said once is enough.
    const words = withoutFirstContactNotice(message.body);
    const body = words !== message.body && (await textedOtherThan(db, message.to, message.id)) ? words : message.body;
    if (body !== message.body) await updateMessage(db, message.id, { body });
    const sent = await deliverRecorded(this.messenger(), { ...message, body, retryAt: null });
    if (willRetry(sent)) return;
    const { verdict } = sent;
    // The runtime refused the call (the invocation's subrequests are spent): Twilio never saw it; the next run tries it.
    if (verdict === "not-sent") return void (await updateMessageWith(db, message.id, { status: "queued", retryAt: now }, []));
    // Sent, or maybe sent (no answer): the next automatic text waits a day after it.
    if (verdict === "sent" || verdict === "unknown") {
      if (lead) await repTexted(this.ctx(), lead.id);
      if (verdict === "sent") return tell("sent");
    }
    await markByVerdict(db, sent, { phone: message.to, leadId: lead?.id ?? null }, now);
    const outcome: RelayRetryOutcome = verdict === "retry" ? "gave-up" : verdict === "failed" ? "refused" : verdict === "canceled" ? "unknown" : verdict;
    await tell(outcome, sent.message.errorCode);
  }

  // ---- job: series steps --------------------------------------------------------------

  /** Sends the due steps, several in flight, paced; returns when the next one is due. */
  async steps(): Promise<number | null> {
    const rate = this.settings.sendRatePerSecond;
    const batch = Math.max(1, Math.min(MAX_BATCH, Math.ceil(rate * RUN_SECONDS)));
    const due = await dueStepLeads(this.deps.db, this.deps.now(), batch);
    const senders = this.deps.fanOut ? Math.min(due.length, this.deps.fanOut.senders(rate)) : 1;
    if (senders > 1 && this.deps.fanOut) {
      // Dealt round-robin, so every sender has some of the most overdue.
      const shares = Array.from({ length: senders }, (_, k) => due.filter((_, i) => i % senders === k));
      const fanOut = this.deps.fanOut;
      const results = await Promise.allSettled(shares.map((share, k) => fanOut.send(k, share)));
      // A sender that died left its claims: a later run takes them over (CLAIM_STALE_MS).
      for (const r of results) if (r.status === "rejected") this.log("sender failed", { error: errorSummary(r.reason) });
    } else {
      await this.sendSteps(due);
    }
    const next = await earliestNextAt(this.deps.db);
    const last = this.lastSlot;
    // More is due right now: come back at the next free send slot.
    return next !== null && last !== null && next <= this.deps.now() ? Math.max(next, Math.ceil(last + slotGap(rate))) : next;
  }

  /** These due steps, in lanes, each isolated (a sender's share, or the whole batch). */
  async sendSteps(due: Lead[]): Promise<void> {
    // Once a call is refused for this invocation's subrequests, no step starts: the ones
    // not taken stay due, for the next run (another invocation).
    await inLanes(
      due,
      lanesFor(this.settings.sendRatePerSecond, this.deps.lanes),
      async (lead) => {
        await this.isolatedStep(lead);
      },
      () => this.provider.spent,
    );
    // Sent steps whose answers were still waiting for a ride: written before the run goes on.
    while (this.tails.size > 0) await Promise.all(this.tails);
  }

  /**
   * The rest of a sent step, done once its answer is written (a ride: db/carpool.ts), while
   * its lane goes on; a failure is the lead's own, as in `isolatedStep`. `sendSteps` waits
   * for all of it.
   */
  private finishLater(work: Promise<void>, leadId: number, trace: StepTrace): void {
    const tail: Promise<void> = work
      .catch((error: unknown) => this.skipPoisoned(leadId, trace, error))
      .finally(() => this.tails.delete(tail));
    this.tails.add(tail);
  }

  /** One lead's step; whatever it throws stays with that lead. */
  async isolatedStep(lead: Lead | number): Promise<StepOutcome> {
    const trace: StepTrace = {};
    try {
      return await this.sendStep(lead, trace);
    } catch (error) {
      await this.skipPoisoned(typeof lead === "number" ? lead : lead.id, trace, error);
      return "skipped";
    }
  }

  /**
   * A lead whose step threw: logged; a claimed step is recorded `failed` (or `unknown` if
   * Twilio may have been called) and the series moves on, and the rep is told once; a lead
   * that failed before its step was claimed is looked at again in an hour.
   */
  private async skipPoisoned(leadId: number, trace: StepTrace, error: unknown): Promise<void> {
    const { db } = this.deps;
    const now = this.deps.now();
    this.log("step skipped", { leadId, step: trace.key?.stepIndex ?? null, error: errorSummary(error) });
    try {
      if (!trace.key) {
        await setNextAt(db, leadId, now + POISON_RETRY_MS);
        return;
      }
      await settleStep(db, trace.key, trace.called ? "unknown" : "failed", now);
      if (trace.lead && !trace.called) await this.notifyRep(await getRep(db, trace.lead.repId), { body: stepSkippedNotice(leadId, trace.key.stepIndex), leadId });
      await this.advance(trace.key);
    } catch (again) {
      this.log("skipped step not recorded", { leadId, error: errorSummary(again) });
      await setNextAt(db, leadId, now + POISON_RETRY_MS).catch(() => undefined);
    }
  }

  /** Stores the lead's next due time from its current state. */
  private async refreshNextAt(leadId: number): Promise<void> {
    await this.progress(leadId, null);
  }

  /** The step is finished (sent at `contactedAt`, or not): the lead moves past it. */
  private async advance(key: StepKey, contactedAt: number | null = null, calledAt?: number): Promise<void> {
    await this.progress(key.leadId, { kind: "step-done", seriesKey: key.seriesKey, stepIndex: key.stepIndex, contactedAt, ...(calledAt !== undefined ? { calledAt } : {}) });
  }

  /**
   * Records the engine's progress on a lead (lead-transitions `progressPatch`) computed from
   * the lead as it is now: one read, one guarded write with its `next_at`; if a change came
   * in between, again from the lead as it is then.
   */
  private async progress(leadId: number, progress: StepProgress | null): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const lead = await getLead(this.deps.db, leadId);
      if (!lead) return;
      const { steps, savedAt } = lead.seriesKey ? await this.savedSteps(lead.seriesKey) : { steps: [], savedAt: null };
      // Written only if the series is still as this run read it: saved over since (the owner's
      // edit), its steps are read again.
      if (await writeProgress(this.deps.db, lead, progressPatch(lead, await this.stillItsPlace(lead, progress), steps, this.settings), savedAt)) return;
      if (lead.seriesKey) this.seriesCache.delete(lead.seriesKey);
    }
    throw new Error(`lead ${leadId} kept changing: progress not recorded`);
  }

  /**
   * A step done moves the lead on only from that step. After an owner's series edit moved
   * the lead and the ledger (series-edit.ts) while the step was in its Twilio call, its old
   * position may be the lead's place again, now another step's, with no ledger row there:
   * that step is still to go. (The edit moved `updated_at`, so the write after this read
   * applies only if no edit came in between.)
   */
  private async stillItsPlace(lead: Lead, progress: StepProgress | null): Promise<StepProgress | null> {
    if (progress?.kind !== "step-done" || lead.seriesKey !== progress.seriesKey || lead.seriesNextIndex !== progress.stepIndex) return progress;
    return (await getStep(this.deps.db, { leadId: lead.id, seriesKey: progress.seriesKey, stepIndex: progress.stepIndex })) ? progress : null;
  }

  /**
   * A step Twilio took whose answer's own write did not move the lead on (something changed
   * it during the call): the ledger says `sent` where the step is now (an owner's edit may
   * have moved it; removed, nothing is left to write) and the lead moves on from there.
   */
  private async sentAfterAll(key: StepKey, messageId: number, contactedAt: number): Promise<void> {
    const at = await stepKeyNow(this.deps.db, key, messageId);
    if (!at) return;
    if (at.stepIndex !== key.stepIndex) await finishStep(this.deps.db, at, "sent", this.deps.now());
    await this.advance(at, contactedAt);
  }

  /** One lead's due step, with every check made again right before the send. */
  async sendStep(leadOrId: Lead | number, trace: StepTrace = {}): Promise<StepOutcome> {
    const { db } = this.deps;
    // The due query's row is enough to name the step: the claim and the check come after.
    const lead = typeof leadOrId === "number" ? await dueLeadById(db, leadOrId) : leadOrId;
    if (!lead?.seriesKey) {
      if (lead) await this.refreshNextAt(lead.id);
      return "ineligible";
    }
    // The words and when the owner saved them, read together: the step's last word compares that time.
    const { steps, savedAt } = await this.savedSteps(lead.seriesKey);
    const due = nextStepFor(lead, steps, this.settings);
    if (!due) {
      await this.refreshNextAt(lead.id);
      return "ineligible";
    }
    // Overdue into quiet hours (the alarm ran late, or settings changed): wait for morning.
    const effective = quietEnd(Math.max(due.at, this.deps.now()), this.settings.quietHours, this.settings.timezone);
    if (effective > this.deps.now()) {
      await setNextAt(db, lead.id, effective);
      return "not-due";
    }
    const step = steps[due.index];
    if (!step) return "ineligible";
    const key: StepKey = { leadId: lead.id, seriesKey: lead.seriesKey, stepIndex: due.index };

    // The usual case: the due query read what the step is written with, so the claim goes
    // in the queued row's own batch, and the last word checks the lead is still as read.
    // A step claimed before (a retry, another or a dead run) takes the long way below.
    const known = "known" in lead ? (lead as DueLead).known : undefined;
    if (known && !known.optedOut) {
      const outcome = await this.deliver({ lead, rep: known.rep, optedOut: false, texted: known.texted }, step, key, steps, savedAt, trace, true);
      if (outcome !== "claimed-before") return outcome;
    }

    // The claim and the lead as it is now, in one round trip.
    const { claimed, context: atClaim } = await claimStepWithContext(db, key, lead, this.deps.now());
    const claim = claimed ?? (await this.recover(key));
    if (claim === "done") return "duplicate";
    if (!claim) return "in-progress";
    trace.key = key;
    trace.lead = lead;

    // Anything may have happened since the lead was read: STOP, a reply, sold, lost.
    const context = await this.stillDue(lead, steps, key, claimed ? atClaim : undefined);
    if (!context) return "ineligible";
    const outcome = await this.deliver(context, step, key, steps, savedAt, trace);
    // Claimed above, so not in the row's batch: that claim cannot have failed.
    return outcome === "claimed-before" ? "in-progress" : outcome;
  }

  /**
   * The lead (and its rep) as they are now (`read`: as read with the claim) if this step
   * should still go now; otherwise the claim is given back.
   */
  private async stillDue(lead: Lead, steps: SeriesStepRow[], key: StepKey, read?: StepContext): Promise<(StepContext & { lead: Lead }) | null> {
    const { db } = this.deps;
    const context = read ?? (await stepContext(db, lead));
    const { lead: fresh, optedOut } = context;
    const now = this.deps.now();
    const { quietHours, timezone } = this.settings;
    const still = fresh && fresh.phone === lead.phone ? nextStepFor(fresh, steps, this.settings) : null;
    const thisStepDue = fresh && still && still.index === key.stepIndex && still.at <= now && !optedOut;
    if (thisStepDue && !isQuiet(now, quietHours, timezone)) return { ...context, lead: fresh };
    await releaseStep(db, key);
    if (optedOut) await setNextAt(db, lead.id, null);
    // Only quiet hours hold this step: it goes when they end. Anything else changed the lead.
    else if (thisStepDue) await setNextAt(db, lead.id, quietEnd(now, quietHours, timezone));
    else await this.refreshNextAt(lead.id);
    return null;
  }

  /** The claim failed: the step was finished before, or a dead run left it behind. */
  private async recover(key: StepKey): Promise<"done" | null | { taken: true }> {
    const { db } = this.deps;
    const existing = await getStep(db, key);
    if (!existing) return null;
    if (existing.status !== "claimed") {
      await this.advance(key);
      return "done";
    }
    const staleBefore = this.deps.now() - CLAIM_STALE_MS;
    if (existing.claimedAt >= staleBefore) {
      // Another run holds it (or died just now): look again once the claim is stale.
      await setNextAt(db, key.leadId, existing.claimedAt + CLAIM_STALE_MS + 1);
      return null;
    }
    // Died before its last word (waiting for a connection or its pacing slot, its message
    // row recorded or not): Twilio was never called. Its row, if any, is canceled (it never
    // reached the number) and the step is taken over and sent.
    if (existing.calledAt === null) return (await reclaimStale(db, key, staleBefore, this.deps.now())) ? { taken: true } : null;
    // Died during the Twilio call: it may have gone out. Never risk a second copy.
    await finishStep(db, key, "unknown", this.deps.now(), existing.messageId);
    await this.advance(key);
    return "done";
  }

  /**
   * Renders, records and sends the step. `claimHere`: the step is not claimed yet, and its
   * claim goes in the queued row's batch; "claimed-before" when that claim failed (nothing
   * was written).
   */
  private async deliver(
    context: StepContext & { lead: Lead },
    step: SeriesStepRow,
    key: StepKey,
    steps: SeriesStepRow[],
    savedAt: number | null,
    trace: StepTrace,
    claimHere = false,
  ): Promise<StepOutcome | "claimed-before"> {
    const { db } = this.deps;
    const { lead, rep, texted } = context;
    const store = this.settings.storeName;
    let body: string;
    let media: string[];
    try {
      // Words about the photo only when the photo goes with them (templates.ts stepContent).
      const content = stepContent(step, lead.photoUrl);
      media = content.media;
      body = renderTemplate(content.template, { name: nameForCustomer(lead), product: lead.product, rep: rep?.name ?? store, store });
      // Within one message: words too long for the notice are cut before it, never the notice.
      body = stepAsSent(body, store, !texted);
    } catch (error) {
      // A lead whose words cannot be made is this lead's own failure: its step is recorded as such.
      trace.key = key;
      trace.lead = lead;
      throw error;
    }
    const now = this.deps.now();

    let cancelled = false;
    // The connection first: once the last word is said, nothing waits before the call.
    const connection = await this.provider.connection();
    // Given back as soon as Twilio answers: the answer's write may wait for a ride.
    const provider: SmsProvider = {
      name: connection.provider.name,
      send: (sms) => connection.provider.send(sms).finally(() => connection.release()),
    };
    // The words were made from the series saved at `savedAt`: saved over since, the step goes back for the new words.
    const check: StepCheck = { ...key, updatedAt: lead.updatedAt, nextAt: lead.nextAt, seriesSavedAt: savedAt };
    // Answers of other steps waiting for a batch ride in this step's claim (db/carpool.ts).
    const carpool = this.carpool;
    const ride = carpool?.take();
    let rode = false;
    const sent = await sendText(
      this.messenger(provider),
      {
        kind: "series",
        to: lead.phone,
        body,
        media,
        leadId: lead.id,
        repId: lead.repId,
        seriesKey: key.seriesKey,
        stepIndex: key.stepIndex,
        validitySeconds: validityPeriodSeconds(now, this.settings.quietHours, this.settings.timezone),
      },
      {
        recordBefore: [...(ride?.statements ?? []), ...(claimHere ? [firstClaimStatement(db, key, now)] : [])],
        recorded: (before) => {
          rode = true;
          ride?.written(before);
        },
        recordAlong: [linkStepMessage(db, key)],
        ready: async () => {
          // Claimed (here, or before): a failure from now on is recorded on the step.
          trace.key = key;
          trace.lead = lead;
          // The pacing slot, and the last word said in it: the lead unchanged and its
          // number not opted out, read right before the call. A STOP, a reply, sold or
          // lost that landed while the step waited wins; so does quiet hours beginning.
          const { clear } = await this.pacer.pass(this.settings.sendRatePerSecond, check);
          const at = this.deps.now();
          if (clear) this.lastPassed = Math.max(this.lastPassed ?? 0, at);
          if (!clear || isQuiet(at, this.settings.quietHours, this.settings.timezone)) {
            cancelled = true;
            return false;
          }
          trace.called = true;
          return true;
        },
        // The usual case, in the answer's own round trip: the ledger says `sent` and the lead
        // moves on (if nothing else changed it meanwhile: then from its state now, below).
        settleAlong: (verdict) =>
          verdict === "sent"
            ? finishSentStatements(db, key, lead, progressPatch(lead, { kind: "step-done", seriesKey: key.seriesKey, stepIndex: key.stepIndex, contactedAt: now }, steps, this.settings), this.deps.now())
            : [],
        ...(carpool ? { settleWith: (statements: Statement[]) => carpool.carry(statements) } : {}),
      },
    )
      .catch((error: unknown) => {
        if (!rode) ride?.failed();
        // Claimed before (a retry, another run), or what the due query read is gone since (the
        // lead's rep removed after a handover: the queued row's foreign key): nothing of the
        // batch was written, and the long way reads the lead as it is now.
        if (claimHere && !trace.called && (isUniqueViolation(error) || isForeignKeyViolation(error))) return "claimed-before" as const;
        throw error;
      })
      .finally(() => connection.release());
    if (sent === "claimed-before") return sent;
    if (cancelled || sent.verdict === "canceled") {
      // The owner may have saved new words since this run read them: the steps this run has
      // yet to write read them again (one read), rather than each going back in turn.
      this.seriesCache.delete(key.seriesKey);
      // Its last word said yes (marked called) before it was canceled: an owner's save in
      // between may have taken it for a step in its call, moved its claim with it, and put
      // the lead past it (races audit: lost, later settled unknown). It was not called: the
      // claim goes back where it is now, and the lead back to it.
      const at = await stepKeyNow(db, key, sent.message.id);
      if (at && ((await getStep(db, at))?.calledAt ?? null) !== null) {
        await backToUncalledStep(db, at);
        await releaseStep(db, at);
        await this.refreshNextAt(lead.id);
        return "ineligible";
      }
      // The claim goes back; the lead is looked at as it is now (and sent later if still due).
      if (await this.stillDue(lead, steps, key)) await releaseStep(db, key);
      return "ineligible";
    }
    if (sent.verdict === "sent" && this.carpool) {
      // The lane goes on to its next step, whose claim carries this answer (db/carpool.ts);
      // what is left of this step is done once it is written.
      this.finishLater(sent.settled.then(async (along) => {
        if (!sentStepAdvanced(along)) await this.sentAfterAll(key, sent.message.id, now);
      }), lead.id, trace);
      return "sent";
    }
    const along = await sent.settled;
    if (sent.verdict === "sent") {
      if (!sentStepAdvanced(along)) await this.sentAfterAll(key, sent.message.id, now);
      return "sent";
    }
    const done = this.deps.now();
    // Where the step's ledger row is now: an owner's series edit during the call may have
    // moved it (series-edit.ts), or removed the step (null: nothing of it to write).
    const at = await stepKeyNow(db, key, sent.message.id);
    const finish = async (status: "failed" | "retry" | "unknown") => {
      if (at) await finishStep(db, at, status, done);
    };
    const advance = async (calledAt?: number) => {
      if (at) await this.advance(at, null, calledAt);
    };
    switch (sent.verdict) {
      case "retry": {
        // 429/5xx: Twilio answered and did not take it. Back off and claim it again later.
        const attempts = (at ? await getStep(db, at) : undefined)?.attempts ?? 1;
        const delay = retryDelayMs(attempts);
        if (delay !== null) {
          await finish("retry");
          await this.progress(lead.id, { kind: "retry-after", at: done + delay });
          return "retry";
        }
        await finish("failed");
        await this.notifyRep(rep, { body: seriesFailureNotice(lead, "gave-up"), leadId: lead.id });
        await advance();
        return "failed";
      }
      case "not-sent":
        // Refused before it left (this invocation's subrequests used up): not a try. The
        // claim goes back and the lead stays due, for the next run.
        if (at) await releaseStep(db, at);
        return "not-sent";
      case "optedout":
        await finish("failed");
      {
        // Reps hear of it once: only when the number was not opted out already.
        const { isNew, leads } = await optOutNumber(db, lead.phone, done);
        for (const changed of leads) {
          if (isNew) await this.notifyRep(await getRep(db, changed.repId), { body: seriesFailureNotice(changed, "optedout"), leadId: changed.id });
        }
      }
        return "failed";
      case "undeliverable": {
        await finish("failed");
        const flipped = await markUndeliverable(db, lead.id, done);
        if (flipped) await this.notifyRep(rep, { body: seriesFailureNotice(flipped, "undeliverable"), leadId: lead.id });
        return "failed";
      }
      case "failed":
        // The rep's photo refused (an invalid media URL, too many, too large), not the text:
        // the photo is dropped from the lead and the step goes again at once, in its words
        // without it (`stepContent`); the rep hears it once, when the photo is dropped.
        if (lead.photoUrl !== null && sent.message.media.includes(lead.photoUrl) && isMediaRefusal(sent.message.errorCode)) {
          await finish("retry");
          if (await dropLeadPhoto(db, lead.id, lead.photoUrl, done)) await this.notifyRep(rep, { body: photoRefusedNotice(lead, sent.message.errorCode), leadId: lead.id });
          await this.progress(lead.id, { kind: "retry-after", at: done });
          return "retry";
        }
      // falls through: any other refusal is final
      default:
        // "unknown" (no answer, or an unreadable 2xx): Twilio may have accepted it, and it
        // has no idempotency key to ask with. Not sent again: a missed follow-up is better
        // than a doubled one. "failed": a final 4xx (the store's Twilio set-up, most often:
        // an unverified number on a trial account, a store number that cannot send), said in
        // the Worker's logs, where the owner looks when follow-ups show as failed on the page.
        if (sent.verdict === "failed") this.log("follow-up refused by Twilio", { leadId: lead.id, errorCode: sent.message.errorCode });
        await finish(sent.verdict);
        // The rep hears of any other refusal (the customer did not get it); the store's own
        // set-up fails the notice as well, and shows on the owner's Results (contract audit).
        if (sent.verdict === "failed" && !isStoreSetUpCode(sent.message.errorCode)) await this.notifyRep(rep, { body: stepRefusedNotice(lead, sent.message.errorCode), leadId: lead.id });
        // An unknown one may have gone: the next step is spaced after it, as after a sent one.
        await advance(sent.verdict === "unknown" ? now : undefined);
        return sent.verdict;
    }
  }
}
