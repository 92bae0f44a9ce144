// The webhooks under hostile or broken input: signatures, replays, malformed requests.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import app from "../src/index";
import { count, row, snapshot, withMembers } from "./helpers/db";
import { dbFrom } from "../src/db/client";
import { readInbound } from "../src/db/inbound-queries";
import { handleInbound } from "../src/inbound/handle-inbound";
import { OutboxProvider } from "../src/twilio/provider";
import { deferredSendsSettled, inboundParams, ORIGIN, postTwilio, signed, STORE_NUMBER, text, twimlMessages } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";
import { created } from "./helpers/fake-twilio";

const SAM = "+12125550111";
const JANE = "+12125550100";
const twilio = storeEachTest({ reps: [{ name: "Sam", phone: SAM }] });

describe("signature", () => {
  it.each([
    ["missing", null],
    ["wrong", "bm90IGEgc2lnbmF0dXJl"],
    ["empty", ""],
  ])("a %s X-Twilio-Signature is 403 and stores nothing", async (_what, signature) => {
    const before = await snapshot();
    const res = await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }), signature);
    expect(res.status).toBe(403);
    expect(await count("messages")).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it("covers every received parameter: a changed Body breaks it", async () => {
    const params = inboundParams({ From: SAM, Body: "help" });
    const signature = signed("/twilio/sms", params);
    const res = await postTwilio("/twilio/sms", { ...params, Body: "new Evil 555-0100 x" }, signature);
    expect(res.status).toBe(403);
  });

  it("is checked against PUBLIC_BASE_URL when set", async () => {
    const params = inboundParams({ From: SAM, Body: "help" });
    const publicUrl = "https://store.example.com";
    const { getExpectedTwilioSignature } = await import("twilio/lib/webhooks/webhooks");
    const signature = getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN!, `${publicUrl}/twilio/sms`, params);
    const request = () =>
      new Request(`${ORIGIN}/twilio/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        body: new URLSearchParams(params).toString(),
      });
    expect((await app.fetch(request(), env)).status).toBe(403);
    expect((await app.fetch(request(), { ...env, PUBLIC_BASE_URL: publicUrl })).status).toBe(200);
  });

  it("is checked against the URL as Twilio called it: upper-case host, apostrophe and plus in the query", async () => {
    const params = inboundParams({ From: SAM, Body: "help" });
    const configured = "https://Beback.Test/twilio/sms?store=O'Brien+Sons";
    const { getExpectedTwilioSignature } = await import("twilio/lib/webhooks/webhooks");
    const signature = getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN!, configured, params);
    const request = (sig: string) =>
      new Request(configured, {
        method: "POST",
        headers: { host: "Beback.Test", "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
        body: new URLSearchParams(params).toString(),
      });
    expect((await app.fetch(request(signature), env)).status).toBe(200);
    const other = getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN!, "https://Beback.Test/twilio/sms?store=OBrien+Sons", params);
    expect((await app.fetch(request(other), env)).status).toBe(403);
  });

  it("a rep removed by the owner while their text is handled still gets an answer", async () => {
    // The owner's delete lands between the text's read (a rep's) and its write (the new lead): D1 refuses the lead.
    let removed = false;
    const DB = withMembers(env.DB, (key) =>
      key === "batch" && !removed
        ? async () => {
            removed = true;
            await env.DB.batch([env.DB.prepare("UPDATE messages SET rep_id = NULL WHERE rep_id IS NOT NULL"), env.DB.prepare("DELETE FROM reps WHERE phone = ?").bind(SAM)]);
            throw new Error("D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT");
          }
        : undefined,
    );
    const res = await app.fetch(
      new Request(`${ORIGIN}/twilio/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" })).toString(),
      }),
      { ...env, TWILIO_AUTH_TOKEN: "", TWILIO_ACCOUNT_SID: "", DB },
    );
    expect(removed).toBe(true);
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toEqual(["Sorry, Beback hit a problem with that text. Please try again in a minute."]);
    expect(await count("leads")).toBe(0);
  });

  it("is not required when no auth token is set (local outbox)", async () => {
    const res = await app.fetch(
      new Request(`${ORIGIN}/twilio/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(inboundParams({ From: SAM, Body: "help" })).toString(),
      }),
      { ...env, TWILIO_AUTH_TOKEN: "", TWILIO_ACCOUNT_SID: "" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
  });

  it("on the local outbox, refuses a browser's unsigned webhook to a name that may be rebound to this server, and stores nothing", async () => {
    const before = await snapshot();
    const post = (host: string) =>
      app.fetch(
        new Request(`http://${host}/twilio/sms`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin", origin: `http://${host}` },
          body: new URLSearchParams(inboundParams({ From: SAM, Body: "note Jane written by a rebinding page" })).toString(),
        }),
        { ...env, TWILIO_AUTH_TOKEN: "", TWILIO_ACCOUNT_SID: "" },
      );
    const refused = await post("rebind.evil.example:8787");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/open it at localhost or an IP address, or set PUBLIC_BASE_URL/);
    expect(await snapshot()).toBe(before);
    // The simulator's own page at localhost still works.
    expect((await post("localhost:8787")).status).toBe(200);
  });
});

