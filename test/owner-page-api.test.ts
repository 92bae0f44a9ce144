// What the owner page asks of the API beyond the basics: results per step and per rep over
// a period, handing a rep's leads over before removing the rep, the leads list's extra
// fields, pausing/resuming/ending a lead's texts, texting a customer from the page (never an
// opted-out number), the series' placeholder errors and the price-per-segment setting.
import { env } from "cloudflare:workers";
import app from "../src/index";
import { describe, expect, it, vi } from "vitest";
import { advanceTo, TEST_EPOCH } from "./helpers/clock";
import { count, row } from "./helpers/db";
import { twilioError } from "./helpers/fake-twilio";
import { dbFrom } from "../src/db/client";
import { undeliveredTexts } from "../src/db/stats-queries";
import { api, apiJson, postTwilio, text, type RepView } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const KIM = "+16465550122";
const JANE = "+12125550100";
const MIN = 60_000;
const DAY = 86_400_000;

let reps: RepView[];

const twilio = storeEachTest({
  reps: [
    { name: "Sam Rivera", phone: SAM },
    { name: "Kim Lee", phone: KIM },
  ],
  then: (made) => {
    reps = made;
  },
});

async function newJane() {
  await text({ From: SAM, Body: "new Jane Doe 555-0100 recliner" });
  return (await row<{ id: number }>("SELECT id FROM leads ORDER BY id DESC LIMIT 1"))!.id;
}

interface StepRow {
  step: number;
  sent: number;
  delivered: number;
  replied: number;
  sold: number;
  amountCents: number;
}
interface Stats {
  beback: StepRow[];
  aftersale: StepRow[];
  reps: { repId: number; name: string; leads: number; replied: number; sold: number; amountCents: number }[];
  days: number | null;
}

