// The tests' clock, and the Scheduler's alarm under the tests' control.
//
// Tests that drive the follow-up engine fake `Date` (vi.useFakeTimers({ toFake: ["Date"] }))
// and fire the Scheduler's alarm by hand. Two things keep them independent of where the
// real clock stands:
//
// 1. The runtime never holds a real alarm for the Scheduler. workerd fires alarms on the
//    *real* clock, and @cloudflare/vitest-plugin has no switch to stop it: an alarm set for
//    a fake time that is in the real past fires at once, by itself, racing the test (that
//    is how every follow-up test went red on 2026-11-23, 20 minutes after its fixed start).
//    So `holdAlarms` (run before every test by test/setup/clean-state.ts) swaps the
//    Scheduler's storage.getAlarm/setAlarm/deleteAlarm for an in-memory slot, and
//    `fireAlarm` runs the handler when the test says so, as runDurableObjectAlarm would.
// 2. The fake clock starts at TEST_EPOCH: Monday 14:00 in New York (the store is open) in
//    the week of November 23, two years after the real clock's year. If something ever
//    bypassed (1), its alarms would still lie in the real future. BEBACK_TEST_EPOCH
//    (a date, read through the TEST_EPOCH binding in vitest.config.ts) forces the start
//    instead, into the past or the future; .ci/run runs the engine tests once so.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { SCHEDULER_NAME } from "../../src/series/scheduler-client";
import { addLocalDays, zonedToInstant } from "../../src/domain/zoned-time";

const ZONE = "America/New_York";

/** Monday 14:00 New York on or after `day` (a "YYYY-MM-DD" calendar date). */
export function mondayAfternoonFrom(day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 Sunday … 6 Saturday
  const start = zonedToInstant({ year: y, month: m, day: d, hour: 14, minute: 0 }, ZONE);
  return addLocalDays(start, (8 - weekday) % 7, ZONE);
}

function epoch(): number {
  const forced = env.TEST_EPOCH?.trim();
  if (forced) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(forced)) throw new Error(`BEBACK_TEST_EPOCH must be a date like 2020-11-23, not ${JSON.stringify(forced)}`);
    return mondayAfternoonFrom(forced);
  }
  return mondayAfternoonFrom(`${new Date().getUTCFullYear() + 2}-11-23`);
}

/** Where every engine test's fake clock starts: a Monday, 14:00 in New York (EST). */
export const TEST_EPOCH = epoch();

const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));

/** The in-memory alarm slot that replaces the runtime's, kept on the storage object. */
const SLOT = Symbol.for("beback.test.alarm");
type HeldStorage = DurableObjectStorage & { [SLOT]?: { at: number | null } };

/** From now on the Scheduler's alarm lives in memory and fires only through fireAlarm. */
export async function holdAlarms(stub = scheduler()): Promise<void> {
  await runInDurableObject(stub, async (_instance, state) => {
    const storage = state.storage as HeldStorage;
    if (storage[SLOT]) return;
    const slot = { at: await storage.getAlarm() };
    await storage.deleteAlarm();
    storage[SLOT] = slot;
    storage.getAlarm = async () => slot.at;
    storage.setAlarm = async (at: number | Date) => {
      slot.at = typeof at === "number" ? at : at.getTime();
    };
    storage.deleteAlarm = async () => {
      slot.at = null;
    };
  });
}

/**
 * Runs the Scheduler's alarm handler if an alarm is set, whatever its time (like
 * runDurableObjectAlarm): the slot is cleared first, as the runtime does, so the handler's
 * own setAlarm re-arms it. Returns whether an alarm ran; a throwing handler throws here.
 * `patchEnv` swaps the Scheduler's bindings for this run only (fault injection).
 */
export async function fireAlarm(stub = scheduler(), patchEnv?: (env: Env) => Env): Promise<boolean> {
  await holdAlarms(stub);
  return runInDurableObject(stub, async (instance, state) => {
    const slot = (state.storage as HeldStorage)[SLOT]!;
    if (slot.at === null) return false;
    slot.at = null;
    // A fault for this one run (e.g. a D1 that fails): the handler sees the patched bindings.
    const holder = instance as unknown as { env: Env };
    const original = holder.env;
    if (patchEnv) holder.env = patchEnv(original);
    try {
      await instance.alarm();
    } finally {
      holder.env = original;
    }
    return true;
  });
}

/**
 * Moves the fake clock to `t` and fires the Scheduler's alarm until nothing more is due by
 * then (at most 50 runs): the engine as it would have run up to that time.
 */
export async function advanceTo(t: number, stub = scheduler()): Promise<void> {
  vi.setSystemTime(t);
  for (let i = 0; i < 50; i++) {
    const next = await stub.nextAlarm();
    if (next === null || next > t) return;
    await fireAlarm(stub);
  }
}
