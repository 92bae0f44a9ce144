// What `npm start` does with what its vars file says, from the Worker's own view: an account
// SID without an auth token refuses webhooks (never trusts them); no Twilio at all is the
// local outbox, where unsigned webhooks are the way to try Beback. One server, restarted on
// the same state with a changed vars file.
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, DESKTOP, launch } from "./browser";
import { inboundSmsParams, postWebhook, startBeback, type BebackServer } from "./harness";
import { portReleased } from "./harness/free-port";

const STORE = "+12125550000";
const SAM = "+12125550111";
const ACCOUNT_SID = `AC${"1".repeat(32)}`;

let beback: BebackServer;

beforeAll(async () => {
  // A token too short to be safe: npm start runs with it, and says so.
  beback = await startBeback({ vars: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, OWNER_TOKEN: "owner-1234" } });
});

afterAll(async () => {
  await beback?.stop({ removeFiles: true });
});

async function leads(): Promise<unknown[]> {
  const res = await beback.api("/api/leads");
  expect(res.status).toBe(200);
  return (await res.json()) as unknown[];
}

function newLeadText(signature?: string | null) {
  const params = inboundSmsParams({ from: SAM, to: STORE, body: "new Jane 212-555-0100 recliner", accountSid: ACCOUNT_SID });
  return postWebhook(`${beback.url}/twilio/sms`, params, signature === undefined ? {} : { signature });
}

describe("an account SID without an auth token", () => {
  it("is reported by the Worker and printed by npm start: outbox, webhooks refused", async () => {
    expect(await (await fetch(`${beback.url}/health`)).json()).toEqual({ ok: true, sends: "outbox", webhooks: "refused" });
    expect(beback.output()).toMatch(/sending to the local outbox .*; Twilio webhooks are REFUSED: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not/);
  });

  it("npm start warns that an OWNER_TOKEN under 20 characters is easy to guess", () => {
    expect(beback.output()).toContain("OWNER_TOKEN is shorter than 20 characters: anyone who guesses it can run the store. Use a long random one (openssl rand -base64 24).");
  });

  it("refuses every webhook with a 503 and one log line without personal data; nothing is stored", async () => {
    await beback.api("/api/settings", { method: "PUT", json: { storeNumber: STORE, quietHours: null } });
    expect((await beback.api("/api/reps", { method: "POST", json: { name: "Sam", phone: SAM } })).status).toBe(201);
    const before = beback.output().length;
    for (const signature of [null, "bm90IGEgc2lnbmF0dXJl"]) {
      const res = await newLeadText(signature);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/TWILIO_AUTH_TOKEN/);
    }
    const status = await postWebhook(`${beback.url}/twilio/status`, { MessageSid: `SM${"2".repeat(32)}`, MessageStatus: "delivered" });
    expect(status.status).toBe(503);
    expect(await leads()).toEqual([]);
    // wrangler dev prints the Worker's console output a moment after the answer.
    await new Promise((r) => setTimeout(r, 500));
    const logged = beback.output().slice(before);
    expect(logged.match(/Twilio webhook refused: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not/g)).toHaveLength(3);
    expect(logged).not.toContain("555");
    expect(logged).not.toContain("recliner");
  });

  it.skipIf(!chromiumPath)("the phone simulator says why its text was refused, and what to set (Chromium)", async () => {
    const browser = await launch(DESKTOP);
    try {
      const { page } = browser;
      await page.goto(`${beback.url}/phone.html`);
      // Said as the page opens, and again by a text sent all the same.
      await expect
        .poll(() => page.locator("#page-status").textContent())
        .toBe("Beback refuses every text here: .dev.vars has TWILIO_ACCOUNT_SID but no TWILIO_AUTH_TOKEN. Set both, or neither for the local outbox, and start npm start again.");
      await page.fill("#me1", "(212) 555-0111");
      await page.fill("#body1", "help");
      await page.click("#send1 button");
      await expect
        .poll(() => page.locator("#error1").textContent())
        .toBe("Twilio webhooks are refused: this server has TWILIO_ACCOUNT_SID but no TWILIO_AUTH_TOKEN. Set both in .dev.vars (or neither, for the local outbox) and start npm start again.");
      expect(await leads()).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("no Twilio credentials at all", () => {
  beforeAll(async () => {
    writeFileSync(beback.varsFile, `OWNER_TOKEN=${beback.ownerToken()}\nTWILIO_ACCOUNT_SID=\nTWILIO_AUTH_TOKEN=\n`);
    await beback.restart();
  });

  it("is the local outbox, and npm start says so", async () => {
    expect(await (await fetch(`${beback.url}/health`)).json()).toEqual({ ok: true, sends: "outbox", webhooks: "unchecked" });
    expect(beback.output()).toMatch(/sending to the local outbox \(no texts leave this machine\); Twilio webhooks are accepted without a signature/);
  });

  it("accepts an unsigned webhook (trying Beback locally) and records the texts in the outbox", async () => {
    const res = await newLeadText();
    expect(res.status).toBe(200);
    expect(await leads()).toMatchObject([{ name: "Jane", phone: "+12125550100" }]);
    const res2 = await beback.api(`/api/messages?phone=${encodeURIComponent(SAM)}`);
    const messages = (await res2.json()) as { direction: string; status: string }[];
    expect(messages.map((m) => m.direction)).toEqual(["in", "out"]);
  });

  it("refuses a browser page that reached it by another name (DNS rebinding): 403, nothing stored", async () => {
    const samsTexts = async () => (await (await beback.api(`/api/messages?phone=${encodeURIComponent(SAM)}`)).json()) as unknown[];
    const before = await samsTexts();
    expect(before.length).toBeGreaterThan(0);
    const body = new URLSearchParams(inboundSmsParams({ from: SAM, to: STORE, body: "note Jane written by a rebinding page" })).toString();
    // fetch cannot set Host: a raw request, as the browser of a rebinding page sends it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${beback.url}/twilio/sms`,
        { method: "POST", headers: { host: `rebind.evil.example:${beback.port}`, origin: `http://rebind.evil.example:${beback.port}`, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(status).toBe(403);
    expect(await samsTexts()).toEqual(before);
  });
});

describe("stopping npm start", () => {
  it("stops the whole server when only npm gets the SIGTERM (timeout, a harness that kills one pid): the port is let go", async () => {
    await beback.signalNpm("SIGTERM");
    // npm's `sh -c` dies without passing the signal on; scripts/start.mjs sees its parent
    // gone and stops wrangler, which stops workerd.
    await portReleased(beback.port, 15_000);
    await expect(fetch(`${beback.url}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