describe("an account SID without an auth token", () => {
  it.each(["/twilio/sms", "/twilio/status"])("refuses %s with a 503, signed or not, and stores nothing", async (path) => {
    const before = await snapshot();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const noToken = { ...env, TWILIO_AUTH_TOKEN: "" };
    for (const signature of [null, signed(path, inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }))]) {
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
      if (signature) headers["x-twilio-signature"] = signature;
      const res = await app.fetch(
        new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" })).toString() }),
        noToken,
      );
      expect(res.status).toBe(503);
    }
    expect(await snapshot()).toBe(before);
    // One line per refused webhook, saying why; no numbers, no text.
    expect(logged.mock.calls.map((args) => args.join(" "))).toEqual([
      expect.stringMatching(/^Twilio webhook refused: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not/),
      expect.stringMatching(/^Twilio webhook refused: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not/),
    ]);
    expect(logged.mock.calls.join(" ")).not.toMatch(/555|recliner/);
    logged.mockRestore();
  });
});

describe("idempotency", () => {
  it("handles the same MessageSid once; the second answer is empty", async () => {
    const params = inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" });
    const first = await postTwilio("/twilio/sms", params);
    const second = await postTwilio("/twilio/sms", params);
    expect(twimlMessages(await first.text())).toHaveLength(1);
    expect(second.status).toBe(200);
    expect(twimlMessages(await second.text())).toEqual([]);
    expect(await count("leads")).toBe(1);
    expect(await count("messages", "direction = 'in'")).toBe(1);
  });

  it("a customer's reply delivered again, in turn and at once, is recorded and forwarded once", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    const params = inboundParams({ From: JANE, Body: "Is it in blue?" });
    const first = await Promise.all([postTwilio("/twilio/sms", params), postTwilio("/twilio/sms", params), postTwilio("/twilio/sms", params)]);
    const again = await postTwilio("/twilio/sms", params);
    expect([...first, again].map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await deferredSendsSettled();
    expect(await count("messages", "direction = 'in' AND sid = ?", params.MessageSid)).toBe(1);
    expect(await count("messages", "kind = 'forward'")).toBe(1);
    expect(twilio.sent.filter((s) => s.to === SAM && s.body.includes("Is it in blue?"))).toHaveLength(1);
    expect(await row("SELECT series_paused, next_at FROM leads")).toEqual({ series_paused: 1, next_at: null });
  });

  it("a reply whose lead changed after the webhook read it still steps the series aside", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    const db = dbFrom(env.DB);
    const read = await readInbound(db, JANE);
    // Something else writes the lead between the read and the reply's write (its updated_at moves on).
    await env.DB.prepare("UPDATE leads SET updated_at = updated_at + 5, notes = 'prefers navy'").run();
    const ctx = { db, provider: new OutboxProvider(), storeNumber: STORE_NUMBER, now: () => Date.now(), settings: read.settings, scheduler: { wake: async () => {} } };
    await handleInbound(ctx, { sid: "SM00000000000000000000000000000race", to: STORE_NUMBER, body: "Is it in blue?", media: [] } as never, JANE, read);
    expect(await row("SELECT series_paused, next_at, notes FROM leads")).toEqual({ series_paused: 1, next_at: null, notes: "prefers navy" });
    expect(await count("messages", "kind = 'forward'")).toBe(1);
  });

  it("two concurrent deliveries of one MessageSid create one lead", async () => {
    const params = inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" });
    const answers = await Promise.all([postTwilio("/twilio/sms", params), postTwilio("/twilio/sms", params), postTwilio("/twilio/sms", params)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await count("leads")).toBe(1);
  });

  it.each([
    ["died 31 s ago: this delivery handles it", 31_000, 1],
    ["started 2 s ago: still in progress, answered empty", 2_000, 0],
    // A living handler may wait 10 s on Twilio: 11 s is no sign of death.
    ["started 11 s ago: still in progress, answered empty", 11_000, 0],
  ])("a text whose handler %s", async (_what, ago, handled) => {
    // What a Worker killed mid-handling leaves behind: the claimed sid, still "receiving".
    const params = inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" });
    await env.DB.prepare("INSERT INTO messages (direction, kind, from_number, to_number, body, status, sid, at) VALUES ('in', 'command', ?, ?, ?, 'receiving', ?, ?)")
      .bind(SAM, params.To, params.Body, params.MessageSid, Date.now() - ago)
      .run();
    const answers = twimlMessages(await (await postTwilio("/twilio/sms", params)).text());
    expect(answers).toHaveLength(handled);
    expect(await count("leads")).toBe(handled);
    expect(await count("messages", "direction = 'in'")).toBe(1);
    if (handled) expect(await row("SELECT status FROM messages WHERE direction = 'in'")).toEqual({ status: "received" });
  });

  it("a rep's text to a customer is in the lead's conversation from when its words are recorded, before Twilio answers (races audit: a Worker dying in the call left the rep's text out)", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    const { id: lead } = (await row<{ id: number }>("SELECT id FROM leads"))!;
    let during: unknown;
    twilio.answerNext(async () => {
      during = await row("SELECT lead_id, status FROM messages WHERE kind = 'command' AND body = ?", `#${lead} your chair is here`);
      return created();
    });
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: `#${lead} your chair is here` }));
    expect(during).toEqual({ lead_id: lead, status: "receiving" });
  });

  it("a rep's text to a customer whose handler died while sending it is not sent again: the rep is asked to check", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    const { id: lead, rep_id: rep } = (await row<{ id: number; rep_id: number }>("SELECT id, rep_id FROM leads"))!;
    const params = inboundParams({ From: SAM, Body: `#${lead} your chair is here` });
    // What the dead handler left: the rep's text claimed, and its words to Jane recorded before Twilio was called.
    const died = Date.now() - 31_000;
    const claimedText = "INSERT INTO messages (direction, kind, from_number, to_number, body, status, sid, at, rep_id) VALUES ('in', 'command', ?, ?, ?, 'receiving', ?, ?, ?)";
    await env.DB.batch([
      env.DB.prepare(claimedText).bind(SAM, params.To, params.Body, params.MessageSid, died, rep),
      env.DB.prepare("INSERT INTO messages (direction, kind, from_number, to_number, body, status, at, lead_id, rep_id) VALUES ('out', 'relay', ?, ?, ?, 'queued', ?, ?, ?)").bind(
        params.To,
        JANE,
        "your chair is here - Oak. Reply STOP to opt out.",
        died + 50,
        lead,
        rep,
      ),
    ]);
    const before = twilio.sent.length;
    const answers = twimlMessages(await (await postTwilio("/twilio/sms", params)).text());
    expect(answers).toEqual([`? Beback restarted while sending your text to Jane #${lead}: it may have gone out. Check with them before sending it again.`]);
    expect(twilio.sent.slice(before).filter((s) => s.to === JANE)).toEqual([]);
    // Other words to her, taken over the same way, do go.
    const other = inboundParams({ From: SAM, Body: `#${lead} the ottoman too` });
    await env.DB.prepare(claimedText).bind(SAM, other.To, other.Body, other.MessageSid, died, rep).run();
    expect(twimlMessages(await (await postTwilio("/twilio/sms", other)).text())).toEqual([expect.stringMatching(/^✓ Sent to Jane/)]);
    expect(twilio.sent.slice(before).filter((s) => s.to === JANE).map((s) => s.body)).toEqual([expect.stringMatching(/^the ottoman too/)]);
    // Words that only start as the recorded ones did, and a photo alone, are new texts: they go.
    const longer = inboundParams({ From: SAM, Body: `#${lead} your chair is here, and the ottoman ships Friday` });
    const photo: Record<string, string> = { ...inboundParams({ From: SAM, Body: `#${lead}` }), NumMedia: "1", MediaUrl0: "https://api.twilio.com/media/ME5", MediaContentType0: "image/jpeg" };
    for (const p of [longer, photo]) {
      await env.DB.prepare(claimedText).bind(SAM, p.To, p.Body, p.MessageSid, died, rep).run();
      expect(twimlMessages(await (await postTwilio("/twilio/sms", p)).text())).toEqual([expect.stringMatching(/^✓ (Sent|Photo sent) to Jane/)]);
    }
    expect(twilio.sent.slice(before).filter((s) => s.to === JANE)).toHaveLength(3);
  });
});

