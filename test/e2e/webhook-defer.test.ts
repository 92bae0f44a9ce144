// A customer's reply is answered without waiting on Twilio: the webhook records the forward
// to the rep and answers; the REST call to Twilio runs after the answer (ctx.waitUntil). A
// Worker killed before Twilio answered loses nothing: the Scheduler sends the recorded
// forward again after PENDING_STALE_MS (at least once). Through `npm start`, signed
// webhooks, a fake Twilio on loopback that takes seconds to answer.
import { afterAll, beforeAll, expect, it } from "vitest";
import { answers, startTwilioStore, type FakeTwilioRequest, type TwilioStore } from "./harness";

/** src/sms/messenger.ts PENDING_STALE_MS (not imported: it would pull the Worker's types into this Node test). */
const PENDING_STALE_MS = 30_000;
const STORE = "+12125550000";
const SAM = "+12125550111";
const JANE = "+12125550100";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE, twilio: { latencyMs: 3_000 } });
  const ok = async (res: Promise<Response>) => expect((await res).status).toBeLessThan(300);
  await ok(store.beback.api("/api/settings", { method: "PUT", json: { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null } }));
  await ok(store.beback.api("/api/reps", { method: "POST", json: { name: "Sam", phone: SAM } }));
  await ok(store.beback.api("/api/series/beback", { method: "PUT", json: { steps: [{ after: "30d", body: "Hi {first_name}" }] } }));
  await ok(text(SAM, "new Jane 212-555-0100 recliner"));
});
afterAll(() => store?.stop());

const text = (from: string, body: string) => store.text(from, body);

const forwardsOf = (words: string): FakeTwilioRequest[] =>
  store.twilio.requests.filter((r) => r.form.some(([k, v]) => k === "To" && v === SAM) && r.form.some(([k, v]) => k === "Body" && v.includes(words)));

async function until<T>(what: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("answers the customer's webhook before Twilio has answered the forward to the rep, and the forward goes out", { timeout: 60_000 }, async () => {
  const res = await text(JANE, "Is it in blue?");
  const answeredAt = Date.now();
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  const forward = await store.twilio.waitForMessage((m) => m.to === SAM && m.body.includes("Is it in blue?"), 30_000);
  const request = forwardsOf("Is it in blue?")[0]!;
  // The order, not a duration: Twilio answered the forward only after the webhook had answered.
  expect(request.answeredAt!).toBeGreaterThan(answeredAt);
  expect(forward.from).toBe(STORE);
  expect(forwardsOf("Is it in blue?")).toHaveLength(1);
});

it("a Worker killed while Twilio has the forward loses nothing: after a restart the Scheduler sends it again", { timeout: 240_000 }, async () => {
  store.twilio.setLatency(8_000);
  expect((await text(JANE, "Can you hold it till Saturday?")).status).toBe(200);
  // The forward is with Twilio (no answer yet) when the Worker dies.
  await until(() => forwardsOf("hold it till Saturday").length === 1, 30_000);
  await store.beback.kill();
  store.twilio.setLatency(100);
  await store.beback.restart();
  const again = await until(() => forwardsOf("hold it till Saturday").find((r) => r.answer === 201 && r !== forwardsOf("hold it till Saturday")[0]), PENDING_STALE_MS + 60_000);
  expect(again.form.find(([k]) => k === "From")?.[1]).toBe(STORE);
  // At least once: the first request may have reached Twilio too; never more than these two.
  expect(forwardsOf("hold it till Saturday")).toHaveLength(2);
});

// A minute of real time: run by .ci/run (BEBACK_TEST_DEPTH=full), not by `npm test`.
it.runIf(process.env.BEBACK_TEST_DEPTH === "full")("a forward Twilio answers 429 or 500 is not lost: the Scheduler sends it again a minute later", { timeout: 240_000 }, async () => {
  store.twilio.setLatency(150);
  store.twilio.answerNext(answers.rateLimited);
  expect((await text(JANE, "Does it come in green?")).status).toBe(200);
  store.twilio.answerNext(answers.serverError);
  expect((await text(JANE, "And in grey?")).status).toBe(200);
  const sentAt = Date.now();
  for (const words of ["come in green", "in grey"]) {
    const again = await until(() => forwardsOf(words).find((r) => r.answer === 201), 150_000);
    expect(again.at - sentAt).toBeGreaterThanOrEqual(55_000);
    expect(forwardsOf(words).map((r) => r.answer)).toEqual([words === "in grey" ? 500 : 429, 201]);
  }
});

// A minute of real time too: run by .ci/run (BEBACK_TEST_DEPTH=full).
it.runIf(process.env.BEBACK_TEST_DEPTH === "full")("a rep's text to a customer that Twilio answers 429 is sent again a minute later, once, and the rep hears it went", { timeout: 240_000 }, async () => {
  store.twilio.setLatency(150);
  const toJane = (words: string) => store.twilio.requests.filter((r) => r.form.some(([k, v]) => k === "To" && v === JANE) && r.form.some(([k, v]) => k === "Body" && v.includes(words)));
  store.twilio.answerNext(answers.rateLimited);
  const res = await text(SAM, "@Jane the green one is on hold");
  expect(await res.text()).toMatch(/⏳ Twilio is busy \(20429\): I'll send it to Jane #\d+ again in a minute/);
  const sentAt = Date.now();
  const again = await until(() => toJane("green one is on hold").find((r) => r.answer === 201), 150_000);
  expect(again.at - sentAt).toBeGreaterThanOrEqual(55_000);
  await until(() => forwardsOf("on a later try").find((r) => r.answer === 201), 30_000);
  // Once: no third request, even after the Scheduler's next look.
  await new Promise((r) => setTimeout(r, 3_000));
  expect(toJane("green one is on hold").map((r) => r.answer)).toEqual([429, 201]);
});
