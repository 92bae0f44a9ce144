// What Twilio's failures reported in a status callback (POST /twilio/status) mean, as they
// would if the REST call itself had said so: a forward the carrier did not deliver goes to
// another rep (one hop); a person's text that did not arrive is told to the rep who sent it;
// the codes the REST path reads as "the number can't get texts" mark the lead here too.
// And a text from a short code or an alphanumeric sender is nobody's: answered, not stored.
import { describe, expect, it, vi } from "vitest";
import { advanceTo, TEST_EPOCH } from "./helpers/clock";
import { count, row, rows, snapshot } from "./helpers/db";
import { twilioError } from "./helpers/fake-twilio";
import { api, deferredSendsSettled, inboundParams, postTwilio, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const KIM = "+16465550122";
const LEE = "+13105550133";
const TOM = "+17185550613";
const JANE = "+17185550700";

const twilio = storeEachTest({
  reps: [
    { name: "Sam Rivera", phone: SAM },
    { name: "Kim Lee", phone: KIM },
  ],
});

const sent = () => twilio.sent.map((s) => [s.to, s.body]);
const sidOf = async (where: string) => (await row<{ sid: string }>(`SELECT sid FROM messages WHERE ${where} ORDER BY id DESC LIMIT 1`))!.sid;
async function callback(sid: string, status: string, code: string | null) {
  const res = await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: status, ...(code === null ? {} : { ErrorCode: code }) });
  expect(res.status).toBe(200);
  await res.text();
  await deferredSendsSettled();
}

describe("a forward to a rep that the carrier did not deliver", () => {
  async function tomWrites() {
    await text({ From: SAM, Body: "new Tom 718-555-0613 sofa" });
    const lead = (await row<{ id: number }>("SELECT id FROM leads"))!;
    await text({ From: TOM, Body: "is the grey one still in stock" });
    twilio.sent.length = 0;
    return { id: lead.id, sid: await sidOf("kind = 'forward'") };
  }

  it.each([
    ["undelivered", "30003", "Sam's phone didn't get it (error 30003)"],
    ["undelivered", "30007", "Sam's phone didn't get it (error 30007)"],
    ["undelivered", "30008", "Sam's phone didn't get it (error 30008)"],
    ["failed", "21211", "Sam's phone can't get texts"],
    ["undelivered", "30006", "Sam's phone can't get texts"],
    ["undelivered", null, "Sam's phone didn't get it"],
  ])("%s %s: the words go to another rep, told whose customer it is and why, once", async (status, code, why) => {
    const { id, sid } = await tomWrites();
    await callback(sid, status, code);
    await callback(sid, status, code);
    expect(sent()).toEqual([[KIM, `[Sam Rivera's customer; ${why}] Tom (sofa) #${id}: is the grey one still in stock`]]);
    // A carrier's failure is not an opt-out: Sam's phone still gets the next ones.
    expect(await count("opt_outs")).toBe(0);
  });

  it("one hop: the cover's forward that fails too is not sent on again", async () => {
    await api("/reps", { method: "POST", body: { name: "Lee Park", phone: LEE } });
    const { sid } = await tomWrites();
    await callback(sid, "undelivered", "30003");
    expect(sent().map(([to]) => to)).toEqual([KIM]);
    await callback(await sidOf(`kind = 'forward' AND to_number = '${KIM}'`), "undelivered", "30003");
    expect(sent().map(([to]) => to)).toEqual([KIM]);
  });

  it("a customer whose rep's phone texted STOP keeps the cover their refused words went to", async () => {
    await api("/reps", { method: "POST", body: { name: "Lee Park", phone: LEE } });
    await text({ From: SAM, Body: "new Tom 718-555-0613 sofa" });
    twilio.answerNext(twilioError(400, 21610));
    await text({ From: TOM, Body: "is the grey one still in stock" });
    await deferredSendsSettled();
    for (const words of ["and the blue one?", "can I see both saturday?"]) {
      await text({ From: TOM, Body: words });
      await deferredSendsSettled();
    }
    const covers = twilio.sent.filter((s) => s.body.startsWith("[Sam Rivera's customer; Sam's phone texted STOP] Tom")).map((s) => s.to);
    expect(covers).toHaveLength(3);
    expect(new Set(covers).size).toBe(1);
  });

  it("a delivered or still sending forward stays where it went", async () => {
    const { sid } = await tomWrites();
    for (const status of ["sent", "delivered"]) await callback(sid, status, null);
    expect(sent()).toEqual([]);
  });
});