describe("malformed requests never 500 and never write", () => {
  const cases: [string, () => { body: string; type: string; params?: Record<string, string> }][] = [
    ["missing From", () => ({ body: "", type: "form", params: { MessageSid: "SM" + "a".repeat(32), Body: "hi" } })],
    ["missing MessageSid", () => ({ body: "", type: "form", params: { From: SAM, Body: "hi" } })],
    ["From that is not a phone, a short code or a sender ID", () => ({ body: "", type: "form", params: { MessageSid: "SM" + "b".repeat(32), From: "<hello>", Body: "hi" } })],
    ["NumMedia that is not a number", () => ({ body: "", type: "form", params: { MessageSid: "SM" + "c".repeat(32), From: SAM, Body: "hi", NumMedia: "lots" } })],
  ];
  it.each(cases)("%s: 400", async (_what, make) => {
    const { params } = make();
    const before = await snapshot();
    const res = await postTwilio("/twilio/sms", params!);
    expect(res.status).toBe(400);
    expect(await count("messages")).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ["a JSON body", "application/json", JSON.stringify({ From: SAM, Body: "help" })],
    ["no content type", "", "From=x"],
    ["a text body", "text/plain", "hello"],
  ])("%s on the form route: 403 (unverifiable) and nothing stored", async (_what, type, body) => {
    const res = await exports.default.fetch(`${ORIGIN}/twilio/sms`, { method: "POST", headers: type ? { "content-type": type, "x-twilio-signature": "x" } : {}, body });
    expect(res.status).toBe(403);
    expect(await count("messages")).toBe(0);
  });

  // Cut off while it arrives, by its Content-Length or counted as it streams: never read whole.
  it.each([
    ["with its Content-Length", (body: string) => body],
    ["streamed, with no Content-Length", (body: string) => new Blob([body]).stream()],
  ])("a body over 64 KB, %s: 413 and nothing stored", async (_how, shape) => {
    for (const path of ["/twilio/sms", "/twilio/status"]) {
      const body = `From=${encodeURIComponent(SAM)}&Body=${"a".repeat(65 * 1024)}`;
      const res = await exports.default.fetch(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" }, body: shape(body), duplex: "half" } as RequestInit);
      expect(res.status, path).toBe(413);
      expect(await res.text()).toMatch(/at most 64 KB/);
    }
    expect(await count("messages")).toBe(0);
  });

  it.each([
    ["a 1,600-character body", "x".repeat(1600)],
    ["a 5,000-character body", "y".repeat(5000)],
    ["emoji", "new 🛋️ Jane 555-0100 recliner 😍"],
    ["control characters", "new\u0000Jane\u0007 555-0100\u001b recliner"],
    ["a lone surrogate", "new Jane \ud800 555-0100"],
    ["right-to-left text", "مرحبا بك"],
  ])("%s from a rep: 200 with one answer", async (_what, body) => {
    const res = await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: body }));
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toHaveLength(1);
  });

  it("a character XML cannot carry in what the answer quotes: the answer, not a failure", async () => {
    // A store name saved before names were checked: the owner API now refuses such a name.
    await env.DB.prepare("UPDATE settings SET store_name = ?").bind("Oak &\u0008 Pine\uffff").run();
    const res = await postTwilio("/twilio/sms", inboundParams({ From: "+13105550123", Body: "HELP" }));
    expect(res.status).toBe(200);
    const [answer] = twimlMessages(await res.text());
    expect(answer).toContain("Oak &\ufffd Pine\ufffd");
  });

  it("a text from the store's own number: an empty answer, nothing stored, nothing sent", async () => {
    const before = await snapshot();
    const res = await postTwilio("/twilio/sms", inboundParams({ From: STORE_NUMBER, Body: "hello?" }));
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toEqual([]);
    await deferredSendsSettled();
    expect(await snapshot()).toBe(before);
    expect(twilio.sent).toEqual([]);
  });

  it("a NumMedia that lies keeps only the media really sent", async () => {
    const params = inboundParams({ From: "+13475550150", Body: "look", extra: { NumMedia: "5", MediaUrl0: "https://api.twilio.com/m/1", MediaUrl3: "javascript:alert(1)" } });
    const res = await postTwilio("/twilio/sms", params);
    expect(res.status).toBe(200);
    const msg = await row<{ media: string }>("SELECT media FROM messages WHERE direction = 'in'");
    expect(JSON.parse(msg!.media)).toEqual(["https://api.twilio.com/m/1"]);
  });
});

