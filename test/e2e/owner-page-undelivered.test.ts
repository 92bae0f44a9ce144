// Texts that did not reach the phone, on the owner's Results in Chromium against `npm start`
// with a fake Twilio on loopback: a store number not registered for business texting
// (30034, reported by signed status callbacks, as Twilio sends them) fails every text, and
// Results say how many, why in words, and that the owner fixes it at Twilio. A rep's own
// text is told to the rep; nothing else told the owner. Skipped, saying so, when Chromium is
// absent (test/e2e/browser.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launch, PHONE, type Browser } from "./browser";
import { startTwilioStore, type TwilioStore } from "./harness";

const SAM = "+12125550111";
const JANE = "+12125550100";
const BOB = "+12125550177";

describe.skipIf(!chromiumPath)("Results say which texts did not reach the phone, and why", () => {
  let store: TwilioStore;
  let browser: Browser;

  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const res = await store.beback.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sidOf = async (to: string, body: RegExp) => (await store.twilio.waitForMessage((m) => m.to === to && body.test(m.body))).sid;
  const results = () => browser.page.locator("#results-body");

  beforeAll(async () => {
    store = await startTwilioStore();
    await api("/api/reps", "POST", { name: "Sam Rivera", phone: SAM });
    browser = await launch(PHONE);
    await browser.page.goto(`${store.beback.url}/#token=${encodeURIComponent(store.beback.ownerToken())}`);
    await browser.page.locator("#view-results").waitFor({ state: "visible" });
  });
  afterAll(async () => {
    await browser?.close();
    await store?.stop();
  });

  it("shows nothing while every text went, then the count, the carrier's reason and who can fix it", async () => {
    for (const t of [`new Jane Doe ${JANE} recliner`, `new Bob Stone ${BOB} sofa`, "@Jane it's in stock", "@Bob it's in stock"]) expect((await store.text(SAM, t)).status).toBe(200);
    const jane = await sidOf(JANE, /in stock/);
    const bob = await sidOf(BOB, /in stock/);
    await browser.page.reload();
    await expect.poll(() => results().textContent()).toContain("Last 30 days");
    expect(await results().textContent()).not.toContain("didn't reach");

    // Both texts undelivered: the store number is not registered (A2P 10DLC).
    for (const sid of [jane, bob]) expect((await store.status(sid, { MessageStatus: "undelivered", ErrorCode: "30034" })).status).toBe(200);
    expect((await api<{ undelivered: unknown }>("/api/stats?days=30")).undelivered).toEqual([{ errorCode: "30034", texts: 2 }]);
    await browser.page.reload();
    const box = results().locator(".status.err");
    await expect.poll(() => box.textContent()).toContain("2 texts didn't reach the phone in the last 30 days");
    expect(await box.textContent()).toContain("The store's Twilio set-up is for the owner to fix, at Twilio");
    expect(await box.locator("li").allTextContents()).toEqual(["2: the store number isn't registered for business texting (error 30034)"]);
    expect(browser.errors).toEqual([]);
  });

  it("the page's Simulator link on this store says at once that the simulator is for the local outbox", async () => {
    await browser.page.goto(`${store.beback.url}/phone.html`);
    await expect
      .poll(() => browser.page.locator("#page-status").textContent())
      .toBe("This store sends real texts through Twilio, and the simulator works on the local outbox only (no Twilio credentials in .dev.vars). Text the store's number from real phones instead.");
    expect(browser.errors).toEqual([]);
  });
});
