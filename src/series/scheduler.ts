// Scheduler: the store's Durable Object. Its alarm is the follow-up engine's clock: it
// fires at the earliest time any job named (D1 holds the queue in leads.next_at /
// leads.resume_at, indexed), runs the FollowUpDispatcher's jobs, and re-arms.
// Bindings: DB (D1), SCHEDULER (itself); secrets: TWILIO_* for sending (else the outbox).
//
// The alarm never dies silently: whatever a run throws (D1 unavailable, a bug), the alarm
// is re-armed in `finally` (JOB_RETRY_MS later if the run failed), and only ever moved
// sooner: a `wake()` that came in during the run is never overwritten by a later time.
// Every step the dispatcher touches is claimed in D1 first, so a re-run never repeats a
// send. While leads wait, nothing runs: 100,000 pending leads cost one alarm.
//
// Pacing: the store's instance (named SCHEDULER_NAME) owns the one Turnstile for the store
// number; a time at or after every slot is stored before the send it paces, so a restart
// never sends sooner. Above RATE_PER_SENDER texts a second, the alarm deals the due steps to
// sender instances of this same class (`sender-0`, `sender-1`, …): each is its own
// invocation with its own six connections, and each send waits for its slot by calling
// the store's `pass()`, which also says the step's last word (the final STOP check) in it.
//
// Pending texts (a webhook's deferred forward, messenger.ts `sendSoon`): `lookBy(at)` arms
// the alarm by `at` and also owes a run that starts at or after `at` (stored): an alarm that
// fires sooner, for other work, re-arms for it. So a run is sure to read D1 after any text
// recorded before `at`, and the Worker asks once per PENDING_STALE_MS, not once per text
// (scheduler-client.ts `lookAtPendingBy`).
import { DurableObject } from "cloudflare:workers";
import { dbFrom } from "../db/client";
import { getSettings } from "../db/settings-queries";
import type { Lead } from "../db/schema";
import { providerFromEnv } from "../twilio/provider";
import type { StepCheck } from "../db/engine-queries";
import { checkedPacer, FollowUpDispatcher, RIDE_WAIT_MS, type DispatchDeps } from "./dispatcher";
import { consoleLog, errorSummary } from "../domain/log";
import { JOB_RETRY_MS } from "./jobs";
import { sendersFor, Turnstile, type Passage } from "./lanes";
import { SCHEDULER_NAME } from "./scheduler-client";

const LAST_SLOT_KEY = "lastSlot";
/** The time a run is owed at or after (`lookBy`). */
const OWED_RUN_KEY = "owedRun";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** How stale the store's send rate may be while a run goes on (it reads the rate once, at its start). */
const RATE_FRESH_MS = 1_000;

export class Scheduler extends DurableObject<Env> {
  private gate: Promise<Turnstile> | null = null;
  /** The store's send rate as last read (from D1, or a run's own read: `callers`), when, and a read under way. */
  private rate: { value: number; callers: number; readAt: number; reading: boolean } | null = null;
  private rearmed: Promise<void> | null = null;

  /**
   * After a start (of the Worker, or of this object), once: sets the alarm by what D1 says
   * is due. The stored alarm survives a restart, but a process that died between a D1 write
   * (a `new`) and its `wake()` left a time only D1 knows. Later calls do nothing.
   */
  async rearm(): Promise<void> {
    this.rearmed ??= (async () => {
      const next = await (await new FollowUpDispatcher({ ...this.deps() }).load()).nextDue();
      if (next !== null) await this.armBy(next);
    })().catch((error: unknown) => {
      this.rearmed = null;
      throw error;
    });
    await this.rearmed;
  }

  /** Something is due at `at`: make sure the alarm fires by then. */
  async wake(at: number): Promise<void> {
    await this.armBy(at);
  }

  /**
   * Texts recorded now must be looked at by `at` (the pending-texts job): the alarm fires by
   * then, and some run starts at or after `at` — an alarm that fires sooner re-arms for it —
   * so it reads every text recorded before `at`. Returns once that is stored.
   */
  async lookBy(at: number): Promise<void> {
    await this.armBy(at);
    const owed = await this.ctx.storage.get<number>(OWED_RUN_KEY);
    if (owed === undefined || at > owed) await this.ctx.storage.put(OWED_RUN_KEY, at);
  }

  /** When the alarm will next fire: for tests only (no code of the Worker asks). */
  async nextAlarm(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }

  /**
   * The store number's pacing: resolves when the next send may leave (senders call it),
   * after the step's last word — its `stepStillClear` read, said here inside its turn.
   */
  async pass(ratePerSecond: number, check: StepCheck): Promise<Passage> {
    const rate = this.currentRate(ratePerSecond);
    return checkedPacer(await this.turnstile(rate), dbFrom(this.env.DB)).pass(rate, check);
  }

