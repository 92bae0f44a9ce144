// The follow-up engine's jobs cannot take each other down: a lead whose step throws, a
// digest that throws, D1 failing for a whole run — the other work still goes out and the
// Scheduler's alarm is re-armed (fired by hand: helpers/clock.ts). Also: a wake() that
// comes in during a run is never overwritten by a later time.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { JOB_RETRY_MS } from "../src/series/jobs";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, holdAlarms, TEST_EPOCH } from "./helpers/clock";
import { row, rows, withMembers } from "./helpers/db";
import { created, tooManySubrequests } from "./helpers/fake-twilio";
import { apiJson, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const JANE = "+12125550100";
const BOB = "+12125550101";
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = TEST_EPOCH;

let now = T0;
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
const setTime = (t: number) => {
  now = t;
  vi.setSystemTime(t);
};
const to = (phone: string) => twilio.sent.filter((s) => s.to === phone);

const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

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
  // As if turned on before today's opening: today's digest is still to go (at the next run).
  await env.DB.prepare("UPDATE reps SET digest_sent_on = NULL").run();
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

it("a run whose invocation runs out of subrequests stops starting steps; the rest go in the next run, each once, none counted as a try", { timeout: 60_000 }, async () => {
  // Workers Free allows 50 outside calls an invocation: the 51st fetch throws before it
  // leaves. One sender at 10/s (no fan-out), five lanes.
  await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 10, quietHours: null } });
  const phones = Array.from({ length: 12 }, (_, i) => `+1212555${String(200 + i).padStart(4, "0")}`);
  for (const [i, phone] of phones.entries()) await newLead(`Guest${i}`, phone);
  twilio.sent.length = 0;
  setTime(T0 + 20 * MIN);
  twilio.answerNext(created, created, created, created, ...Array.from({ length: 8 }, () => tooManySubrequests));
  await fireAlarm(scheduler());

  expect(twilio.sent).toHaveLength(4);
  // Stopped starting steps at the first refusal: only those already under way were refused.
  expect(twilio.refused).toBeGreaterThan(0);
  expect(twilio.refused).toBeLessThanOrEqual(5);
  expect(await rows("SELECT status, count(*) AS n FROM step_sends GROUP BY status")).toEqual([{ status: "sent", n: 4 }]);
  expect(await rows("SELECT status, count(*) AS n FROM messages WHERE kind = 'series' GROUP BY status ORDER BY status")).toEqual([
    { status: "canceled", n: twilio.refused },
    { status: "queued", n: 4 },
  ]);
  // Still due, and the alarm comes back at once (a new invocation, with its own subrequests).
  expect(await row("SELECT count(*) AS n FROM leads WHERE series_next_index = 0 AND next_at <= ?", now)).toEqual({ n: 8 });
  expect(await scheduler().nextAlarm()).toBeLessThanOrEqual(now + 1_000);

  for (let i = 0; i < 10 && twilio.sent.length < phones.length; i++) {
    // A few seconds on (the pace's last second is behind, so nothing waits for it).
    setTime(now + 5_000);
    await scheduler().wake(now);
    await fireAlarm(scheduler());
  }
  // Each customer once, each with the first-contact notice (a refused call never reached anyone).
  expect(phones.map((p) => to(p).length)).toEqual(phones.map(() => 1));
  for (const p of phones) expect(to(p)[0]!.body).toContain("Reply STOP to opt out.");
  expect(await rows("SELECT status, attempts, count(*) AS n FROM step_sends GROUP BY status, attempts")).toEqual([{ status: "sent", attempts: 1, n: 12 }]);
  // Nothing went wrong that the rep should hear of.
  expect(to(SAM)).toHaveLength(0);
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

it("a later whose resume cannot be written stays: no reminder that run, and the next run (30 s on) reminds once and resumes the texts", { timeout: 30_000 }, async () => {
  const jane = await newLead("Jane", JANE);
  await text({ From: SAM, Body: "later Jane tomorrow" });
  const { resume_at: due } = (await row<{ resume_at: number }>("SELECT resume_at FROM leads WHERE id = ?", jane))!;
  twilio.sent.length = 0;
  setTime(due);
  // D1 loses the connection on the run's first write (the resume), then works again.
  let failedOnce = false;
  const flaky = (db: D1Database) =>
    withMembers(db, (key) =>
      key === "batch" && !failedOnce
        ? async () => {
            failedOnce = true;
            throw new Error("D1_ERROR: Network connection lost.");
          }
        : undefined,
    );
  await expect(fireAlarm(scheduler(), (bindings) => ({ ...bindings, DB: flaky(bindings.DB) }))).resolves.toBe(true);
  expect(failedOnce).toBe(true);
  expect(to(SAM)).toHaveLength(0);
  expect(await row("SELECT status, resume_at, series_paused FROM leads WHERE id = ?", jane)).toEqual({ status: "paused", resume_at: due, series_paused: 1 });
  expect(await scheduler().nextAlarm()).toBe(due + JOB_RETRY_MS);

  setTime(due + JOB_RETRY_MS);
  await fireAlarm(scheduler());
  expect(to(SAM).map((s) => s.body)).toEqual([expect.stringMatching(/^Reminder: follow up with Jane .*#\d+ today\..*texts resume/)]);
  expect(await row("SELECT status, resume_at, series_paused FROM leads WHERE id = ?", jane)).toEqual({ status: "active", resume_at: null, series_paused: 0 });
  expect((await apiJson<{ nextAt: string | null }>(`/leads/${jane}`)).nextAt).not.toBeNull();
  // Once: another run reminds nobody again.
  await scheduler().wake(now);
  await fireAlarm(scheduler());
  expect(to(SAM)).toHaveLength(1);
});
