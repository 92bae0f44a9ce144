// The harness's fakes behave like the real thing: the fake Twilio answers as Twilio's REST
// API does, and the webhook signer agrees with twilio's own validator.
import { validateRequest } from "twilio/lib/webhooks/webhooks";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, portReleased } from "./free-port";
import { answers, inboundSmsParams, startFakeTwilio, startFakeTwilioThread, twilioSignature, twimlMessages, type FakeTwilio } from "./index";

let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: `AC${"a".repeat(32)}`, authToken: "secret" });
});
afterAll(() => twilio?.close());

function create(form: Record<string, string | string[]>, auth = `${twilio.accountSid}:${twilio.authToken}`, sid = twilio.accountSid) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of [v].flat()) body.append(k, value);
  return fetch(`${twilio.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(auth).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

const SMS = { To: "+12125550100", From: "+12125550000", Body: "Hi Jane" };

describe("fake Twilio", () => {
  it("creates a message: 201 with a Message resource, and logs the request", async () => {
    const res = await create({ ...SMS, MediaUrl: ["https://m.example/a.jpg", "https://m.example/b.jpg"], StatusCallback: "https://x.example/twilio/status", ValidityPeriod: "600" });
    expect(res.status).toBe(201);
    const message = (await res.json()) as Record<string, unknown>;
    expect(message).toMatchObject({ account_sid: twilio.accountSid, to: SMS.To, from: SMS.From, body: SMS.Body, status: "queued", num_media: "2", direction: "outbound-api" });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages().at(-1)).toMatchObject({
      sid: message.sid,
      mediaUrls: ["https://m.example/a.jpg", "https://m.example/b.jpg"],
      statusCallback: "https://x.example/twilio/status",
      validityPeriod: "600",
    });
    expect(twilio.requests.at(-1)).toMatchObject({ authorized: true, answer: 201, pathAccountSid: twilio.accountSid });
    expect(twilio.accepted()).toBe(twilio.messages().length);
  });

  it.each([
    ["a wrong auth token", () => create(SMS, `${twilio.accountSid}:wrong`), 401, 20003],
    ["another account's path", () => create(SMS, undefined, `AC${"b".repeat(32)}`), 404, 20404],
    ["no To", () => create({ From: SMS.From, Body: "x" }), 400, 21604],
    ["no Body and no MediaUrl", () => create({ To: SMS.To, From: SMS.From }), 400, 21602],
  ])("answers %s as Twilio does", async (_what, send, status, code) => {
    const accepted = twilio.accepted();
    const res = await send();
    expect(res.status).toBe(status);
    expect(twilio.accepted()).toBe(accepted);
    expect(await res.json()).toMatchObject({ code, status, message: expect.any(String), more_info: expect.stringContaining(String(code)) });
  });

  it("answers scripted errors in order, then 201s again", async () => {
    twilio.answerNext(answers.unsubscribed, answers.invalidNumber, answers.rateLimited, answers.serverError, { kind: "error", status: 400, code: 21614 });
    const got = [];
    for (let i = 0; i < 6; i++) {
      const res = await create(SMS);
      got.push([res.status, ((await res.json()) as { code?: number }).code ?? null]);
    }
    expect(got).toEqual([[400, 21610], [400, 21211], [429, 20429], [500, 20500], [400, 21614], [201, null]]);
  });

  it("drops the connection without an answer, and logs it", async () => {
    twilio.answerNext(answers.drop);
    await expect(create(SMS)).rejects.toThrow();
    expect(twilio.requests.at(-1)).toMatchObject({ answer: "dropped", sid: null });
  });

  it("adds latency", async () => {
    twilio.setLatency(300);
    const started = Date.now();
    expect((await create(SMS)).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    twilio.setLatency(0);
  });

  it("waitForMessage finds past and future messages, and gives up", async () => {
    await create({ ...SMS, Body: "past" });
    expect((await twilio.waitForMessage((m) => m.body === "past", 1000)).body).toBe("past");
    const future = twilio.waitForMessage((m) => m.body === "future", 5000);
    await create({ ...SMS, Body: "future" });
    expect((await future).body).toBe("future");
    await expect(twilio.waitForMessage((m) => m.body === "never", 100)).rejects.toThrow(/no matching message/);
  });
});

describe("fake Twilio on its own thread (the bench's)", () => {
  const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`;

  it("creates messages as the fake does, reports them, adds latency, and closes", async () => {
    const fake = await startFakeTwilioThread({ accountSid: `AC${"c".repeat(32)}`, authToken: "secret" });
    try {
      const send = () =>
        fetch(`${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`, {
          method: "POST",
          headers: { authorization: basic(fake.accountSid, fake.authToken), "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(SMS),
        });
      const res = await send();
      expect(res.status).toBe(201);
      expect(await fake.accepted()).toBe(1);
      expect(await fake.messages()).toMatchObject([{ to: SMS.To, from: SMS.From, body: SMS.Body, sid: ((await res.json()) as { sid: string }).sid }]);
      await fake.setLatency(300);
      const started = Date.now();
      expect((await send()).status).toBe(201);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await fake.close();
    }
    await expect(fetch(fake.url)).rejects.toThrow();
  });

  // Eight requests 40 ms apart from another process, while this thread's event loop is held
  // for 600 ms: the in-process fake stamps them all once it is let go; the threaded one as
  // they arrive. Resolves with when the hold ended. (Judged by that instant, not by how far
  // apart the stamps are: on a busy machine the other process's timers bunch its sends.)
  async function sendWhileBlocked(fake: { url: string; accountSid: string; authToken: string }): Promise<number> {
    const child = spawn(process.execPath, ["-e", `
      const [url, auth] = process.argv.slice(1);
      const sends = [];
      console.log("go");
      for (let i = 0; i < 8; i++) setTimeout(() => sends.push(fetch(url, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: "To=%2B12125550100&From=%2B12125550000&Body=tick" + i })), 40 * i);
      setTimeout(async () => { await Promise.all(sends); console.log("done"); }, 400);
    `, `${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`, basic(fake.accountSid, fake.authToken)]);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const seen = (word: string) => new Promise<void>((resolve, reject) => {
      const check = () => (out.includes(word) ? resolve() : child.exitCode !== null ? reject(new Error(`child exited: ${out}`)) : setTimeout(check, 5));
      check();
    });
    await seen("go");
    const until = Date.now() + 600;
    while (Date.now() < until) {
      // held: nothing else runs on this thread
    }
    const heldUntil = Date.now();
    await seen("done");
    return heldUntil;
  }

  it("stamps arrivals as they come even while the thread that started it is busy (the in-process fake cannot)", { timeout: 20_000 }, async () => {
    const threaded = await startFakeTwilioThread();
    try {
      const heldUntil = await sendWhileBlocked(threaded);
      const at = (await threaded.messages()).map((m) => m.at);
      expect(at).toHaveLength(8);
      // Stamped while this thread could stamp nothing.
      expect(Math.min(...at)).toBeLessThan(heldUntil);
    } finally {
      await threaded.close();
    }
    const inProcess = await startFakeTwilio();
    try {
      const heldUntil = await sendWhileBlocked(inProcess);
      const at = inProcess.messages().map((m) => m.at);
      expect(at).toHaveLength(8);
      expect(Math.min(...at)).toBeGreaterThanOrEqual(heldUntil);
    } finally {
      await inProcess.close();
    }
  });
});