describe("status callbacks", () => {
  it("records the delivery status on the message", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello!" }));
    const sid = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!.sid;
    // An empty ErrorCode is no error code, not a bad callback.
    const res = await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "sent", ErrorCode: "", AccountSid: env.TWILIO_ACCOUNT_SID! });
    expect(res.status).toBe(200);
    expect(await row("SELECT status, error_code FROM messages WHERE sid = ?", sid)).toEqual({ status: "sent", error_code: null });
    await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" });
    expect(await row("SELECT status, error_code FROM messages WHERE sid = ?", sid)).toEqual({ status: "undelivered", error_code: "30003" });
  });

  it("callbacks out of order or twice never move a status back", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello!" }));
    const sid = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!.sid;
    for (const status of ["delivered", "sent", "queued", "delivered", "sending"]) {
      expect((await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: status })).status).toBe(200);
    }
    expect(await row("SELECT status FROM messages WHERE sid = ?", sid)).toEqual({ status: "delivered" });
  });

  it("a carrier's later 30006 (landline) marks the lead undeliverable and tells the rep once", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello!" }));
    const sid = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!.sid;
    twilio.sent.length = 0;
    for (let i = 0; i < 2; i++) await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30006" });
    expect(await row("SELECT undeliverable, next_at FROM leads")).toEqual({ undeliverable: 1, next_at: null });
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[SAM, expect.stringContaining("can't get texts")]]);
  });

  it("a carrier's 30007 on a rep's text tells the rep once, in words, which text did not arrive", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane we have it in blue, want me to hold one?" }));
    const sid = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!.sid;
    twilio.sent.length = 0;
    for (const status of ["sent", "undelivered", "undelivered", "failed"]) await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: status, ErrorCode: "30007" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([
      [SAM, `The text to Jane (recliner) #${id} ("we have it in blue, want me...") didn't reach them: their carrier filtered it as spam (30007).`],
    ]);
    // The lead's number is not the problem: it stays textable, its series goes on.
    expect(await row("SELECT undeliverable FROM leads")).toEqual({ undeliverable: 0 });
  });

  it("a 21610 in a callback (a Messaging Service's opt-out) opts the number out: its series stops, its rep is told once, and nothing more is sent to it", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello!" }));
    const sid = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!.sid;
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    twilio.sent.length = 0;
    for (const status of ["queued", "failed", "failed"]) expect((await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: status, ErrorCode: "21610" })).status).toBe(200);
    expect(await row("SELECT phone FROM opt_outs")).toEqual({ phone: JANE });
    expect(await row("SELECT status, next_at FROM leads")).toEqual({ status: "paused", next_at: null });
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[SAM, `Jane (recliner) #${id} has opted out of texts (carrier says unsubscribed). Beback won't text them again.`]]);
    // The rep's next text to her is refused here, not sent.
    const answer = twimlMessages(await (await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello?" }))).text());
    expect(answer.join(" ")).toMatch(/opted out/);
    expect(twilio.sent.filter((s) => s.to === JANE)).toEqual([]);
  });

  it("a callback that overtakes the write of its sid is applied once the sid is written, even seconds later", async () => {
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" }));
    await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: "@Jane hello!" }));
    const { id, sid } = (await row<{ id: number; sid: string }>("SELECT id, sid FROM messages WHERE kind = 'relay'"))!;
    // As if Twilio's callback came before Beback had written the sid of its 201.
    await env.DB.prepare("UPDATE messages SET sid = NULL WHERE id = ?").bind(id).run();
    twilio.sent.length = 0;
    expect((await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30005" })).status).toBe(200);
    // Twilio's 201 was slow: the sid is written 1.5 s after the callback came.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await env.DB.prepare("UPDATE messages SET sid = ? WHERE id = ?").bind(sid, id).run();
    // Until what the callback means is written too: the status lands first, the lead's mark
    // and the rep's notice right after it (a loaded machine once read between the two).
    for (let waited = 0; waited < 8_000; waited += 100) {
      const done = (await row<{ status: string }>("SELECT status FROM messages WHERE id = ?", id))?.status === "undelivered" && twilio.sent.length > 0;
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await row("SELECT status, error_code FROM messages WHERE id = ?", id)).toEqual({ status: "undelivered", error_code: "30005" });
    expect(await row("SELECT undeliverable FROM leads")).toEqual({ undeliverable: 1 });
    expect(twilio.sent.map((s) => s.to)).toEqual([SAM]);
  });

  it("refuses unsigned or malformed callbacks", async () => {
    expect((await postTwilio("/twilio/status", { MessageSid: "SM1", MessageStatus: "delivered" }, null)).status).toBe(403);
    expect((await postTwilio("/twilio/status", { MessageSid: "x", MessageStatus: "<script>" })).status).toBe(400);
  });

  it.each([
    [{ MessageStatus: "delivered" }, ["MessageSid"]],
    [{ MessageSid: "garbage", MessageStatus: "delivered" }, ["MessageSid"]],
    [{ MessageSid: "SM0123456789abcdef", MessageStatus: "delivered", ErrorCode: "abc" }, ["ErrorCode"]],
    [{ MessageSid: "SM0123456789abcdef", MessageStatus: "<b>" }, ["MessageStatus"]],
  ])("a malformed callback %j: 400 naming what is wrong", async (params, paths) => {
    const res = await postTwilio("/twilio/status", params);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(paths);
  });

  it("a status in capitals is read as Twilio's word", async () => {
    const sid = "SM0123456789abcdef";
    await env.DB.prepare("INSERT INTO messages (direction, kind, from_number, to_number, body, status, sid, at) VALUES ('out', 'relay', '+12125550000', '+12125550100', 'hi', 'sent', ?, 0)").bind(sid).run();
    expect((await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "DELIVERED" })).status).toBe(200);
    expect(await row("SELECT status FROM messages WHERE sid = ?", sid)).toEqual({ status: "delivered" });
  });
});