describe("GET /api/stats", () => {
  it("counts per step and per rep, within the period", async () => {
    const id = await newJane();
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await text({ From: JANE, Body: "Is it in stock?" });
    await text({ From: SAM, Body: `sold #${id} $1,200` });
    const week = await apiJson<Stats>("/stats?days=7");
    expect(week.days).toBe(7);
    expect(week.beback[0]).toMatchObject({ step: 0, sent: 1, replied: 1, sold: 1, amountCents: 120000 });
    expect(week.reps).toEqual([
      { repId: reps[0]!.id, name: "Sam Rivera", active: true, leads: 1, replied: 1, sold: 1, amountCents: 120000 },
      { repId: reps[1]!.id, name: "Kim Lee", active: true, leads: 0, replied: 0, sold: 0, amountCents: 0 },
    ]);
    // Eight days on, the week is empty; all time still counts it.
    vi.setSystemTime(TEST_EPOCH + 8 * DAY + 30 * MIN);
    const later = await apiJson<Stats>("/stats?days=7");
    expect(later.beback[0]).toMatchObject({ sent: 0, replied: 0, sold: 0 });
    expect(later.reps[0]).toMatchObject({ leads: 0, sold: 0 });
    expect((await apiJson<Stats>("/stats")).beback[0]).toMatchObject({ sent: 1, replied: 1, sold: 1 });
  });

  it("after a handover, the results keep counting the leads Sam added and the sale Sam made for Sam, not for Kim", async () => {
    const [sam, kim] = reps;
    await text({ From: SAM, Body: "new Jane 212-555-0100 recliner" });
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    await text({ From: SAM, Body: `sold #${id} $1,200` });
    await text({ From: KIM, Body: "new Ava 212-555-0177 sofa" });
    expect(await apiJson(`/reps/${sam!.id}/handover`, { method: "POST", body: { toRepId: kim!.id } })).toEqual({ moved: 1 });
    const stats = await apiJson<Stats>("/stats?days=7");
    expect(stats.reps.map(({ repId, leads, sold, amountCents }) => ({ repId, leads, sold, amountCents }))).toEqual([
      { repId: sam!.id, leads: 1, sold: 1, amountCents: 120000 },
      { repId: kim!.id, leads: 1, sold: 0, amountCents: 0 },
    ]);
  });

  it("counts a number's first text to the store (an inbound lead) as no reply: it answers no automatic text", async () => {
    await text({ From: "+13475550150", Body: "Do you have sectionals?" });
    const stats = await apiJson<Stats>("/stats?days=7");
    expect(stats.reps.map((r) => [r.leads, r.replied])).toEqual([[1, 0], [0, 0]]);
  });

  it("counts an opt-out or a HELP as no reply", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } }); // four first texts at once
    await newJane();
    await text({ From: SAM, Body: "new Bob Stone 555-0177 sofa" });
    await text({ From: SAM, Body: "new Ann Lee 555-0178 lamp" });
    await text({ From: SAM, Body: "new Max Roe 555-0179 desk" });
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await text({ From: JANE, Body: "Is it in stock?" });
    await text({ From: "+12125550177", Body: "STOP" });
    await text({ From: "+12125550178", Body: "please stop texting me" });
    await text({ From: "+12125550179", Body: "HELP" });
    const stats = await apiJson<Stats>("/stats?days=7");
    expect(stats.beback[0]).toMatchObject({ step: 0, sent: 4, replied: 1 });
    expect(stats.reps[0]).toMatchObject({ leads: 4, replied: 1 });
  });

  it("counts a STOP then START (or YES) as no reply; a question after opting back in is one", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } }); // both first texts at once
    await newJane();
    await text({ From: SAM, Body: "new Bob Stone 555-0177 sofa" });
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await text({ From: JANE, Body: "STOP" });
    await text({ From: JANE, Body: "START" });
    await text({ From: "+12125550177", Body: "stop texting me" });
    await text({ From: "+12125550177", Body: "YES" });
    let stats = await apiJson<Stats>("/stats?days=7");
    expect(stats.beback[0]).toMatchObject({ step: 0, sent: 2, replied: 0 });
    expect(stats.reps[0]).toMatchObject({ leads: 2, replied: 0 });
    await text({ From: JANE, Body: "Is it in stock?" });
    stats = await apiJson<Stats>("/stats");
    expect(stats.beback[0]).toMatchObject({ step: 0, sent: 2, replied: 1 });
    expect(stats.reps[0]).toMatchObject({ leads: 2, replied: 1 });
  });

  it("counts a reply to the rep's own text for the rep, not for the automatic step before it", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } }); // both first texts at once
    await newJane();
    await text({ From: SAM, Body: "new Bob Stone 555-0177 sofa" });
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await text({ From: SAM, Body: "@Jane call me when you can" });
    await text({ From: JANE, Body: "ok will do" });
    await text({ From: "+12125550177", Body: "Is it in stock?" });
    const stats = await apiJson<Stats>("/stats?days=7");
    expect(stats.beback[0]).toMatchObject({ step: 0, sent: 2, replied: 1 });
    expect(stats.reps[0]).toMatchObject({ leads: 2, replied: 2 });
  });

  it("a rep's text the carrier did not deliver takes nothing from the step: the reply after it answers the step", async () => {
    await newJane();
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await text({ From: SAM, Body: "@Jane call me when you can" });
    const relay = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'relay'"))!;
    expect((await postTwilio("/twilio/status", { MessageSid: relay.sid, MessageStatus: "undelivered", ErrorCode: "30003" })).status).toBe(200);
    await text({ From: JANE, Body: "Is it in stock?" });
    expect((await apiJson<Stats>("/stats?days=7")).beback[0]).toMatchObject({ step: 0, sent: 1, replied: 1 });
  });

  it("counts our texts that did not reach the phone, by error code, within the period; an opt-out or Twilio busy is no lost text", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } }); // both first texts at once
    await newJane();
    await text({ From: SAM, Body: "new Bob Stone 555-0177 sofa" });
    // Twilio busy on one of the first follow-ups: it goes again on a later try (no lost text).
    twilio.answerNext(twilioError(429, 20429));
    await advanceTo(TEST_EPOCH + 20 * MIN);
    await advanceTo(TEST_EPOCH + 25 * MIN);
    expect(await count("messages", "kind = 'series' AND status = 'failed' AND error_code = '20429'")).toBe(1);
    expect(await count("messages", "kind = 'series' AND sid IS NOT NULL")).toBe(2);
    const sidTo = async (to: string, kind: string) => (await row<{ sid: string }>("SELECT sid FROM messages WHERE to_number = ? AND kind = ? ORDER BY id DESC LIMIT 1", to, kind))!.sid;
    const status = async (sid: string, fields: Record<string, string>) => expect((await postTwilio("/twilio/status", { MessageSid: sid, ...fields })).status).toBe(200);
    // A store number not registered for business texting: both follow-ups undelivered.
    await status(await sidTo(JANE, "series"), { MessageStatus: "undelivered", ErrorCode: "30034" });
    await status(await sidTo("+12125550177", "series"), { MessageStatus: "undelivered", ErrorCode: "30034" });
    // A trial account's refusal of Sam's text to Jane (failed on the call).
    twilio.answerNext(twilioError(400, 21608));
    await text({ From: SAM, Body: "@Jane call me when you can" });
    // Jane's words forwarded to Sam, undelivered with no reason given.
    await text({ From: JANE, Body: "Is it in stock?" });
    await status(await sidTo(SAM, "forward"), { MessageStatus: "undelivered" });
    // No lost text either: Bob opted out at the carrier (21610).
    twilio.answerNext(twilioError(400, 21610));
    await text({ From: SAM, Body: "@Bob see you soon" });
    expect(await count("messages", "kind = 'relay' AND status = 'failed' AND error_code = '21610'")).toBe(1);
    const week = await apiJson<Stats & { undelivered: unknown }>("/stats?days=7");
    expect(week.undelivered).toEqual([
      { errorCode: "30034", texts: 2 },
      { errorCode: null, texts: 1 },
      { errorCode: "21608", texts: 1 },
    ]);
    vi.setSystemTime(TEST_EPOCH + 8 * DAY + 30 * MIN);
    expect((await apiJson<Stats & { undelivered: unknown }>("/stats?days=7")).undelivered).toEqual([]);
    expect((await apiJson<Stats & { undelivered: { texts: number }[] }>("/stats")).undelivered.map((r) => r.texts)).toEqual([2, 1, 1]);
  });

  it("counts a follow-up Twilio was busy for on every try, given up (fixes audit: left out); not its earlier tries", async () => {
    await newJane();
    twilio.answerNext(...Array.from({ length: 6 }, () => twilioError(500, 20500)));
    for (let t = TEST_EPOCH + 20 * MIN; t <= TEST_EPOCH + 3 * 60 * MIN; t += 5 * MIN) await advanceTo(t);
    expect(await count("messages", "kind = 'series' AND status = 'failed' AND error_code = '20500'")).toBe(6);
    expect((await apiJson<Stats & { undelivered: unknown }>("/stats?days=7")).undelivered).toEqual([{ errorCode: "20500", texts: 1 }]);
  });

  it("does not count a follow-up's busy try that waits for its next, or that the customer's reply stopped (second fixes audit)", async () => {
    await newJane();
    twilio.answerNext(twilioError(503, 20503));
    await advanceTo(TEST_EPOCH + 20 * MIN);
    expect(await count("messages", "kind = 'series' AND status = 'failed' AND error_code = '20503'")).toBe(1);
    expect((await apiJson<Stats & { undelivered: unknown }>("/stats?days=7")).undelivered).toEqual([]);
    await text({ From: JANE, Body: "thanks, I'll come by" });
    for (let t = TEST_EPOCH + 25 * MIN; t <= TEST_EPOCH + 2 * 60 * MIN; t += 5 * MIN) await advanceTo(t);
    expect((await apiJson<Stats & { undelivered: unknown }>("/stats?days=7")).undelivered).toEqual([]);
  });

  it("reads the texts that did not reach the phone by their own index (messages_undelivered), never by a scan of the messages", async () => {
    const asked: string[] = [];
    const d1 = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (sql: string) => (asked.push(sql), target.prepare(sql));
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await undeliveredTexts(dbFrom(d1), TEST_EPOCH);
    expect(asked).toHaveLength(1);
    const args = [...asked[0]!.matchAll(/\?/g)].map((_, i) => (i === 0 ? TEST_EPOCH : "21610"));
    const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${asked[0]}`).bind(...args).all<{ detail: string }>()).results.map((r) => r.detail);
    expect(plan.join("\n")).toMatch(/USING INDEX messages_undelivered/);
    expect(plan.filter((d) => /^SCAN messages\b/.test(d)), plan.join("\n")).toEqual([]);
  });

  it("refuses another period", async () => {
    const res = await api("/stats?days=365");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("days");
  });
});

describe("removing a rep with leads", () => {
  it("hands the leads to another rep first, then removes the rep (their texts stay)", async () => {
    const id = await newJane();
    const [sam, kim] = reps as [RepView, RepView];
    expect((await api(`/reps/${sam.id}`, { method: "DELETE" })).status).toBe(409);
    const bad = await api(`/reps/${sam.id}/handover`, { method: "POST", body: { toRepId: sam.id } });
    expect(bad.status).toBe(400);
    expect(await apiJson(`/reps/${sam.id}/handover`, { method: "POST", body: { toRepId: kim.id } })).toEqual({ moved: 1 });
    expect((await apiJson<{ repId: number }>(`/leads/${id}`)).repId).toBe(kim.id);
    const texts = await count("messages");
    expect((await api(`/reps/${sam.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await count("messages")).toBe(texts);
    expect(await apiJson<RepView[]>("/reps")).toEqual([kim]);
  });

  it("will not hand leads to an inactive rep", async () => {
    const [sam, kim] = reps as [RepView, RepView];
    await apiJson(`/reps/${kim.id}`, { method: "PATCH", body: { active: false } });
    const res = await api(`/reps/${sam.id}/handover`, { method: "POST", body: { toRepId: kim.id } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "toRepId", message: "must be an active rep" }] });
  });
});

