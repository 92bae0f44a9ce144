// The one store-wide Scheduler Durable Object, as the rest of the Worker sees it: "something
// is due at `at`; make sure the alarm fires by then". Binding: SCHEDULER.
export interface SchedulerClient {
  wake(at: number): Promise<void>;
}

/** After a start: make sure the alarm fires by what D1 says is due (once per Scheduler start). */
export async function rearmScheduler(env: Env): Promise<void> {
  await env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME)).rearm();
}

/** One Worker serves one business, so one scheduler, addressed by a stable name. */
export const SCHEDULER_NAME = "store";

export function schedulerFor(env: Env): SchedulerClient {
  return {
    wake: async (at) => {
      await env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME)).wake(at);
    },
  };
}
