// Texts to reps that a webhook recorded and meant to send after answering (forwards, STOP
// notices: messenger.ts sendSoon) are never lost to a Worker that died first: the
// Scheduler's pending-texts job sends any still without a sid PENDING_STALE_MS later.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { PENDING_STALE_MS } from "../src/sms/messenger";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { row, rows } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { setUpStore, STORE_NUMBER, text } from "./helpers/store";

const SAM = "+12125550111";
const JANE = "+12125550100";
const T0 = TEST_EPOCH;

let twilio: FakeTwilio;
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  twilio = installFakeTwilio();
  await setUpStore([{ name: "Sam Rivera", phone: SAM }]);
});
afterEach(() => {
  twilio.restore();
  vi.useRealTimers();
});

/** A forward as a webhook records it right before its Worker died: queued, no sid. */
async function orphanForward(at: number, body: string) {
  await env.DB.prepare(
    "INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('out', 'forward', NULL, 1, ?, ?, ?, '[]', 'queued', ?)",
  )
    .bind(STORE_NUMBER, SAM, body, at)
    .run();
  // What the webhook asks of the Scheduler before its deferred send.
  await scheduler().wake(at + PENDING_STALE_MS);
}

it("a forward left without a sid is sent by the Scheduler once it is stale; a fresh one is left to its webhook", async () => {
  await orphanForward(T0 - PENDING_STALE_MS - 1, "Jane #1: Is it still available?");
  await orphanForward(T0 - 1_000, "Jane #1: Blue, please");
  expect(await scheduler().nextAlarm()).toBe(T0); // due already: now
  await fireAlarm(scheduler());
  expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[SAM, "Jane #1: Is it still available?"]]);
  expect(await rows("SELECT body, status, sid IS NOT NULL AS has_sid FROM messages WHERE kind = 'forward' ORDER BY id")).toEqual([
    { body: "Jane #1: Is it still available?", status: "queued", has_sid: 1 },
    { body: "Jane #1: Blue, please", status: "queued", has_sid: 0 },
  ]);
  // The Scheduler comes back for the second when it is stale.
  expect(await scheduler().nextAlarm()).toBe(T0 - 1_000 + PENDING_STALE_MS);
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.map((s) => s.body)).toEqual(["Jane #1: Is it still available?", "Jane #1: Blue, please"]);
  // Nothing is sent twice by later runs.
  await scheduler().wake(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent).toHaveLength(2);
});

it("a customer's reply is recorded, forwarded once, and the Scheduler is asked to look again should the send not happen", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await text({ From: JANE, Body: "Is it in blue?" });
  const forward = await row<{ status: string; sid: string | null }>("SELECT status, sid FROM messages WHERE kind = 'forward'");
  expect(forward?.sid).not.toBeNull();
  expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([expect.stringContaining("Is it in blue?")]);
  expect(await scheduler().nextAlarm()).toBeLessThanOrEqual(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.filter((s) => s.to === SAM)).toHaveLength(1);
});