describe("a failure of ours", () => {
  it("still answers the rep, with a 200", async () => {
    // A Scheduler that is down stands in for any storage failure in the middle of a command.
    const broken = { idFromName: () => ({}), get: () => { throw new Error("storage unavailable"); } } as unknown as Env["SCHEDULER"];
    const res = await app.fetch(
      new Request(`${ORIGIN}/twilio/sms`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(inboundParams({ From: SAM, Body: "new Jane 555-0100 recliner" })).toString(),
      }),
      { ...env, TWILIO_AUTH_TOKEN: "", TWILIO_ACCOUNT_SID: "", SCHEDULER: broken },
    );
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toEqual(["Sorry, Beback hit a problem with that text. Please try again in a minute."]);
  });

  /** The Worker's entry on the local outbox (unsigned webhooks), with some bindings swapped. */
  const post = (path: string, params: Record<string, string>, bindings: Partial<Env>) =>
    app.fetch(
      new Request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() }),
      { ...env, TWILIO_AUTH_TOKEN: "", TWILIO_ACCOUNT_SID: "", ...bindings },
    );
  const brokenScheduler = { idFromName: () => ({}), get: () => { throw new Error("storage unavailable"); } } as unknown as Env["SCHEDULER"];
  const brokenDb = { prepare: () => { throw new Error("D1 unavailable"); }, batch: () => Promise.reject(new Error("D1 unavailable")) } as unknown as Env["DB"];

  it("a customer's reply reaches the rep when the Scheduler cannot be reached: it only backs up the send", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    const res = await post("/twilio/sms", inboundParams({ From: JANE, Body: "Is it in blue?" }), { SCHEDULER: brokenScheduler });
    expect(res.status).toBe(200);
    await deferredSendsSettled();
    expect(await row("SELECT status, sid IS NOT NULL AS has_sid FROM messages WHERE kind = 'forward'")).toEqual({ status: "outbox", has_sid: 1 });
  });

  it.each([
    ["an inbound text whose From needs the store's country", "/twilio/sms", inboundParams({ From: "2125550111", Body: "help" })],
    ["a status callback", "/twilio/status", { MessageSid: "SM0123456789abcdef0123456789abcdef", MessageStatus: "delivered", ErrorCode: "" }],
  ])("%s, with D1 unavailable: a 200, not a 500", async (_what, path, params) => {
    const res = await post(path, params, { DB: brokenDb });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<\?xml[^>]*>\s*<Response\s*\/>$/);
  });
});