describe("a person's text to a customer that the carrier did not deliver", () => {
  /** Sam's customer Jane writes while Sam is away: Kim covers and answers her. */
  async function kimAnswersJane() {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    await text({ From: SAM, Body: "@Jane thanks for coming in" });
    expect((await text({ From: SAM, Body: "away until next monday" }))[0]).toMatch(/^✓ Away until/);
    await text({ From: JANE, Body: "Do you deliver to Queens?" });
    expect(twilio.sent.at(-1)).toMatchObject({ to: KIM, body: `[Sam Rivera's customer; Sam is away] Jane (recliner) #${id}: Do you deliver to Queens?` });
    expect(await text({ From: KIM, Body: "Yes, we deliver there" })).toEqual([`✓ Sent to Jane #${id}.`]);
    twilio.sent.length = 0;
    return { id, sid: await sidOf(`kind = 'relay' AND rep_id = (SELECT id FROM reps WHERE phone = '${KIM}')`) };
  }

  it("is told to the rep who sent it (a covering rep), not the lead's rep who is away", async () => {
    const { id, sid } = await kimAnswersJane();
    await callback(sid, "undelivered", "30003");
    expect(sent()).toEqual([[KIM, `The text to Jane (recliner) #${id} ("Yes, we deliver there") didn't reach them: their phone was off or out of reach (30003).`]]);
  });

  it("says when the store's own set-up is why (30034: the number isn't registered), for the rep to tell the owner", async () => {
    const { id, sid } = await kimAnswersJane();
    await callback(sid, "undelivered", "30034");
    expect(sent()).toEqual([[KIM, `The text to Jane (recliner) #${id} ("Yes, we deliver there") didn't reach them: the store number isn't registered for business texting (30034). Tell the owner.`]]);
  });

  it("is told to the lead's rep when the rep who sent it is no longer active", async () => {
    const { id, sid } = await kimAnswersJane();
    const kim = (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", KIM))!.id;
    expect((await api(`/reps/${kim}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await callback(sid, "undelivered", "30003");
    expect(sent()).toEqual([[SAM, `The text to Jane (recliner) #${id} ("Yes, we deliver there") didn't reach them: their phone was off or out of reach (30003).`]]);
  });

  it("whose number can't get texts (21211 in the callback) marks the lead and tells the rep who sent it", async () => {
    const { id, sid } = await kimAnswersJane();
    await callback(sid, "failed", "21211");
    expect(await row("SELECT undeliverable, next_at FROM leads WHERE id = ?", id)).toEqual({ undeliverable: 1, next_at: null });
    expect(sent()).toEqual([[KIM, `Jane (recliner) #${id}'s number can't get texts (invalid or not a mobile). Follow-ups stopped. Fix it: fix #${id} phone <number>`]]);
  });
});

describe("automatic texts the carrier did not deliver", () => {
  const DAY = 86_400_000;
  /** The lead's next follow-up goes at `day` (days after the lead was added); its sid. */
  async function stepOn(day: number): Promise<string> {
    const before = await count("messages", "kind = 'series' AND sid IS NOT NULL");
    await advanceTo(TEST_EPOCH + day * DAY);
    expect(await count("messages", "kind = 'series' AND sid IS NOT NULL")).toBe(before + 1);
    return sidOf("kind = 'series'");
  }
  const toSam = () => twilio.sent.filter((s) => s.to === SAM).map((s) => s.body);

  it("tell the rep at the second miss in a row, with the reason and the number to call; once for the run; again after one arrives", async () => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    twilio.sent.length = 0;
    // One miss is often passing (a phone off for the day): nobody is told, the series goes on.
    await callback(await stepOn(0.02), "undelivered", "30003");
    expect(toSam()).toEqual([]);
    await callback(await stepOn(1), "undelivered", "30007");
    const told = `2 automatic texts in a row to Jane (recliner) #${id} didn't reach them: their carrier filtered it as spam (30007). The next ones go as planned; a call may reach them: (718) 555-0700.`;
    expect(toSam()).toEqual([told]);
    expect(await row("SELECT status, next_at IS NOT NULL AS waiting FROM leads WHERE id = ?", id)).toEqual({ status: "active", waiting: 1 });
    // A third miss in the same run is not told again.
    await callback(await stepOn(5), "failed", "30008");
    expect(toSam()).toEqual([told]);
    // One delivered, then two misses: a new run, told again.
    await callback(await stepOn(13), "delivered", null);
    await callback(await stepOn(28), "undelivered", "30003");
    expect(toSam()).toEqual([told]);
    await callback(await stepOn(60), "undelivered", null);
    expect(toSam()).toEqual([told, `2 automatic texts in a row to Jane (recliner) #${id} didn't reach them: the carrier didn't deliver them. The next ones go as planned; a call may reach them: (718) 555-0700.`]);
  });

  it("the store's own set-up (30034, not registered) is not told to reps, nor counted as the customer's miss: it fails their texts too, and Results tell the owner", async () => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    twilio.sent.length = 0;
    await callback(await stepOn(0.02), "undelivered", "30034");
    await callback(await stepOn(1), "undelivered", "30034");
    await callback(await stepOn(5), "undelivered", "30003");
    expect(toSam()).toEqual([]);
    // Two of the customer's own misses in a row are told.
    await callback(await stepOn(13), "undelivered", "30003");
    expect(toSam()).toEqual([expect.stringMatching(/^2 automatic texts in a row to Jane \(recliner\) #\d+ didn't reach them: their phone was off/)]);
  });

  it("reports that come in any order: told once the two misses are both known (fixes audit: never told)", async () => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    const first = await stepOn(0.02);
    const second = await stepOn(1);
    twilio.sent.length = 0;
    await callback(second, "undelivered", "30003");
    expect(toSam()).toEqual([]);
    await callback(first, "undelivered", "30003");
    expect(toSam()).toEqual([`2 automatic texts in a row to Jane (recliner) #${id} didn't reach them: their phone was off or out of reach (30003). The next ones go as planned; a call may reach them: (718) 555-0700.`]);
  });

  it("not for a lead marked lost (third fixes audit: told to call)", async () => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    const first = await stepOn(0.02);
    const second = await stepOn(1);
    await text({ From: SAM, Body: `lost #${id}` });
    twilio.sent.length = 0;
    await callback(first, "undelivered", "30003");
    await callback(second, "undelivered", "30003");
    expect(toSam()).toEqual([]);
  });

  it("not once the customer opted out: nothing more goes to them (fixes audit: told to call)", async () => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    await callback(await stepOn(0.02), "undelivered", "30003");
    const second = await stepOn(1);
    await text({ From: JANE, Body: "STOP" });
    twilio.sent.length = 0;
    await callback(second, "undelivered", "30003");
    expect(toSam()).toEqual([]);
  });
});

describe("a person's text to a customer that Twilio did not confirm (it may have gone out)", () => {
  const DAY = 24 * 60 * 60_000;
  const dropped = () => {
    throw new TypeError("Network connection lost.");
  };
  const unreadable = () => new Response("<html><body>OK</body></html>", { status: 201, headers: { "content-type": "text/html" } });
  async function jane() {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const lead = (await row<{ id: number; next_at: number }>("SELECT id, next_at FROM leads"))!;
    expect(lead.next_at - Date.now()).toBeLessThan(DAY); // the first text is minutes away
    return lead.id;
  }
  const nextAt = async (id: number) => (await row<{ next_at: number }>("SELECT next_at FROM leads WHERE id = ?", id))!.next_at;

  it.each([
    ["no answer", dropped],
    ["a 201 whose body is not Twilio's", unreadable],
  ])("a rep's @: with %s, the next automatic text waits a day after it, as after one that went, and the answer says when", async (_, answer) => {
    const id = await jane();
    twilio.answerNext(answer);
    const [reply] = await text({ From: SAM, Body: "@Jane see you saturday" });
    expect(reply).toMatch(new RegExp(`^\\? Twilio didn't confirm the text to Jane #${id}\\. It may have gone out: check before sending it again\\. Next automatic text tomorrow `));
    expect(await nextAt(id)).toBeGreaterThanOrEqual(Date.now() + DAY);
  });

  it("a text whose answer never came takes the sid of Twilio's later callback for its number, and the status with it; never a guess between two", async () => {
    const id = await jane();
    twilio.answerNext(dropped);
    await text({ From: SAM, Body: "@Jane see you saturday" });
    const status = async (sid: string, to: string) => {
      const res = await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "delivered", To: to, From: "+12125550000" });
      expect(res.status).toBe(200);
      await res.text();
    };
    // Another number's callback: nothing taken.
    await status("SM00000000000000000000000000000abc", "+17185550999");
    expect(await row("SELECT sid, status FROM messages WHERE kind = 'relay'")).toEqual({ sid: null, status: "unknown" });
    await status("SM00000000000000000000000000000def", "+17185550700");
    expect(await row("SELECT sid, status FROM messages WHERE kind = 'relay'")).toEqual({ sid: "SM00000000000000000000000000000def", status: "delivered" });
    // Two texts to Jane without an answer: which one a callback is for is not known, so neither takes it.
    twilio.answerNext(dropped);
    await text({ From: SAM, Body: `@Jane #${id} one` });
    twilio.answerNext(dropped);
    await text({ From: SAM, Body: `#${id} two` });
    await status("SM00000000000000000000000000000fed", "+17185550700");
    expect(await rows("SELECT sid, status FROM messages WHERE kind = 'relay' ORDER BY id")).toEqual([
      { sid: "SM00000000000000000000000000000def", status: "delivered" },
      { sid: null, status: "unknown" },
      { sid: null, status: "unknown" },
    ]);
  });

  it("a callback that comes while the call still waits for Twilio's answer is taken once the call gives up on it: the text is what Twilio said, and the rep told", { timeout: 20_000 }, async () => {
    // Not Jane's number: the test before leaves a callback for hers looking for its text for a few seconds.
    await text({ From: SAM, Body: "new Kay 718-555-0701 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads WHERE name = 'Kay'"))!.id;
    // Twilio took the text and its callback ("undelivered 30005") comes at once; its 201 never comes in time.
    twilio.answerNext(async () => {
      const res = await postTwilio("/twilio/status", { MessageSid: "SM000000000000000000000000000early", MessageStatus: "undelivered", ErrorCode: "30005", To: "+17185550701", From: "+12125550000" });
      expect(res.status).toBe(200);
      await res.text();
      return dropped();
    });
    const [reply] = await text({ From: SAM, Body: "@Kay see you saturday" });
    expect(reply).toMatch(/^\? Twilio didn't confirm the text to Kay/);
    // The callback looks again after 1 s, and takes the text then (it is `unknown` now).
    await vi.waitFor(async () => expect(await row("SELECT sid, status, error_code FROM messages WHERE kind = 'relay'")).toEqual({ sid: "SM000000000000000000000000000early", status: "undelivered", error_code: "30005" }), { timeout: 8_000, interval: 100 });
    // The number can't get texts: the lead is marked, as for a callback that came after the answer.
    await vi.waitFor(async () => expect(await row("SELECT undeliverable FROM leads WHERE id = ?", id)).toEqual({ undeliverable: 1 }), { timeout: 3_000, interval: 100 });
    await vi.waitFor(() => expect(twilio.sent.filter((s) => s.to === SAM && s.body.includes("can't get texts"))).toHaveLength(1), { timeout: 3_000, interval: 100 });
  });

  it("the owner's text from the page, with no answer: 202, and the next automatic text waits a day after it", async () => {
    const id = await jane();
    twilio.answerNext(dropped);
    const res = await api(`/leads/${id}/messages`, { method: "POST", body: { body: "See you Saturday!" } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ queued: false });
    expect(await nextAt(id)).toBeGreaterThanOrEqual(Date.now() + DAY);
  });
});

describe("Twilio's codes mean the same in a status callback as on the call", () => {
  it.each(["21211", "21614", "21612", "30005", "30006"])("%s on a rep's text: the lead is marked undeliverable, its texts stop, the rep is told once", async (code) => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    expect((await row<{ next_at: number | null }>("SELECT next_at FROM leads"))!.next_at).not.toBeNull();
    await text({ From: SAM, Body: "@Jane hello!" });
    twilio.sent.length = 0;
    const sid = await sidOf("kind = 'relay'");
    for (let i = 0; i < 2; i++) await callback(sid, "failed", code);
    expect(await row("SELECT undeliverable, next_at FROM leads")).toEqual({ undeliverable: 1, next_at: null });
    expect(sent()).toEqual([[SAM, `Jane (recliner) #${id}'s number can't get texts (invalid or not a mobile). Follow-ups stopped. Fix it: fix #${id} phone <number>`]]);
  });
});

