// The follow-up engine's due work, run by the Scheduler's alarm: `later` reminders to reps,
// then series steps to customers, paced to the store number's rate. A plain class with its
// storage, provider, clock and sleep injected, so it is tested without a Durable Object.
//
// Exactly once per step: the step is claimed in D1 (step_sends, keyed by lead, series and
// step) before the Twilio call and finished after it. An alarm that fires again finds the
// claim and moves on; a run that died before calling Twilio leaves a claim without a
// message, which a later run takes over after CLAIM_STALE_MS; a run that died or timed out
// during the call leaves the step `unknown` and it is not sent again (docs/architecture.md).
import { and, asc, eq, isNotNull, isNull, lte, min } from "drizzle-orm";
import type { Db } from "../db/client";
import { getLead, markUndeliverable, optOutLeadsByPhone, setNextAt } from "../db/lead-queries";
import { hasBeenTexted, insertMessage, lastExchange, messagesOfLead, updateMessage } from "../db/message-queries";
import { isOptedOut, recordOptOut } from "../db/opt-out-queries";
import { getRep } from "../db/rep-queries";
import { leads, reps, type Lead, type SeriesKey, type SeriesStepRow } from "../db/schema";
import { loadSeries } from "../db/series-queries";
import { getSettings, type StoreSettings } from "../db/settings-queries";
import {
  claimStep,
  finishStep,
  getStep,
  reclaimStale,
  releaseStep,
  setStepMessage,
  type StepKey,
} from "../db/step-send-queries";
import { sendText } from "../sms/messenger";
import type { SmsProvider } from "../twilio/provider";
import { withFirstContactNotice } from "./default-series";
import { digestDue, digestText, localDay, nextOpening } from "./digest";
import { nextStepFor, resumeSeries, type FollowUpContext } from "./follow-ups";
import { nextFreeSlot } from "./pacing";
import { isQuiet, quietEnd, validityPeriodSeconds } from "./quiet-hours";
import { reminderText, seriesFailureNotice } from "./series-texts";
import { renderTemplate } from "./templates";
import { classifySendFailure, retryDelayMs } from "./twilio-errors";

export interface DispatchDeps {
  db: Db;
  provider: SmsProvider;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The last paced send slot, kept by the Scheduler across runs. */
  lastSlot: number | null;
}

/** How much sending one run takes on before it re-arms the alarm (keeps runs short). */
const RUN_SECONDS = 20;
const MAX_BATCH = 200;
/** A claim with no message this old belongs to a run that died before calling Twilio. */
export const CLAIM_STALE_MS = 60_000;
const REMINDER_BATCH = 50;

export type StepOutcome = "sent" | "not-due" | "ineligible" | "duplicate" | "retry" | "failed" | "unknown" | "in-progress";

export class FollowUpDispatcher {
  private settingsRow: StoreSettings | null = null;
  private readonly seriesCache = new Map<SeriesKey, SeriesStepRow[]>();

  constructor(private readonly deps: DispatchDeps) {}

  get lastSlot(): number | null {
    return this.deps.lastSlot;
  }

  private get settings(): StoreSettings {
    if (!this.settingsRow) throw new Error("settings not loaded: call load() first");
    return this.settingsRow;
  }

  /** Reads the store's settings once per run. */
  async load(): Promise<this> {
    this.settingsRow = await getSettings(this.deps.db);
    return this;
  }

  /** Does what is due now; returns when it should run next (null: nothing pending). */
  async run(): Promise<number | null> {
    await this.load();
    await this.sendDigests();
    await this.remindDue();
    const due = await this.dueLeads();
    for (const id of due) await this.sendStep(id);
    return this.nextWake();
  }

  private ctx(): FollowUpContext {
    // Transitions made here need no wake-up call: the run ends by computing the next wake.
    return { db: this.deps.db, settings: this.settings, now: this.deps.now, scheduler: { wake: async () => {} } };
  }

  private async series(key: SeriesKey): Promise<SeriesStepRow[]> {
    let steps = this.seriesCache.get(key);
    if (!steps) {
      steps = await loadSeries(this.deps.db, key);
      this.seriesCache.set(key, steps);
    }
    return steps;
  }

