// Scheduler: the store's one Durable Object. Its alarm is the follow-up engine's clock:
// it fires at the earliest pending step or `later` reminder (D1 holds the queue in
// leads.next_at / leads.resume_at, indexed), runs FollowUpDispatcher, and re-arms.
// Bindings: DB (D1), SCHEDULER (itself); secrets: TWILIO_* for sending (else the outbox).
//
// Alarms run at least once: a throwing alarm is retried by the runtime, and every step the
// dispatcher touches is claimed in D1 first, so a retry never repeats a send. While leads
// wait, nothing runs: 100,000 pending leads cost one alarm. On eviction, the in-memory
// pacing slot is lost and re-read from storage.
import { DurableObject } from "cloudflare:workers";
import { dbFrom } from "../db/client";
import { providerFromEnv } from "../twilio/provider";
import { FollowUpDispatcher } from "./dispatcher";

const LAST_SLOT_KEY = "lastSlot";

export class Scheduler extends DurableObject<Env> {
  /** Something is due at `at`: make sure the alarm fires by then. */
  async wake(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    const when = Math.max(at, Date.now());
    if (current === null || when < current) await this.ctx.storage.setAlarm(when);
  }

  /** When the alarm will next fire (for the owner API and tests). */
  async nextAlarm(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }

  override async alarm(): Promise<void> {
    const lastSlot = (await this.ctx.storage.get<number>(LAST_SLOT_KEY)) ?? null;
    const dispatcher = new FollowUpDispatcher({
      db: dbFrom(this.env.DB),
      provider: providerFromEnv(this.env),
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      lastSlot,
    });
    try {
      const next = await dispatcher.run();
      if (next !== null) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
    } finally {
      if (dispatcher.lastSlot !== null) await this.ctx.storage.put(LAST_SLOT_KEY, dispatcher.lastSlot);
    }
  }
}
