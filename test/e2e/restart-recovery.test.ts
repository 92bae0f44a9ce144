// A restart recovers by itself, with no owner action: after `npm start` comes back on the
// same state, the first request has the Scheduler set its alarm by what D1 says is due —
// even a time the stored alarm never got (a process killed between a D1 write and its
// wake()). Here the D1 file is edited while the Worker is down so that a follow-up is due
// now (its lead came in an hour ago) while the stored alarm still says an hour from now;
// the text must go out at once.
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, type TwilioStore } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";
const JANE = "+12125550100";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE, twilio: { latencyMs: 150 } });
});
afterAll(() => store?.stop());

const api = async (path: string, method: string, json: unknown) => {
  const res = await store.beback.api(path, { method, json });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
};

/** The local D1 file of the state directory (wrangler dev's layout). */
function d1File(stateDir: string): string {
  const dir = join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 file in ${dir}`);
  return join(dir, file);
}

it("a follow-up only D1 knows about goes out after a restart, on the first request, with no owner action", { timeout: 240_000 }, async () => {
  await api("/api/settings", "PUT", { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null });
  await api("/api/reps", "POST", { name: "Sam", phone: SAM });
  await api("/api/series/beback", "PUT", { steps: [{ after: "1h", body: "Hi {first_name}, any questions about the {product}?" }] });
  const res = await store.text(SAM, "new Jane 212-555-0100 recliner");
  expect(res.status).toBe(200);
  // The Scheduler's stored alarm is now an hour away.

  await store.beback.kill();
  const file = d1File(store.beback.stateDir);
  copyFileSync(file, `${file}.before-edit`); // kept with the state, for a look after a failure
  const db = new DatabaseSync(file);
  // The lead as if it had come in an hour ago and its step's wake() had been lost.
  const hourAgo = Date.now() - 60 * 60_000 - 1_000;
  const changed = db.prepare("UPDATE leads SET series_started_at = ?, next_at = ? WHERE phone = ?").run(hourAgo, hourAgo + 60 * 60_000, JANE);
  db.close();
  expect(changed.changes).toBe(1);

  // restart() waits for GET /health: that first request is all it takes.
  await store.beback.restart();
  const step = await store.twilio.waitForMessage((m) => m.to === JANE, 30_000);
  expect(step.body).toContain("Hi Jane, any questions about the recliner?");
  expect(store.twilio.messages().filter((m) => m.to === JANE)).toHaveLength(1);
});

// Steps wait their turn after they are claimed and recorded (a store number sends at its
// rate): a Worker killed then had not called Twilio for them. After the restart each is sent
// once — not written off as "maybe sent" — and, being the number's first text, with the
// store's name and how to opt out.
// About 25 s (a kill and a restart): run by .ci/run (BEBACK_TEST_DEPTH=full), not by `npm test`;
// test/follow-ups.test.ts holds the same recovery in the pool.
it.runIf(process.env.BEBACK_TEST_DEPTH === "full")("steps claimed and waiting for their pacing slot when the Worker is killed go out after the restart, once each", { timeout: 240_000 }, async () => {
  await api("/api/settings", "PUT", { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null, sendRatePerSecond: 0.5 }); // one text every 2 s
  if (!((await (await store.beback.api("/api/reps")).json()) as { phone: string }[]).some((r) => r.phone === SAM)) await api("/api/reps", "POST", { name: "Sam", phone: SAM });
  const steps = (first: string) => ({ steps: [{ after: first, body: "Hi {first_name}, any questions about the {product}?" }, { after: "1d", body: "Still thinking about it?" }] });
  await api("/api/series/beback", "PUT", steps("1h"));
  const phones = [0, 1, 2, 3, 4].map((i) => `+1646555012${i}`);
  for (const [i, phone] of phones.entries()) {
    const res = await store.text(SAM, `new K${i} ${phone} sofa`);
    expect(res.status).toBe(200);
  }
  // All due at once: the owner's edit moves every waiting lead's first step to 5 s after its start, now past.
  await new Promise((r) => setTimeout(r, 5_000));
  await api("/api/series/beback", "PUT", steps("5s"));
  const toThem = () => store.twilio.messages().filter((m) => phones.includes(m.to));
  await store.twilio.waitForMessage((m) => phones.includes(m.to), 60_000);
  // The next slot is 2 s after that send; its step (and those behind it) are claimed and recorded, waiting.
  await new Promise((r) => setTimeout(r, 500));
  await store.beback.kill();
  const sentBefore = toThem().length;
  expect(sentBefore).toBeLessThan(phones.length);

  const db = new DatabaseSync(d1File(store.beback.stateDir));
  const waiting = db.prepare("SELECT count(*) AS n FROM step_sends WHERE status = 'claimed' AND message_id IS NOT NULL AND called_at IS NULL").get() as { n: number };
  expect(waiting.n).toBeGreaterThan(0); // what this test is about: claimed, recorded, not yet called
  // Their claims as if the restart came two minutes later: stale, so taken over at once.
  db.prepare("UPDATE step_sends SET claimed_at = claimed_at - 120000 WHERE status = 'claimed'").run();
  db.close();

  await store.beback.restart();
  for (const phone of phones) await store.twilio.waitForMessage((m) => m.to === phone, 60_000);
  await new Promise((r) => setTimeout(r, 3_000)); // nothing more comes
  for (const phone of phones) {
    const got = toThem().filter((m) => m.to === phone);
    expect(got, phone).toHaveLength(1);
    expect(got[0]!.body, phone).toMatch(/^Hi K\d, any questions about the sofa\? - Oak & Pine\. Reply STOP to opt out\.$|Oak & Pine.*Reply STOP to opt out\./);
  }
});