interface LeadRow {
  id: number;
  status: string;
  nextAt: string | null;
  resumeAt: string | null;
  optedOut: boolean;
  lastMessage: { kind: string; body: string } | null;
}

describe("a lead from the owner page", () => {
  it("lists the last text of the customer's thread, resumeAt and optedOut", async () => {
    const id = await newJane();
    expect((await apiJson<LeadRow[]>("/leads"))[0]).toMatchObject({ id, lastMessage: null, resumeAt: null, optedOut: false });
    await advanceTo(TEST_EPOCH + 20 * MIN);
    expect((await apiJson<LeadRow[]>("/leads"))[0]?.lastMessage?.kind).toBe("series");
    await text({ From: JANE, Body: "STOP" });
    const [jane] = await apiJson<LeadRow[]>("/leads");
    expect(jane).toMatchObject({ optedOut: true, lastMessage: { kind: "customer", body: "STOP" } });
  });

  it("pauses until a day, resumes and ends the automatic texts", async () => {
    const id = await newJane();
    const until = new Date(TEST_EPOCH + 10 * DAY).toISOString();
    const paused = await apiJson<LeadRow>(`/leads/${id}/pause`, { method: "POST", body: { until } });
    expect(paused).toMatchObject({ status: "paused", nextAt: null, resumeAt: until });
    const past = await api(`/leads/${id}/pause`, { method: "POST", body: { until: new Date(TEST_EPOCH - DAY).toISOString() } });
    expect(past.status).toBe(400);
    const tooFar = await api(`/leads/${id}/pause`, { method: "POST", body: { until: new Date(TEST_EPOCH + 733 * DAY).toISOString() } });
    expect(tooFar.status).toBe(400);
    expect(await tooFar.json()).toMatchObject({ issues: [{ path: "until", message: "must be at most 2 years ahead" }] });
    // A day or hour that does not exist is refused, not rolled over (February 30 is not March 2).
    const year = new Date(TEST_EPOCH).getUTCFullYear() + 1;
    for (const nowhere of [`${year}-02-30T15:00:00Z`, `${year}-04-31T15:00:00Z`, `${year}-02-28T25:00:00Z`, `${year}-13-01T15:00:00Z`]) {
      const res = await api(`/leads/${id}/pause`, { method: "POST", body: { until: nowhere } });
      expect(res.status, nowhere).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "until", message: expect.stringMatching(/^must be a date and time/) }] });
    }
    expect(await apiJson<LeadRow>(`/leads/${id}`)).toMatchObject({ status: "paused", resumeAt: until });
    const resumed = await apiJson<LeadRow>(`/leads/${id}/resume`, { method: "POST" });
    expect(resumed).toMatchObject({ status: "active", resumeAt: null });
    expect(resumed.nextAt).not.toBeNull();
    const ended = await apiJson<LeadRow>(`/leads/${id}/end`, { method: "POST" });
    expect(ended.nextAt).toBeNull();
    await advanceTo(TEST_EPOCH + 2 * DAY);
    expect(twilio.sent.filter((s) => s.to === JANE)).toEqual([]);
  });

  it("texts the customer from the store number as the rep's text, never an opted-out number", async () => {
    const id = await newJane();
    const detail = await apiJson<{ messages: { kind: string; body: string; direction: string }[] }>(`/leads/${id}/messages`, { method: "POST", body: { body: "We have it in blue too." } });
    const sentBefore = twilio.sent.length;
    // Jane's first text from the store: it names the store and how to opt out.
    const first = "We have it in blue too. - Oak & Pine Furniture. Reply STOP to opt out.";
    expect(twilio.sent.at(-1)).toMatchObject({ to: JANE, body: first });
    expect(detail.messages.at(-1)).toMatchObject({ kind: "relay", direction: "out", body: first });
    // The next one is not the first: the words as written.
    await apiJson(`/leads/${id}/messages`, { method: "POST", body: { body: "And in grey." } });
    expect(twilio.sent.at(-1)).toMatchObject({ to: JANE, body: "And in grey." });
    expect(await row("SELECT DISTINCT rep_id FROM messages WHERE kind = 'relay'")).toEqual({ rep_id: reps[0]!.id });
    expect((await api(`/leads/${id}/messages`, { method: "POST", body: { body: "  " } })).status).toBe(400);
    // Twilio counts UTF-16 units (an emoji is 2): 801 emoji are over its 1,600, and the message says how it counts.
    const long = await api(`/leads/${id}/messages`, { method: "POST", body: { body: "😀".repeat(801) } });
    expect(await long.json()).toEqual({ error: "invalid input", issues: [{ path: "body", message: "must be at most 1600 characters as a text counts them (an emoji counts as 2 or more)" }] });
    expect((await api(`/leads/${id}/messages`, { method: "POST", body: { body: "In blue\u0000 too" } })).status).toBe(400);
    expect(twilio.sent).toHaveLength(sentBefore + 1);

    await text({ From: JANE, Body: "STOP" });
    const sends = twilio.sent.length;
    const res = await api(`/leads/${id}/messages`, { method: "POST", body: { body: "Still there?" } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/opted out/);
    expect(twilio.sent.length).toBe(sends);
    expect((await api(`/leads/${id}/resume`, { method: "POST" })).status).toBe(409);
  });

  it("fills the placeholders an owner types in a text as a series step's are, and refuses an unknown one or a stray brace, sending nothing", async () => {
    const id = await newJane();
    await apiJson(`/leads/${id}/messages`, { method: "POST", body: { body: "First one." } });
    await apiJson(`/leads/${id}/messages`, { method: "POST", body: { body: "Hi {first_name}, {rep} here: the {product} comes in blue. - {store}" } });
    expect(twilio.sent.at(-1)).toMatchObject({ to: JANE, body: "Hi Jane, Sam here: the recliner comes in blue. - Oak & Pine Furniture" });
    // Words without a placeholder go as typed, spaces and all.
    await apiJson(`/leads/${id}/messages`, { method: "POST", body: { body: "Two  spaces :)" } });
    expect(twilio.sent.at(-1)?.body).toBe("Two  spaces :)");
    for (const [body, message] of [
      ["Hi {fristname}", "uses {fristname}, which is not a placeholder (use {first_name}, {name}, {product}, {rep}, {store})"],
      ["Hi {{name}}", expect.stringMatching(/^has a \{ or \} that is not part of a placeholder/)],
    ] as const) {
      const res = await api(`/leads/${id}/messages`, { method: "POST", body: { body } });
      expect(res.status, body).toBe(400);
      expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "body", message }] });
    }
    // Within Twilio's 1,600 as typed, over it once {name} is Jane Doe.
    const long = await api(`/leads/${id}/messages`, { method: "POST", body: { body: `${"y".repeat(1_593)} {name}` } });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: "invalid input", issues: [{ path: "body", message: "must be at most 1600 characters as a text counts them, with its placeholders filled in" }] });
    // Only the three good texts went to Jane.
    expect(twilio.sent.filter((s) => s.to === JANE).map((s) => s.body.slice(0, 9))).toEqual(["First one", "Hi Jane, ", "Two  spac"]);
  });

  it("says a series emptied and filled again has steps left for a lead it stopped (the page offers Resume), and Resume sends them", async () => {
    const id = await newJane();
    expect(await apiJson<LeadRow & { stepsLeft: boolean }>(`/leads/${id}`)).toMatchObject({ stepsLeft: true, nextStep: 0 });
    const { steps } = await apiJson<{ steps: unknown[] }>("/series/beback");
    await apiJson("/series/beback", { method: "PUT", body: { steps: [] } });
    expect(await apiJson<LeadRow & { stepsLeft: boolean }>(`/leads/${id}`)).toMatchObject({ stepsLeft: false, nextAt: null, seriesPaused: false });
    await apiJson("/series/beback", { method: "PUT", body: { steps } });
    // Nothing pending (emptying the series stopped Jane's), yet a step she has not had.
    expect(await apiJson<LeadRow & { stepsLeft: boolean }>(`/leads/${id}`)).toMatchObject({ stepsLeft: true, nextAt: null, nextStep: null });
    const resumed = await apiJson<LeadRow & { stepsLeft: boolean }>(`/leads/${id}/resume`, { method: "POST" });
    expect(resumed).toMatchObject({ stepsLeft: true, nextStep: 0 });
    expect(resumed.nextAt).not.toBeNull();
    // A lead that has had every step has none left.
    await apiJson("/series/beback", { method: "PUT", body: { steps: steps.slice(0, 1) } });
    await advanceTo(TEST_EPOCH + DAY);
    expect(await apiJson<LeadRow & { stepsLeft: boolean }>(`/leads/${id}`)).toMatchObject({ stepsLeft: false, nextAt: null });
  });

  it.each([
    [21610, /opted out/, { opted_out: 1, undeliverable: 0 }, /has opted out of texts \(carrier says unsubscribed\)/],
    [21211, /cannot get texts/, { opted_out: 0, undeliverable: 1 }, /number can't get texts .* Fix it: fix #\d+ phone/],
  ])("a text Twilio refuses with %i is a 409 that says why, marks the number or the lead, and tells its rep, as a series text's answer would", async (code, why, marked, told) => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, code));
    const before = twilio.sent.length;
    const res = await api(`/leads/${id}/messages`, { method: "POST", body: { body: "We have it in blue too." } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(why);
    expect(await row("SELECT (SELECT COUNT(*) FROM opt_outs) AS opted_out, undeliverable FROM leads")).toEqual(marked);
    // The rep did not send it: they are told, once.
    expect(twilio.sent.slice(before + 1).map((s) => [s.to, s.body])).toEqual([[SAM, expect.stringMatching(told)]]);
    // Resume and pause say why there is nothing to resume or pause (page audit: "Automatic texts resumed." while none could go).
    for (const action of ["resume", "pause"]) {
      const again = await api(`/leads/${id}/${action}`, { method: "POST", body: action === "pause" ? { until: new Date(TEST_EPOCH + DAY).toISOString() } : {} });
      expect(again.status, action).toBe(409);
      expect(((await again.json()) as { error: string }).error).toMatch(code === 21610 ? /opted out/ : new RegExp(`^Jane Doe's number cannot get texts, so there are no texts to ${action}\\. Their rep can fix it: fix #${id} phone`));
    }
    const sends = twilio.sent.length;
    await advanceTo(TEST_EPOCH + 2 * DAY);
    expect(twilio.sent.slice(sends).filter((s) => s.to === JANE)).toEqual([]);
  });

  it.each([["resume"], ["end"]])("POST /leads/:id/%s takes no body or {}, and refuses anything else as other routes refuse an unknown field", async (action) => {
    const id = await newJane();
    const garbage = await api(`/leads/${id}/${action}`, { method: "POST", body: "garbage" });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({ error: "invalid input", issues: [{ path: "", message: "body must be JSON" }] });
    const field = await api(`/leads/${id}/${action}`, { method: "POST", body: { x: 1 } });
    expect(field.status).toBe(400);
    expect(await field.json()).toEqual({ error: "invalid input", issues: [{ path: "x", message: "is not a field here" }] });
    expect((await api(`/leads/${id}/${action}`, { method: "POST", body: {} })).status).toBe(200);
    expect((await api(`/leads/${id}/${action}`, { method: "POST" })).status).toBe(200);
  });

  it("POST /demo/send-next-now (local outbox) takes no body or {}, and refuses anything else", async () => {
    const outbox = { ...env, TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "" };
    const send = (body?: string) =>
      app.fetch(new Request("https://beback.test/api/demo/send-next-now", { method: "POST", headers: { authorization: `Bearer ${env.OWNER_TOKEN}`, "content-type": "application/json" }, body }), outbox);
    expect(await (await send("garbage")).json()).toEqual({ error: "invalid input", issues: [{ path: "", message: "body must be JSON" }] });
    expect(await (await send('{"x":1}')).json()).toEqual({ error: "invalid input", issues: [{ path: "x", message: "is not a field here" }] });
    expect(await (await send("{}")).json()).toEqual({ leads: 0, quiet: 0 });
    expect(await (await send()).json()).toEqual({ leads: 0, quiet: 0 });
  });

  it("POST /reps/:id/handover to a rep that does not exist says there is no such rep", async () => {
    const res = await api(`/reps/${reps[0]!.id}/handover`, { method: "POST", body: { toRepId: 999 } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "toRepId", message: "there is no rep 999" }] });
    // A number no id can be is not echoed back as one ("there is no rep 1e+308").
    const huge = await api(`/reps/${reps[0]!.id}/handover`, { method: "POST", body: '{"toRepId":1e308}' });
    expect(await huge.json()).toEqual({ error: "invalid input", issues: [{ path: "toRepId", message: "must be a rep's id" }] });
    const self = await api(`/reps/${reps[0]!.id}/handover`, { method: "POST", body: { toRepId: reps[0]!.id } });
    expect(await self.json()).toEqual({ error: "invalid input", issues: [{ path: "toRepId", message: "must be another rep" }] });
  });

  it.each([["/leads/999999/pause"], ["/leads/999999/resume"], ["/leads/999999/end"], ["/leads/999999/messages"], ["/reps/999999/handover"]])("POST %s is 404", async (path) => {
    expect((await api(path, { method: "POST", body: { until: new Date(TEST_EPOCH + DAY).toISOString(), body: "x", toRepId: 1 } })).status).toBe(404);
  });
});

