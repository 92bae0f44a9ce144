// The owner changes the store's send rate while follow-ups drain: the sends still to come in
// that run go at the new rate within about a second (a run reads its settings once and then
// sends up to 20 seconds' worth); then the series' words: what follows goes in the new ones. Through `npm start` with a fake Twilio that answers in 150 ms.
// Only at BEBACK_TEST_DEPTH=full (CI); at the usual depth the file starts nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, type TwilioStore } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE, twilio: { latencyMs: 150 } });
});
afterAll(() => store?.stop());

const api = async (path: string, method: string, json: unknown) => {
  const res = await store.beback.api(path, { method, json });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// About 30 s with the server's start: run by .ci/run (BEBACK_TEST_DEPTH=full), not by `npm test`.
it.runIf(process.env.BEBACK_TEST_DEPTH === "full")("a lower send rate set mid-drain paces the rest of the run within about a second", { timeout: 180_000 }, async () => {
  await api("/api/settings", "PUT", { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null, sendRatePerSecond: 5 });
  await api("/api/reps", "POST", { name: "Sam", phone: SAM });
  const steps = (first: string) => ({ steps: [{ after: first, body: "Hi {first_name}, any questions about the {product}?" }, { after: "1d", body: "Still thinking about it?" }] });
  await api("/api/series/beback", "PUT", steps("1h"));
  const phones = Array.from({ length: 40 }, (_, i) => `+164655501${String(i).padStart(2, "0")}`);
  for (const [i, phone] of phones.entries()) {
    const res = await store.text(SAM, `new K${i} ${phone} sofa`);
    expect(res.status).toBe(200);
  }
  // All 40 due at once (the owner's edit moves each first step to 5 s after its start, now past): one run takes them all.
  await sleep(5_000);
  await api("/api/series/beback", "PUT", steps("5s"));
  const series = () => store.twilio.messages().filter((m) => phones.includes(m.to));
  for (let waited = 0; series().length < 10; waited += 100) {
    expect(waited, "the drain started").toBeLessThan(60_000);
    await sleep(100);
  }
  await api("/api/settings", "PUT", { sendRatePerSecond: 1 });
  const changed = Date.now();
  await sleep(8_000);
  // From 2 s after the change (the rate is re-read at most once a second), 1 a second.
  const after = series().filter((m) => m.at >= changed + 2_000 && m.at < changed + 8_000);
  expect(series().length).toBeLessThan(phones.length); // still draining: what follows is paced, not finished
  expect(after.length).toBeGreaterThanOrEqual(4);
  expect(after.length).toBeLessThanOrEqual(7);
});

// Goes on from the drain above, still under way at 1 a second.
it.runIf(process.env.BEBACK_TEST_DEPTH === "full")("new words saved mid-drain: every text that follows goes in them, and no one gets a first text twice", { timeout: 60_000 }, async () => {
  const phones = Array.from({ length: 40 }, (_, i) => `+164655501${String(i).padStart(2, "0")}`);
  const series = () => store.twilio.messages().filter((m) => phones.includes(m.to));
  expect(series().length).toBeLessThan(phones.length - 4);
  await api("/api/series/beback", "PUT", { steps: [{ after: "5s", body: "New words for {first_name}: any questions?" }, { after: "1d", body: "Still thinking about it?" }] });
  const saved = Date.now();
  await sleep(5_000);
  // A text whose last word passed just before the save may still arrive in the old words a moment after it.
  const after = series().filter((m) => m.at >= saved + 1_000);
  expect(after.length).toBeGreaterThanOrEqual(2);
  for (const m of after) expect(m.body).toMatch(/^New words for K\d+: any questions\?/);
  expect(new Set(series().map((m) => m.to)).size).toBe(series().length);
});