  private async dueLeads(): Promise<number[]> {
    const rate = this.settings.sendRatePerSecond;
    const batch = Math.max(1, Math.min(MAX_BATCH, Math.ceil(rate * RUN_SECONDS)));
    const rows = await this.deps.db
      .select({ id: leads.id })
      .from(leads)
      .where(lte(leads.nextAt, this.deps.now()))
      .orderBy(asc(leads.nextAt), asc(leads.id))
      .limit(batch)
      .all();
    return rows.map((r) => r.id);
  }

  async nextWake(): Promise<number | null> {
    const row = await this.deps.db
      .select({ next: min(leads.nextAt), resume: min(leads.resumeAt) })
      .from(leads)
      .get();
    const digestReps = await this.deps.db.select({ id: reps.id }).from(reps).where(and(eq(reps.digest, true), eq(reps.active, true))).limit(1).all();
    const opening = digestReps.length > 0 ? nextOpening(this.deps.now(), this.settings.quietHours, this.settings.timezone) : null;
    const times = [row?.next, row?.resume, opening].filter((t): t is number => typeof t === "number");
    if (times.length === 0) return null;
    const at = Math.min(...times);
    // More is due right now: come back at the next free send slot.
    return this.deps.lastSlot !== null && at <= this.deps.now() ? Math.max(at, this.deps.lastSlot + 1000 / this.settings.sendRatePerSecond) : at;
  }

  /** `digest on`: once a day at opening, each such rep gets a summary of their day. */
  private async sendDigests(): Promise<void> {
    const { db } = this.deps;
    const now = this.deps.now();
    const { quietHours, timezone } = this.settings;
    const today = localDay(now, timezone);
    const wanting = await db.select().from(reps).where(and(eq(reps.digest, true), eq(reps.active, true))).all();
    for (const rep of wanting) {
      if (!digestDue(now, rep.digestSentOn, quietHours, timezone)) continue;
      // Claim today's digest first: a repeated alarm cannot send it twice.
      const [claimed] = await db
        .update(reps)
        .set({ digestSentOn: today })
        .where(and(eq(reps.id, rep.id), rep.digestSentOn === null ? isNull(reps.digestSentOn) : eq(reps.digestSentOn, rep.digestSentOn)))
        .returning();
      if (!claimed) continue;
      // "Today" runs until the store opens again tomorrow.
      const endOfDay = nextOpening(now, quietHours, timezone);
      const mine = await db.select().from(leads).where(eq(leads.repId, rep.id)).all();
      const open = mine.filter((l) => l.status === "active" || l.status === "paused" || l.status === "sold");
      const waiting = [];
      for (const l of open.filter((x) => x.seriesPaused && x.resumeAt === null)) {
        const last = lastExchange(await messagesOfLead(db, l.id));
        if (last?.kind === "customer") waiting.push(l);
      }
      const text = digestText({
        waiting,
        goingOut: open.filter((l) => l.nextAt !== null && l.nextAt < endOfDay).length,
        reminders: open.filter((l) => l.resumeAt !== null && l.resumeAt < endOfDay),
      });
      await sendText(this.messenger(), { kind: "notice", to: rep.phone, body: text, repId: rep.id });
    }
  }

  /** `later` came due: remind the rep with the lead's context, then resume the series. */
  private async remindDue(): Promise<void> {
    const now = this.deps.now();
    const due = await this.deps.db
      .select()
      .from(leads)
      .where(and(isNotNull(leads.resumeAt), lte(leads.resumeAt, now)))
      .orderBy(asc(leads.resumeAt))
      .limit(REMINDER_BATCH)
      .all();
    for (const lead of due) {
      // Claim the reminder by clearing resume_at first: a repeated alarm cannot send it twice.
      const [claimed] = await this.deps.db
        .update(leads)
        .set({ resumeAt: null })
        .where(and(eq(leads.id, lead.id), eq(leads.resumeAt, lead.resumeAt ?? 0)))
        .returning();
      if (!claimed) continue;
      const rep = await getRep(this.deps.db, lead.repId);
      if (rep?.active) {
        const last = lastExchange(await messagesOfLead(this.deps.db, lead.id));
        await sendText(this.messenger(), { kind: "notice", to: rep.phone, body: reminderText(lead, last), leadId: lead.id, repId: rep.id });
      }
      if (lead.status === "active" || lead.status === "paused" || lead.status === "sold") await resumeSeries(this.ctx(), { ...claimed, resumeAt: null });
    }
  }

