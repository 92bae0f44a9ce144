// The one store-wide Scheduler Durable Object, as the rest of the Worker sees it: "something
// is due at `at`; make sure the alarm fires by then". Binding: SCHEDULER.
export interface SchedulerClient {
  wake(at: number): Promise<void>;
}

/** The Scheduler as a webhook sees it. */
export interface WebhookScheduler extends SchedulerClient {
  /**
   * A text to a rep was recorded for a deferred send (messenger.ts `sendSoon`): make sure the
   * Scheduler's pending-texts job looks at it by `at`, should this Worker die before Twilio
   * answers. Asked of the Scheduler at most once per PENDING_STALE_MS per isolate (`coveredBy`).
   */
  lookAtPendingBy(at: number): Promise<void>;
}

/** After a start: make sure the alarm fires by what D1 says is due (once per Scheduler start). */
export async function rearmScheduler(env: Env): Promise<void> {
  await env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME)).rearm();
}

/** One Worker serves one business, so one scheduler, addressed by a stable name. */
export const SCHEDULER_NAME = "store";

/**
 * A `lookBy` may be skipped only this long before the owed run it relies on: room for the
 * Worker's clock, which stands still between I/O (and may run on another machine than the
 * Scheduler), to lag the Scheduler's.
 */
export const LOOK_MARGIN_MS = 1_000;

/**
 * Per isolate: the latest time the Scheduler acknowledged owing a run at or after
 * (Scheduler `lookBy`). Until then, that run will read every text recorded now, so a text
 * recorded before it, to be looked at no sooner, needs no call of its own.
 */
let owedRun: number | null = null;

/** Whether a text recorded `now` and to be looked at by `at` is covered by the run already owed. */
export function coveredBy(owed: number | null, now: number, at: number): boolean {
  return owed !== null && now + LOOK_MARGIN_MS < owed && owed <= at;
}

/** Forgets the owed run (the tests' clean state: its storage was wiped with it). */
export function forgetOwedRun(): void {
  owedRun = null;
}

export function schedulerFor(env: Env): WebhookScheduler {
  const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
  return {
    wake: async (at) => {
      await scheduler().wake(at);
    },
    lookAtPendingBy: async (at) => {
      if (coveredBy(owedRun, Date.now(), at)) return;
      await scheduler().lookBy(at);
      owedRun = Math.max(owedRun ?? at, at);
    },
  };
}
