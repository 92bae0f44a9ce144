// Scheduler: the store's one Durable Object. Its alarm is the follow-up engine's clock:
// it fires at the earliest time any job named (D1 holds the queue in leads.next_at /
// leads.resume_at, indexed), runs the FollowUpDispatcher's jobs, and re-arms.
// Bindings: DB (D1), SCHEDULER (itself); secrets: TWILIO_* for sending (else the outbox).
//
// The alarm never dies silently: whatever a run throws (D1 unavailable, a bug), the alarm
// is re-armed in `finally` (JOB_RETRY_MS later if the run failed), and only ever moved
// sooner: a `wake()` that came in during the run is never overwritten by a later time.
// Every step the dispatcher touches is claimed in D1 first, so a re-run never repeats a
// send. While leads wait, nothing runs: 100,000 pending leads cost one alarm. The pacing
// slot is stored before each send it paces, so a re-run or a restart never sends sooner.
import { DurableObject } from "cloudflare:workers";
import { dbFrom } from "../db/client";
import { providerFromEnv } from "../twilio/provider";
import { FollowUpDispatcher } from "./dispatcher";
import { consoleLog, errorSummary, JOB_RETRY_MS } from "./jobs";

const LAST_SLOT_KEY = "lastSlot";

export class Scheduler extends DurableObject<Env> {
  /** Something is due at `at`: make sure the alarm fires by then. */
  async wake(at: number): Promise<void> {
    await this.armBy(at);
  }

  /** When the alarm will next fire (for the owner API and tests). */
  async nextAlarm(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }

  /** Sets the alarm to `at` unless it already fires sooner: it only ever moves earlier. */
  private async armBy(at: number): Promise<void> {
    const when = Math.max(at, Date.now());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || when < current) await this.ctx.storage.setAlarm(when);
  }

  override async alarm(): Promise<void> {
    // If the run fails as a whole (settings unreadable, D1 down), come back soon.
    let next: number | null = Date.now() + JOB_RETRY_MS;
    try {
      const lastSlot = (await this.ctx.storage.get<number>(LAST_SLOT_KEY)) ?? null;
      const dispatcher = new FollowUpDispatcher({
        db: dbFrom(this.env.DB),
        provider: providerFromEnv(this.env),
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        lastSlot,
        saveSlot: (slot) => this.ctx.storage.put(LAST_SLOT_KEY, slot),
      });
      next = await dispatcher.run();
    } catch (error) {
      consoleLog("alarm run failed", { error: errorSummary(error), retryInMs: JOB_RETRY_MS });
    } finally {
      if (next !== null) await this.armBy(next);
    }
  }
}