  private messenger() {
    return { db: this.deps.db, provider: this.deps.provider, storeNumber: this.settings.storeNumber, now: this.deps.now };
  }

  private async waitForSlot(): Promise<void> {
    const slot = nextFreeSlot(this.deps.lastSlot, this.deps.now(), this.settings.sendRatePerSecond);
    this.deps.lastSlot = slot;
    const wait = slot - this.deps.now();
    if (wait > 0) await this.deps.sleep(wait);
  }

  /** Stores the lead's next due time from its current state. */
  private async refreshNextAt(leadId: number): Promise<void> {
    const lead = await getLead(this.deps.db, leadId);
    if (!lead) return;
    const steps = lead.seriesKey ? await this.series(lead.seriesKey) : [];
    await this.setNextAt(leadId, nextStepFor(lead, steps, this.settings)?.at ?? null);
  }

  private async setNextAt(leadId: number, at: number | null): Promise<void> {
    await setNextAt(this.deps.db, leadId, at);
  }

  private async advance(key: StepKey): Promise<void> {
    await this.deps.db
      .update(leads)
      .set({ seriesNextIndex: key.stepIndex + 1 })
      .where(and(eq(leads.id, key.leadId), eq(leads.seriesNextIndex, key.stepIndex), eq(leads.seriesKey, key.seriesKey)))
      .run();
    await this.refreshNextAt(key.leadId);
  }