describe("series and settings for the page", () => {
  it("names the unknown placeholder and its step", async () => {
    const res = await api("/series/beback", { method: "PUT", body: { steps: [{ after: "20m", body: "Hi {first_name}" }, { after: "1d", body: "Hi {fristname}" }] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([
      { path: "steps.1.body", message: "uses {fristname}, which is not a placeholder (use {first_name}, {name}, {product}, {rep}, {store})" },
    ]);
  });

  it.each([
    ["{{name}}", "{{name}}"],
    ["{first_name D", "{first_name"],
    ["} stray", "}"],
  ])("refuses a brace that is part of no placeholder (%j) in body and bodyWithPhoto, naming it and the placeholders, changing nothing", async (broken, shown) => {
    const before = await apiJson("/series/beback");
    const steps = [{ after: "20m", body: `Hi, thanks ${broken}`, photo: true, bodyWithPhoto: `Here it is ${broken}` }];
    const res = await api("/series/beback", { method: "PUT", body: { steps } });
    expect(res.status).toBe(400);
    const message = `has a { or } that is not part of a placeholder: "${shown}" (write a placeholder as {first_name}, {name}, {product}, {rep}, {store}, with no other braces)`;
    expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "steps.0.body", message }, { path: "steps.0.bodyWithPhoto", message }] });
    expect(await apiJson("/series/beback")).toEqual(before);
  });

  it("keeps a price per segment, Twilio's US list price by default", async () => {
    expect(await apiJson("/settings")).toMatchObject({ pricePerSegment: 0.0083 });
    expect(await apiJson("/settings", { method: "PUT", body: { pricePerSegment: 0.0079 } })).toMatchObject({ pricePerSegment: 0.0079 });
    expect((await api("/settings", { method: "PUT", body: { pricePerSegment: -1 } })).status).toBe(400);
  });
});