  /**
   * The send rate to pace by now. A run (and each sender) read the rate at its start and
   * passes it along, but a run lasts up to 20 seconds of sending: an owner who lowers the
   * rate meanwhile is obeyed within RATE_FRESH_MS. The store re-reads it from D1 at most that
   * often, in the background (no send waits on the read). A caller's rate that differs from
   * the last one a caller passed is a new run's fresh read, and is taken at once.
   */
  private currentRate(callers: number): number {
    const now = Date.now();
    let rate = this.rate;
    if (!rate || rate.callers !== callers) rate = this.rate = { value: callers, callers, readAt: now, reading: false };
    if (!rate.reading && (now - rate.readAt >= RATE_FRESH_MS || now < rate.readAt)) {
      rate.reading = true;
      getSettings(dbFrom(this.env.DB))
        .then((settings) => {
          rate.value = settings.sendRatePerSecond;
        })
        .catch(() => undefined) // D1 unreadable: keep pacing by the last rate known
        .finally(() => {
          rate.readAt = Date.now();
          rate.reading = false;
        });
    }
    return rate.value;
  }

  /** On a sender instance: sends its share of the due steps, paced by the store's turnstile. */
  async sendSteps(leads: Lead[]): Promise<void> {
    const store = this.env.SCHEDULER.get(this.env.SCHEDULER.idFromName(SCHEDULER_NAME));
    const dispatcher = await new FollowUpDispatcher({ ...this.deps(), pacer: { pass: (rate, check) => store.pass(rate, check) } }).load();
    await dispatcher.sendSteps(leads);
  }

  private deps(): Omit<DispatchDeps, "lastSlot"> & { lastSlot: null } {
    return { db: dbFrom(this.env.DB), provider: (twilioOrigin) => providerFromEnv(this.env, null, twilioOrigin), now: () => Date.now(), sleep, lastSlot: null, rideWaitMs: RIDE_WAIT_MS };
  }

  /** One turnstile per store instance, made once (concurrent first callers share it). */
  private turnstile(ratePerSecond: number): Promise<Turnstile> {
    this.gate ??= this.ctx.storage
      .get<number>(LAST_SLOT_KEY)
      .then((stored) => new Turnstile(stored ?? null, ratePerSecond, { now: () => Date.now(), sleep, save: (time) => this.saveSlot(time), warmUp: true }));
    this.gate.catch(() => {
      this.gate = null;
    });
    return this.gate;
  }

  /**
   * Stores the pace's time and resolves once it is durable. Written without holding the
   * output gate (`allowUnconfirmed`) and confirmed with `sync()`: the turnstile writes
   * ahead and waits only when a send would pass the durable time, so the other sends'
   * `pass()` answers are not held back together while it commits (which bunched them at
   * Twilio).
   */
  private async saveSlot(time: number): Promise<void> {
    await this.ctx.storage.put(LAST_SLOT_KEY, time, { allowUnconfirmed: true });
    await this.ctx.storage.sync();
  }

  /** Sets the alarm to `at` unless it already fires sooner: it only ever moves earlier. */
  private async armBy(at: number): Promise<void> {
    const when = Math.max(at, Date.now());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || when < current) await this.ctx.storage.setAlarm(when);
  }

  override async alarm(): Promise<void> {
    // A run sets the alarm from D1 itself: nothing is left for rearm() to do.
    this.rearmed ??= Promise.resolve();
    // Every read of this run comes after this: a run owed at or before it is this one.
    const started = Date.now();
    // If the run fails as a whole (settings unreadable, D1 down), come back soon.
    let next: number | null = started + JOB_RETRY_MS;
    // Runs never overlap, and this instance's turnstile goes on across them (it remembers
    // the last second's sends; storage runs SAVE_AHEAD_MS ahead, which only a restart needs
    // to wait out). It is made again from storage only if storage no longer holds the time.
    if (this.gate && (await this.ctx.storage.get<number>(LAST_SLOT_KEY)) === undefined) this.gate = null;
    try {
      const senders = (k: number) => this.env.SCHEDULER.get(this.env.SCHEDULER.idFromName(`sender-${k}`));
      const dispatcher = new FollowUpDispatcher({
        ...this.deps(),
        pacer: { pass: (rate, check) => this.pass(rate, check) },
        fanOut: { senders: sendersFor, send: (k, leads) => senders(k).sendSteps(leads) },
      });
      next = await dispatcher.run();
    } catch (error) {
      consoleLog("alarm run failed", { error: errorSummary(error), retryInMs: JOB_RETRY_MS });
    } finally {
      const owed = await this.owedRunAfter(started).catch(() => null);
      const at = next === null ? owed : owed === null ? next : Math.min(next, owed);
      if (at !== null) await this.armBy(at);
    }
  }

  /** A run owed later than `started` (`lookBy`); one owed at or before it is this run, and is forgotten. */
  private async owedRunAfter(started: number): Promise<number | null> {
    const owed = await this.ctx.storage.get<number>(OWED_RUN_KEY);
    if (owed === undefined) return null;
    if (owed > started) return owed;
    await this.ctx.storage.delete(OWED_RUN_KEY);
    return null;
  }
}