  /** One lead's due step, with every check made again right before the send. */
  async sendStep(leadId: number): Promise<StepOutcome> {
    const { db } = this.deps;
    const lead = await getLead(db, leadId);
    if (!lead?.seriesKey) {
      if (lead) await this.refreshNextAt(lead.id);
      return "ineligible";
    }
    const steps = await this.series(lead.seriesKey);
    const due = nextStepFor(lead, steps, this.settings);
    if (!due) {
      await this.refreshNextAt(lead.id);
      return "ineligible";
    }
    // Overdue into quiet hours (the alarm ran late, or settings changed): wait for morning.
    const effective = quietEnd(Math.max(due.at, this.deps.now()), this.settings.quietHours, this.settings.timezone);
    if (effective > this.deps.now()) {
      await this.setNextAt(lead.id, effective);
      return "not-due";
    }
    const step = steps[due.index];
    if (!step) return "ineligible";
    const key: StepKey = { leadId: lead.id, seriesKey: lead.seriesKey, stepIndex: due.index };

    const claim = (await claimStep(db, key, this.deps.now())) ?? (await this.recover(key));
    if (claim === "done") return "duplicate";
    if (!claim) return "in-progress";

    await this.waitForSlot();
    // Anything may have happened while this step waited for its slot: STOP, a reply, sold, lost.
    const [fresh, optedOut] = await Promise.all([getLead(db, lead.id), isOptedOut(db, lead.phone)]);
    const now = this.deps.now();
    const still = fresh && fresh.phone === lead.phone ? nextStepFor(fresh, steps, this.settings) : null;
    if (!fresh || !still || still.index !== due.index || still.at > now || optedOut || isQuiet(now, this.settings.quietHours, this.settings.timezone)) {
      await releaseStep(db, key);
      if (optedOut) await this.setNextAt(lead.id, null);
      else if (isQuiet(now, this.settings.quietHours, this.settings.timezone)) await this.setNextAt(lead.id, quietEnd(now, this.settings.quietHours, this.settings.timezone));
      else await this.refreshNextAt(lead.id);
      return "ineligible";
    }
    return this.deliver(fresh, step, key);
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
      await this.setNextAt(key.leadId, existing.claimedAt + CLAIM_STALE_MS + 1);
      return null;
    }
    if (existing.messageId === null) return (await reclaimStale(db, key, staleBefore, this.deps.now())) ? { taken: true } : null;
    // Died during the Twilio call: it may have gone out. Never risk a second copy.
    await finishStep(db, key, "unknown", this.deps.now());
    await this.advance(key);
    return "done";
  }

  private async deliver(lead: Lead, step: SeriesStepRow, key: StepKey): Promise<StepOutcome> {
    const { db } = this.deps;
    const [rep, texted] = await Promise.all([getRep(db, lead.repId), hasBeenTexted(db, lead.phone)]);
    const store = this.settings.storeName;
    let body = renderTemplate(step.body, { name: lead.name, product: lead.product, rep: rep?.name ?? store, store });
    if (!texted) body = withFirstContactNotice(body, store);
    const media = step.photo && lead.photoUrl ? [lead.photoUrl] : [];
    const now = this.deps.now();

    const message = await insertMessage(db, {
      direction: "out",
      kind: "series",
      leadId: lead.id,
      repId: lead.repId,
      from: this.settings.storeNumber,
      to: lead.phone,
      body,
      media,
      status: "queued",
      seriesKey: key.seriesKey,
      stepIndex: key.stepIndex,
      at: now,
    });
    await setStepMessage(db, key, message.id);
    const result = await this.deps.provider.send({
      to: lead.phone,
      from: this.settings.storeNumber,
      body,
      mediaUrls: media,
      validitySeconds: validityPeriodSeconds(now, this.settings.quietHours, this.settings.timezone),
    });
    if (result.ok) {
      await Promise.all([
        updateMessage(db, message.id, { sid: result.sid, status: result.status }),
        finishStep(db, key, "sent", this.deps.now()),
        db.update(leads).set({ lastContactAt: now }).where(eq(leads.id, lead.id)).run(),
      ]);
      await this.advance(key);
      return "sent";
    }
    await updateMessage(db, message.id, {
      status: result.httpStatus === null ? "unknown" : "failed",
      errorCode: result.errorCode === null ? null : String(result.errorCode),
    });
    // No answer (timeout, network): Twilio may have accepted it, and it has no idempotency
    // key to ask with. Not sent again: a missed follow-up is better than a doubled one.
    const verdict = result.httpStatus === null ? "unknown" : classifySendFailure(result.httpStatus, result.errorCode);
    if (verdict === "retry") {
      const attempts = (await getStep(db, key))?.attempts ?? 1;
      const delay = retryDelayMs(attempts);
      if (delay !== null) {
        await finishStep(db, key, "retry", now);
        await db.update(leads).set({ notBefore: now + delay }).where(eq(leads.id, lead.id)).run();
        await this.refreshNextAt(lead.id);
        return "retry";
      }
      await finishStep(db, key, "failed", now);
      await this.tellRep(lead, seriesFailureNotice(lead, "gave-up"));
      await this.advance(key);
      return "failed";
    }
    if (verdict === "optedout") {
      await finishStep(db, key, "failed", now);
      const isNew = await recordOptOut(db, lead.phone, now);
      const changed = await optOutLeadsByPhone(db, lead.phone, now);
      if (isNew) for (const l of changed) await this.tellRep(l, seriesFailureNotice(l, "optedout"));
      return "failed";
    }
    if (verdict === "undeliverable") {
      await finishStep(db, key, "failed", now);
      const flipped = await markUndeliverable(db, lead.id, now);
      if (flipped) await this.tellRep(flipped, seriesFailureNotice(flipped, "undeliverable"));
      return "failed";
    }
    await finishStep(db, key, verdict, now);
    await this.advance(key);
    return verdict;
  }

  private async tellRep(lead: Lead, text: string): Promise<void> {
    const rep = await getRep(this.deps.db, lead.repId);
    if (rep?.active) await sendText(this.messenger(), { kind: "notice", to: rep.phone, body: text, leadId: lead.id, repId: rep.id });
  }
}
