// The follow-up engine's jobs cannot take each other down: a lead whose step throws, a
// digest that throws, D1 failing for a whole run — the other work still goes out and the
// Scheduler's alarm is re-armed (fired by hand: helpers/clock.ts). Also: a wake() that
// comes in during a run is never overwritten by a later time.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { JOB_RETRY_MS } from "../src/series/jobs";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, holdAlarms, TEST_EPOCH } from "./helpers/clock";
import { row, rows } from "./helpers/db";
import { created, installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { setUpStore, text } from "./helpers/store";

const SAM = "+12125550111";
const JANE = "+12125550100";
const BOB = "+12125550101";
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = TEST_EPOCH;

let twilio: FakeTwilio;
let now = T0;
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
const setTime = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const to = (phone: string) => twilio.sent.filter((s) => s.to === phone);

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setTime(T0);
  twilio = installFakeTwilio();
  await setUpStore([{ name: "Sam Rivera", phone: SAM }]);
});
afterEach(() => {
  twilio.restore();
  vi.useRealTimers();
});

async function newLead(name: string, phone: string): Promise<number> {
  await text({ From: SAM, Body: `new ${name} ${phone.slice(-7, -4)}-${phone.slice(-4)} recliner` });
  return (await row<{ id: number }>("SELECT id FROM leads WHERE phone = ? ORDER BY id DESC", phone))!.id;
}

it("a lead whose template throws is recorded, skipped and reported; the others go out; the alarm is re-armed", { timeout: 30_000 }, async () => {
  const jane = await newLead("Jane", JANE);
  await newLead("Bob", BOB);
  // A corrupted row (say, a hand edit in the D1 console): the name is a blob, rendering throws.
  await env.DB.prepare("UPDATE leads SET name = X'00ff' WHERE id = ?").bind(jane).run();
  twilio.sent.length = 0;
  setTime(T0 + 20 * MIN);
  await fireAlarm(scheduler());

  expect(to(BOB)).toHaveLength(1);
  expect(to(JANE)).toHaveLength(0);
  expect(await rows("SELECT lead_id, step_index, status FROM step_sends ORDER BY lead_id")).toEqual([
    { lead_id: jane, step_index: 0, status: "failed" },
    { lead_id: jane + 1, step_index: 0, status: "sent" },
  ]);
  expect(to(SAM).map((s) => s.body)).toEqual([`Follow-up 1 to #${jane} couldn't be sent (a problem on Beback's side), so it was skipped. The next one goes out on schedule.`]);
  // Both leads move on to their next step, and the alarm is set for it.
  expect(await rows("SELECT series_next_index AS i FROM leads ORDER BY id")).toEqual([{ i: 1 }, { i: 1 }]);
  expect(await scheduler().nextAlarm()).toBe(T0 + 18 * HOUR);
  // Firing again sends nothing twice and tells the rep nothing twice.
  await scheduler().wake(now);
  await fireAlarm(scheduler());
  expect(twilio.sent).toHaveLength(2);
});

it("a digest that throws does not stop the follow-ups; the rep hears the digest failed; the alarm is re-armed", { timeout: 30_000 }, async () => {
  await text({ From: SAM, Body: "digest on" });
  await newLead("Jane", JANE);
  await text({ From: JANE, Body: "Is the blue one in stock?" });
  // Jane's row is corrupted (bytes where her name belongs): naming her in the digest throws.
  await env.DB.prepare("UPDATE leads SET name = X'00ff' WHERE phone = ?").bind(JANE).run();
  await newLead("Bob", BOB);
  twilio.sent.length = 0;
  setTime(T0 + 20 * MIN);
  await fireAlarm(scheduler());

  expect(to(BOB)).toHaveLength(1);
  expect(to(SAM).map((s) => s.body)).toEqual([expect.stringContaining("daily summary couldn't be put together today")]);
  expect(await scheduler().nextAlarm()).not.toBeNull();
  // Claimed for today: a second run does not try (or apologise) again.
  await scheduler().wake(now);
  await fireAlarm(scheduler());
  expect(to(SAM)).toHaveLength(1);
});

it("D1 failing for a whole run: the alarm does not throw, comes back in 30 s, and then sends", { timeout: 30_000 }, async () => {
  await newLead("Jane", JANE);
  twilio.sent.length = 0;
  setTime(T0 + 20 * MIN);
  const outage = new Error("D1_ERROR: Network connection lost.");
  const failing = {
    prepare: () => {
      throw outage;
    },
    batch: async () => {
      throw outage;
    },
    exec: async () => {
      throw outage;
    },
  } as unknown as D1Database;
  await expect(fireAlarm(scheduler(), (bindings) => ({ ...bindings, DB: failing }))).resolves.toBe(true);
  expect(twilio.sent).toHaveLength(0);
  expect(await scheduler().nextAlarm()).toBe(now + JOB_RETRY_MS);

  setTime(now + JOB_RETRY_MS);
  await fireAlarm(scheduler());
  expect(to(JANE)).toHaveLength(1);
  expect(await scheduler().nextAlarm()).toBe(T0 + 18 * HOUR);
});

it("a wake() during a run is not overwritten by the run's later next time", { timeout: 30_000 }, async () => {
  await newLead("Jane", JANE);
  twilio.sent.length = 0;
  setTime(T0 + 20 * MIN);
  // While Jane's step is with Twilio, a webhook asks for the alarm in five minutes.
  twilio.answerNext(async () => {
    await scheduler().wake(T0 + 25 * MIN);
    return created();
  });
  await fireAlarm(scheduler());
  expect(to(JANE)).toHaveLength(1);
  // The run alone would have set 18 h (Jane's next step): the sooner wake stands.
  expect(await scheduler().nextAlarm()).toBe(T0 + 25 * MIN);
});

it("after a start, the Scheduler sets its alarm by what D1 says is due (a lead whose wake() never came)", { timeout: 30_000 }, async () => {
  await newLead("Jane", JANE);
  // As if the process died between the D1 write and its wake(): D1 has a time the alarm lacks.
  await env.DB.prepare("UPDATE leads SET next_at = ? WHERE phone = ?").bind(T0 + 7 * MIN, JANE).run();
  await holdAlarms(scheduler());
  await runInDurableObject(scheduler(), async (instance, state) => {
    await state.storage.deleteAlarm();
    // A fresh start of the object: it has not re-armed yet.
    (instance as unknown as { rearmed: unknown }).rearmed = null;
  });
  expect(await scheduler().nextAlarm()).toBeNull();
  await scheduler().rearm();
  expect(await scheduler().nextAlarm()).toBe(T0 + 7 * MIN);
  // Once per start: later requests cost nothing.
  await env.DB.prepare("UPDATE leads SET next_at = ? WHERE phone = ?").bind(T0 + 3 * MIN, JANE).run();
  await scheduler().rearm();
  expect(await scheduler().nextAlarm()).toBe(T0 + 7 * MIN);
});