describe("a text from a short code, an alphanumeric sender or another of Twilio's channels (contract audit: WhatsApp was a 400)", () => {
  it.each(["22395", "VERIFY", "Oak Pine", "894546", "whatsapp:+13105550185", "client:alice", "Messenger:1234567890"])("From %s is answered with an empty TwiML 200; nothing is stored or forwarded", async (from) => {
    await text({ From: SAM, Body: "new Jane 718-555-0700 recliner" });
    twilio.sent.length = 0;
    const [before, messages] = [await snapshot(), await count("messages")];
    const res = await postTwilio("/twilio/sms", inboundParams({ From: from, Body: "Your code is 123456" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<\?xml[^>]*\?>\s*<Response\s*\/>\s*$/);
    await deferredSendsSettled();
    expect(await snapshot()).toBe(before);
    expect(await count("messages")).toBe(messages);
    expect(twilio.sent).toEqual([]);
  });

  it.each(["+1", "🛋️", "+1 (212) abc", "x\u0000y", "TOO-LONG-SENDER-ID", "whatsapp:", "client: alice"])("From %s is still a malformed webhook: 400, nothing stored", async (from) => {
    const [before, messages] = [await snapshot(), await count("messages")];
    const res = await postTwilio("/twilio/sms", inboundParams({ From: from, Body: "hi" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid Twilio webhook" });
    expect(await snapshot()).toBe(before);
    expect(await count("messages")).toBe(messages);
  });
});