describe("webhook signatures", () => {
  it("agree with twilio's validateRequest over every parameter, and break when one changes", () => {
    const url = "https://beback.example/twilio/sms";
    const params = inboundSmsParams({ from: "+12125550111", to: "+12125550000", body: "new Jane 555-0100 recliner", media: [{ url: "https://m.example/p.jpg", contentType: "image/jpeg" }] });
    const signature = twilioSignature("secret", url, params);
    expect(validateRequest("secret", signature, url, params)).toBe(true);
    expect(validateRequest("secret", signature, url, { ...params, Body: "new Evil 555-0199 x" })).toBe(false);
    expect(validateRequest("other", signature, url, params)).toBe(false);
    expect(params).toMatchObject({ NumMedia: "1", MediaUrl0: "https://m.example/p.jpg", MediaContentType0: "image/jpeg" });
    expect(params.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
  });
});

describe("a port let go", () => {
  it("waits while something listens on the port, and resolves once it stops", async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
    let released = false;
    const waiting = portReleased(port, 5_000).then(() => (released = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(released).toBe(false);
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await waiting;
    expect(released).toBe(true);
  });

  it("gives up after its timeout", async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, "127.0.0.1", resolve));
    await expect(portReleased(port, 200)).rejects.toThrow(/still in use/);
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  });
});

describe("twimlMessages", () => {
  it.each<[string, string[]]>([
    ['<?xml version="1.0" encoding="UTF-8"?><Response/>', []],
    ["<Response><Message>✓ Sam &amp; Kim</Message></Response>", ["✓ Sam & Kim"]],
    ["<Response><Message>&quot;hi&quot; &apos;x&apos; &lt;3 &gt; &#39; &#x1F44D;</Message><Message>two\nlines</Message></Response>", [`"hi" 'x' <3 > ' 👍`, "two\nlines"]],
  ])("%j", (xml, texts) => {
    expect(twimlMessages(xml)).toEqual(texts);
  });
});
