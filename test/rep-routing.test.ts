// Who a text reaches when reps change: a plain reply (and `#id`) follows the rep who got the
// customer's text, not the phone it went to; a customer of an inactive rep, and a pause
// reminder for one, reach the next active rep in turn even when every other rep is away.
import { env } from "cloudflare:workers";
import { countSegments } from "../src/domain/segments";
import { describe, expect, it, vi } from "vitest";
import { dbFrom } from "../src/db/client";
import { leadCandidates, mayAnswerForwarded } from "../src/db/lead-queries";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { row, snapshot } from "./helpers/db";
import { api, apiJson, deferredSendsSettled, text, type RepView } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const ANN = "+12125550111";
const BOB = "+16465550122";
const KIM = "+12125550178";
const JANE = "+12125550177";
const T0 = TEST_EPOCH; // a Monday, 14:00 in New York (helpers/clock.ts)
const MIN = 60_000;

let ann: RepView;
let bob: RepView;
const twilio = storeEachTest({
  at: T0,
  reps: [
    { name: "Ann Park", phone: ANN },
    { name: "Bob Cho", phone: BOB },
  ],
  then: (made) => {
    [ann, bob] = made as [RepView, RepView];
  },
});

const say = async (body: string, from: string) => (await text({ From: from, Body: body }))[0] ?? "";
const leadOf = (phone: string) => row<{ id: number; rep_id: number; status: string; resume_at: number | null; next_at: number | null }>("SELECT * FROM leads WHERE phone = ?", phone);
// A customer's first text from the store ends with the store's name and how to opt out: left off here.
const sentTo = (phone: string) => twilio.sent.filter((s) => s.to === phone).map((s) => s.body.replace(/ - Oak & Pine Furniture\. Reply STOP to opt out\.$/, ""));
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));

describe("mayAnswerForwarded", () => {
  const FORWARDED = T0;
  it.each<[string, { repId: number; repSince: number | null }, boolean]>([
    ["the rep's own lead", { repId: 1, repSince: null }, true],
    ["the rep's own lead, handed to them after the forward", { repId: 1, repSince: T0 + MIN }, true],
    ["an away rep's lead that never moved (the rep covered)", { repId: 2, repSince: null }, true],
    ["another rep's lead that moved before the forward", { repId: 2, repSince: T0 - MIN }, true],
    ["a lead handed to another rep after the forward", { repId: 2, repSince: T0 + MIN }, false],
    ["a lead handed over in the forward's millisecond", { repId: 2, repSince: T0 }, false],
  ])("%s → %s", (_what, lead, expected) => {
    expect(mayAnswerForwarded(lead, 1, FORWARDED)).toBe(expected);
  });
});

describe("the rep's recent forwards", () => {
  it("are read by index (messages_rep_forwards), never by a scan of the messages", async () => {
    // What leadCandidates asks D1, captured with its bound values, then asked for its plan.
    const asked: { sql: string; args: unknown[] }[] = [];
    const capture = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
      new Proxy(stmt, {
        get(target, prop) {
          if (prop === "bind") return (...args: unknown[]) => (asked.push({ sql, args }), capture(target.bind(...args), sql));
          const value = Reflect.get(target, prop, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    const d1 = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") return (sql: string) => capture(target.prepare(sql), sql);
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await leadCandidates(dbFrom(d1), { repId: ann.id, keys: { ids: [1], names: ["jane"], phoneTails: ["0177"] }, coveredSince: T0 - 86_400_000, coveredLimit: 20 });
    const forwards = asked.filter((q) => /from "messages"/i.test(q.sql));
    expect(forwards.length).toBeGreaterThanOrEqual(2);
    for (const q of forwards) {
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.args).all<{ detail: string }>()).results.map((r) => r.detail);
      expect(plan.join("\n")).toMatch(/USING INDEX messages_rep_forwards/);
      expect(plan.filter((d) => /^SCAN messages\b/.test(d)), plan.join("\n")).toEqual([]);
    }
  });
});

describe("a plain reply follows the rep, not the phone", () => {
  it("a new rep given a former rep's phone does not text the former rep's customers (plain or #id)", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    const kim = (await leadOf(KIM))!.id;
    await text({ From: KIM, Body: "Does it recline?" });
    expect(sentTo(ANN).at(-1)).toMatch(/^Kim \(chair\) #\d+: Does it recline\?$/);
    expect((await api(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } })).status).toBe(200);
    expect((await api(`/reps/${ann.id}`, { method: "DELETE" })).status).toBe(204);
    await apiJson("/reps", { method: "POST", body: { name: "Cat Wu", phone: ANN } });
    twilio.sent.length = 0;
    const before = await snapshot();
    expect(await say("Hi! This is Cat, just testing my phone", ANN)).toMatch(/^Who is this for\?/);
    // Cat (the phone's new rep) never had Kim: whose Kim is, without "now".
    expect(await say(`#${kim} hello`, ANN)).toBe(`#${kim} is Bob Cho's customer: nothing was sent. Text list to see yours.`);
    expect(sentTo(KIM)).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it("a lead handed over is no longer reachable by the old rep's plain reply or #id; the new rep gets its next text", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    const kim = (await leadOf(KIM))!.id;
    await text({ From: KIM, Body: "Does it recline?" });
    vi.setSystemTime(T0 + MIN);
    twilio.sent.length = 0;
    await apiJson(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } });
    await deferredSendsSettled();
    // Kim waits on an answer: her question goes to Bob with the hand-over (routing audit).
    expect(sentTo(BOB)).toEqual([`[Was Ann Park's customer, now yours: handed over by the owner] Kim (chair) #${kim}: Does it recline?`]);
    twilio.sent.length = 0;
    expect(await say("Yes, fully", ANN)).toBe(`The customer who wrote you last (#${kim}) is another rep's now: nothing was sent. Start with @name or #id for yours.`);
    expect(await say(`#${kim} yes it does`, ANN)).toBe(`#${kim} is Bob Cho's customer now: nothing was sent. Text list to see yours.`);
    expect(sentTo(KIM)).toEqual([]);
    await text({ From: KIM, Body: "And in leather?" });
    expect(sentTo(BOB)).toEqual([expect.stringMatching(/^Kim \(chair\) #\d+: And in leather\?$/)]);
    expect(await say("Yes, in brown", BOB)).toBe(`✓ Sent to Kim #${kim}.`);
    expect(sentTo(KIM)).toEqual(["Yes, in brown"]);
  });

  it("reps whose phones the owner swapped answer their own customers", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    await say("new Jane 212-555-0177 sofa", BOB);
    await text({ From: KIM, Body: "Does it recline?" });
    await text({ From: JANE, Body: "Is the sofa still available?" });
    const SPARE = "+12125550190";
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { phone: SPARE } });
    await apiJson(`/reps/${bob.id}`, { method: "PATCH", body: { phone: ANN } });
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { phone: BOB } });
    twilio.sent.length = 0;
    // Bob, now on Ann's old phone, answers Jane; Ann, on Bob's old phone, answers Kim.
    expect(await say("sure thing", ANN)).toMatch(/^✓ Sent to Jane #\d+\./);
    expect(await say("it does!", BOB)).toMatch(/^✓ Sent to Kim #\d+\./);
    expect(sentTo(JANE)).toEqual(["sure thing"]);
    expect(sentTo(KIM)).toEqual(["it does!"]);
  });

  it("a rep whose phone the owner changed answers from the new phone the customer who just wrote", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    await text({ From: KIM, Body: "Does it recline?" });
    const NEW_PHONE = "+12125550190";
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { phone: NEW_PHONE } });
    vi.setSystemTime(T0 + 2_000);
    twilio.sent.length = 0;
    expect(await say("Yes, fully", NEW_PHONE)).toMatch(/^✓ Sent to Kim #\d+\./);
    expect(sentTo(KIM)).toEqual(["Yes, fully"]);
  });

  it("a covering rep still answers an away rep's customer (the lead never moved)", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    await say("away until friday", ANN);
    await text({ From: KIM, Body: "Does it recline?" });
    expect(sentTo(BOB).at(-1)).toMatch(/^\[Ann Park's customer; Ann is away\] Kim/);
    twilio.sent.length = 0;
    expect(await say("Yes, fully", BOB)).toMatch(/^✓ Sent to Kim #\d+\./);
    expect(sentTo(KIM)).toEqual(["Yes, fully"]);
  });
});

describe("an away rep's customer", () => {
  const DEV = "+19175550133";
  it("keeps one cover while the rep is away, texts in a row and answered or not; another when that cover is away too", async () => {
    await apiJson("/reps", { method: "POST", body: { name: "Dev Shah", phone: DEV } });
    await say("new Kim 212-555-0178 chair", ANN);
    await say("away until friday", ANN);
    const covers = () => twilio.sent.filter((s) => s.body.startsWith("[Ann Park's customer; Ann is away] Kim")).map((s) => s.to);
    for (const [i, words] of ["Does it recline?", "And the ottoman?", "Is it in grey?"].entries()) {
      vi.setSystemTime(T0 + (i + 1) * MIN);
      await text({ From: KIM, Body: words });
    }
    const [first] = covers();
    expect(covers()).toEqual([first, first, first]);
    const cover = first === BOB ? BOB : DEV;
    expect(await say("Yes to all three", cover)).toMatch(/^✓ Sent to Kim #\d+\./);
    vi.setSystemTime(T0 + 5 * MIN);
    await text({ From: KIM, Body: "Great, coming Saturday" });
    expect(covers().at(-1)).toBe(cover);

    await say("away until friday", cover);
    vi.setSystemTime(T0 + 6 * MIN);
    await text({ From: KIM, Body: "Who is this now?" });
    expect(covers().at(-1)).toBe(cover === BOB ? DEV : BOB);
  });

  it("keeps one cover for texts that arrive at once (a photo and its words come as two texts)", async () => {
    await apiJson("/reps", { method: "POST", body: { name: "Dev Shah", phone: DEV } });
    await say("new Kim 212-555-0178 chair", ANN);
    await say("away until friday", ANN);
    const covers = () => twilio.sent.filter((s) => s.body.startsWith("[Ann Park's customer; Ann is away] Kim")).map((s) => s.to);
    for (let round = 0; round < 4; round += 1) {
      vi.setSystemTime(T0 + (round + 1) * MIN);
      await Promise.all([text({ From: KIM, Body: `Here it is ${round}`, media: [{ url: "https://api.twilio.com/m/1.jpg", type: "image/jpeg" }] }), text({ From: KIM, Body: `Does it come in grey? ${round}` })]);
    }
    expect(covers()).toHaveLength(8);
    expect(new Set(covers()).size).toBe(1);
  });

  it("reaches the cover without the customer's own date as a `later` to send: only their rep may pause the lead", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    await say("away until friday", ANN);
    await text({ From: KIM, Body: "Call me after the 20th, I get paid then" });
    const [forward] = sentTo(BOB);
    expect(forward).toMatch(/^\[Ann Park's customer; Ann is away\] Kim \(chair\) #\d+: Call me after the 20th, I get paid then$/);
  });
});

describe("a customer of an inactive rep, with every other rep away", () => {
  it("reaches the next active rep in turn anyway, and the lead moves to them", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    expect(await say("away until next friday", BOB)).toMatch(/^✓ Away until/);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    await text({ From: JANE, Body: "Is the sofa still available? Call me" });
    expect(twilio.sent.map((s) => s.to)).toEqual([BOB]);
    expect(twilio.sent[0]!.body).toMatch(/^\[Was Ann Park's customer, now yours: Ann is not an active rep\] Jane \(sofa\) #\d+: Is the sofa still available\? Call me$/);
    expect((await leadOf(JANE))!.rep_id).toBe(bob.id);
    // Bob can answer it.
    twilio.sent.length = 0;
    expect(await say("Yes! Calling you now", BOB)).toMatch(/^✓ Sent to Jane #\d+\./);
    expect(sentTo(JANE)).toEqual(["Yes! Calling you now"]);
  });
});

describe("a STOP or START from a customer of an inactive rep", () => {
  it("is told to the next active rep, the lead moving to them, so the START reaches someone who can text back", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    const jane = (await leadOf(JANE))!.id;
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    await text({ From: JANE, Body: "STOP" });
    expect(sentTo(BOB)).toEqual([`[Was Ann Park's customer, now yours: Ann is not an active rep] Jane (sofa) #${jane} opted out (texted STOP). Beback won't text this number again; only they can opt back in, by texting START.`]);
    expect((await leadOf(JANE))!.rep_id).toBe(bob.id);
    vi.setSystemTime(T0 + MIN);
    await text({ From: JANE, Body: "START" });
    expect(sentTo(BOB)).toHaveLength(2);
    expect(sentTo(BOB)[1]).toMatch(new RegExp(`^Jane \\(sofa\\) #${jane} opted back in \\(START\\)`));
    expect(sentTo(ANN)).toEqual([]);
    // Bob can text her back.
    expect(await say(`#${jane} Welcome back! The sofa is still here.`, BOB)).toMatch(/^✓ Sent to Jane/);
  });

  it("with no active rep at all, nobody is texted and the lead stays where it is", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    await apiJson(`/reps/${bob.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    await text({ From: JANE, Body: "STOP" });
    expect(twilio.sent.filter((s) => s.to === ANN || s.to === BOB)).toEqual([]);
    expect((await leadOf(JANE))!.rep_id).toBe(ann.id);
  });

  it("a long plain-words opt-out told to the next rep fits two segments: their words are cut, not what it means", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    await text({ From: JANE, Body: "Please stop texting me. I already bought a sofa somewhere else last weekend and I really do not want any more of these messages about furniture, thank you anyway for your help" });
    const [notice] = sentTo(BOB);
    expect(notice).toMatch(/^\[Was Ann Park's customer, now yours: Ann is not an active rep\] Jane \(sofa\) #\d+ opted out \(texted "Please stop texting me\. .+\.\.\."\)\. Beback won't text this number again; only they can opt back in, by texting START\.$/);
    expect(countSegments(notice!).segments).toBeLessThanOrEqual(2);
  });

  it("a STOP typed in quotes is quoted once", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    twilio.sent.length = 0;
    await text({ From: JANE, Body: '"STOP"' });
    expect(sentTo(ANN)).toEqual([expect.stringContaining('opted out (texted "STOP").')]);
  });
});

describe("two texts of one customer at once (a photo and its words come as two)", () => {
  const photo = [{ url: "https://api.twilio.com/m/1.jpg", type: "image/jpeg" }];
  it("an inactive rep's customer: the lead moves once, to one rep who gets both, and the turn moves once", async () => {
    const DEV = "+19175550133";
    const dev = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Dev Shah", phone: DEV } });
    await say("new Jane 212-555-0177 sofa", ANN);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    await Promise.all([text({ From: JANE, Body: "Here it is", media: photo }), text({ From: JANE, Body: "Does it come in grey?" })]);
    expect(twilio.sent.map((s) => s.to)).toHaveLength(2);
    expect(new Set(twilio.sent.map((s) => s.to)).size).toBe(1);
    const lead = (await leadOf(JANE))!;
    expect([bob.id, dev.id]).toContain(lead.rep_id);
    expect(await row("SELECT last_assigned_rep_id AS turn FROM settings")).toEqual({ turn: lead.rep_id });
  });

  it("a new number: one lead, and the turn moves once", async () => {
    const NEW = "+13475550188";
    await Promise.all([text({ From: NEW, Body: "Hi, saw this chair", media: photo }), text({ From: NEW, Body: "Is it in stock?" })]);
    const lead = (await leadOf(NEW))!;
    expect(await row("SELECT last_assigned_rep_id AS turn FROM settings")).toEqual({ turn: lead.rep_id });
    // The next new number goes to the other rep.
    await text({ From: "+13475550189", Body: "Open Sunday?" });
    expect((await leadOf("+13475550189"))!.rep_id).not.toBe(lead.rep_id);
  });
});

describe("a pause reminder for a lead whose rep is inactive", () => {
  it("a rep's later: the next active rep is reminded with the lead's context and notes, the lead moves to them, and texts resume", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await say("note jane anniversary in June", ANN);
    expect(await say("later jane tomorrow 11am", ANN)).toMatch(/^✓ Jane #\d+ paused until/);
    const jane = (await leadOf(JANE))!.id;
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 21 * 60 * MIN); // Tue 11:00
    await fireAlarm(scheduler());
    const reminders = sentTo(BOB).filter((b) => b.includes("Reminder:"));
    expect(reminders).toEqual([expect.stringMatching(new RegExp(`^\\[Was Ann Park's customer, now yours: Ann is not an active rep\\] Reminder: follow up with Jane \\(sofa\\) #${jane} today\\. Notes: anniversary in June\\.`))]);
    expect(sentTo(ANN)).toEqual([]);
    expect(await leadOf(JANE)).toMatchObject({ rep_id: bob.id, resume_at: null });
    expect((await leadOf(JANE))!.next_at).not.toBeNull();
    // The lead is Bob's now: his commands reach it.
    expect(await say(`note #${jane} called back`, BOB)).toMatch(/^✓/);
  });

  it("the owner's pause, with every other rep away: the next in turn is reminded anyway", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    const jane = (await leadOf(JANE))!.id;
    const until = new Date(T0 + 2 * 24 * 60 * MIN).toISOString();
    expect((await api(`/leads/${jane}/pause`, { method: "POST", body: { until } })).status).toBe(200);
    await say("away until next friday", BOB);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 2 * 24 * 60 * MIN + MIN);
    await fireAlarm(scheduler());
    expect(sentTo(BOB).filter((b) => b.includes("Reminder:"))).toEqual([expect.stringMatching(/^\[Was Ann Park's customer, now yours: Ann is not an active rep\] Reminder: follow up with Jane \(sofa\)/)]);
    expect((await leadOf(JANE))!.rep_id).toBe(bob.id);
  });

  it("with no active rep at all, nobody is texted and the lead stays where it is", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await say("later jane tomorrow 11am", ANN);
    await apiJson(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } });
    await apiJson(`/reps/${bob.id}`, { method: "PATCH", body: { active: false } });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 21 * 60 * MIN);
    await fireAlarm(scheduler());
    expect(twilio.sent.filter((s) => s.to === ANN || s.to === BOB)).toEqual([]);
    expect((await leadOf(JANE))!.rep_id).toBe(ann.id);
  });
});

describe("a number that was one rep's lost lead and is another rep's customer now", () => {
  it("STOP and START are told to the rep whose customer it is now, and the old rep's #id texts nothing", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    const lost = (await leadOf(KIM))!.id;
    await say("lost Kim", ANN);
    vi.setSystemTime(T0 + MIN);
    expect(await say("new Kimmy 212-555-0178 rug", BOB)).toMatch(/^✓ Kimmy #\d+/);
    const kimmy = (await row<{ id: number }>("SELECT id FROM leads WHERE name = 'Kimmy'"))!.id;
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 2 * MIN);
    await text({ From: KIM, Body: "STOP" });
    vi.setSystemTime(T0 + 3 * MIN);
    await text({ From: KIM, Body: "UNSTOP" });
    expect(sentTo(ANN)).toEqual([]);
    expect(sentTo(BOB)).toEqual([expect.stringMatching(/opted out/), expect.stringMatching(/opted back in/)]);

    twilio.sent.length = 0;
    expect(await say(`#${lost} Hi, it's Ann - glad you're back!`, ANN)).toBe(`✗ Kim #${lost}'s number is Bob Cho's customer now (#${kimmy}): nothing was sent.`);
    expect(sentTo(KIM)).toEqual([]);
    // Her next text still reaches Bob.
    vi.setSystemTime(T0 + 4 * MIN);
    await text({ From: KIM, Body: "is the rug wool?" });
    expect(sentTo(BOB).at(-1)).toMatch(/^Kimmy \(rug\) #\d+: is the rug wool\?$/);
  });

  it("the same for a sold lead's number another rep has added since; the STOP shows in the current lead's conversation; once both are lost, the old rep may text again", async () => {
    await say("new Val 212-555-0178 sofa", ANN);
    await say("sold Val $900", ANN);
    const sold = (await leadOf(KIM))!.id;
    vi.setSystemTime(T0 + MIN);
    await say("new Val 212-555-0178 ottoman", BOB);
    const current = (await row<{ id: number }>("SELECT id FROM leads WHERE product = 'ottoman'"))!.id;
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 2 * MIN);
    await text({ From: KIM, Body: "STOP" });
    expect(sentTo(ANN)).toEqual([]);
    expect(sentTo(BOB)).toEqual([expect.stringMatching(/opted out/)]);
    const stopOf = async (id: number) => (await apiJson<{ messages: { body: string }[] }>(`/leads/${id}`)).messages.some((m) => m.body === "STOP");
    expect([await stopOf(current), await stopOf(sold)]).toEqual([true, false]);
    vi.setSystemTime(T0 + 3 * MIN);
    await text({ From: KIM, Body: "START" });
    await say(`lost #${current}`, BOB);
    vi.setSystemTime(T0 + 4 * MIN);
    expect(await say(`#${sold} how is the sofa?`, ANN)).toMatch(/^✓ Sent to Val #\d+/);
  });

  it("with every lead of the number lost, STOP still reaches the rep who last had the customer", async () => {
    await say("new Kim 212-555-0178 chair", ANN);
    await say("lost Kim", ANN);
    twilio.sent.length = 0;
    await text({ From: KIM, Body: "STOP" });
    expect(sentTo(ANN)).toEqual([expect.stringMatching(/opted out/)]);
  });

  it("a sold on the old lost lead is refused: no second series to another rep's customer, nor after another rep's sale (routing audit)", async () => {
    await say("new Kim 212-555-0178 recliner", ANN);
    const lost = (await leadOf(KIM))!.id;
    await say("lost Kim", ANN);
    vi.setSystemTime(T0 + MIN);
    await say("new Kim 212-555-0178 sofa", BOB);
    const bobs = (await row<{ id: number }>("SELECT id FROM leads WHERE product = 'sofa'"))!.id;
    twilio.sent.length = 0;
    const refused = `✗ Kim #${lost}'s number is Bob Cho's customer now (#${bobs}): nothing changed (one customer, one rep). Bob Cho can mark #${bobs} sold.`;
    expect(await say(`sold #${lost} $900`, ANN)).toBe(refused);
    expect((await row<{ status: string; next_at: number | null }>("SELECT status, next_at FROM leads WHERE id = ?", lost))).toEqual({ status: "lost", next_at: null });
    // Bob sells: Ann's sale of her old lead would start a second after-sale series.
    await say(`sold #${bobs} $500`, BOB);
    expect(await say(`sold #${lost} $900`, ANN)).toBe(refused);
    vi.setSystemTime(T0 + 3 * 86_400_000);
    await fireAlarm(scheduler());
    expect(sentTo(KIM).filter((b) => b.includes("Ann"))).toEqual([]);
  });

  it("a text from the rep's own lost lead, when the number is their newer lead now, points to that one: the customer's reply would go to the old lead, and the new one's texts not step aside (follow-up audit)", async () => {
    await say("new Kim 212-555-0178 rug", ANN);
    const lost = (await leadOf(KIM))!.id;
    await say("lost Kim", ANN);
    vi.setSystemTime(T0 + MIN);
    await say("new Kim 212-555-0178 big rug", ANN);
    const newer = (await row<{ id: number }>("SELECT id FROM leads WHERE product = 'big rug'"))!.id;
    twilio.sent.length = 0;
    expect(await say(`#${lost} hi from the old one`, ANN)).toBe(`✗ Kim #${lost}'s number is your lead #${newer} now: nothing was sent. Text #${newer} and your words.`);
    expect(sentTo(KIM)).toEqual([]);
    expect(await say(`#${newer} hi, it's Ann`, ANN)).toMatch(new RegExp(`^✓ Sent to Kim #${newer}\\.`));
    await text({ From: KIM, Body: "who is this?" });
    expect(sentTo(ANN).at(-1)).toMatch(new RegExp(`^Kim \\(big rug\\) #${newer}: who is this\\?`));
    expect((await row<{ series_paused: number }>("SELECT series_paused FROM leads WHERE id = ?", newer))!.series_paused).toBe(1);
  });

  it("a sold on a lost lead whose number is the rep's own newer lead points to that one", async () => {
    await say("new Kim 212-555-0178 recliner", ANN);
    const lost = (await leadOf(KIM))!.id;
    await say("lost Kim", ANN);
    vi.setSystemTime(T0 + MIN);
    await say("new Kim 212-555-0178 sofa", ANN);
    const newer = (await row<{ id: number }>("SELECT id FROM leads WHERE product = 'sofa'"))!.id;
    expect(await say(`sold #${lost} $1,200`, ANN)).toBe(`✗ Kim #${lost}'s number is your lead #${newer} now: nothing changed. Mark that one: sold #${newer} $1,200`);
    expect(await say(`sold #${lost}`, ANN)).toBe(`✗ Kim #${lost}'s number is your lead #${newer} now: nothing changed. Mark that one: sold #${newer}`);
    // Once that one is lost too, the old lead's sale counts (and its after-sale texts go).
    await say(`lost #${newer}`, ANN);
    expect(await say(`sold #${lost} $1,200`, ANN)).toMatch(new RegExp(`^✓ Kim #${lost} sold \\(\\$1,200\\)\\. After-sale texts start`));
  });
});

describe("a rep made inactive with customers waiting for an answer (routing audit: nobody was told)", () => {
  it("each customer whose text is unanswered moves to the next active rep, who gets it; the others stay until they write", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await say("new Kim 212-555-0178 chair", ANN);
    await say("new Lou 212-555-0179 lamp", ANN);
    vi.setSystemTime(T0 + MIN);
    await text({ From: JANE, Body: "Is it in grey?" });
    await text({ From: KIM, Body: "Does it recline?" });
    await say("#2 Yes it does!", ANN); // answered: nothing waiting
    const jane = (await leadOf(JANE))!.id;
    await deferredSendsSettled();
    twilio.sent.length = 0;
    // A rename is no deactivation.
    expect((await api(`/reps/${ann.id}`, { method: "PATCH", body: { name: "Ann Parker" } })).status).toBe(200);
    expect(twilio.sent).toEqual([]);
    expect((await api(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await deferredSendsSettled();
    expect(sentTo(BOB)).toEqual([`[Was Ann Parker's customer, now yours: Ann is not an active rep] Jane (sofa) #${jane}: Is it in grey?`]);
    expect(twilio.sent.filter((s) => s.to !== BOB)).toEqual([]);
    expect([(await leadOf(JANE))!.rep_id, (await leadOf(KIM))!.rep_id, (await leadOf("+12125550179"))!.rep_id]).toEqual([bob.id, ann.id, ann.id]);
    // Bob's plain reply reaches her.
    expect(await say("Yes, grey is in stock", BOB)).toMatch(/^✓ Sent to Jane/);
    // Made inactive again (already inactive): nothing moves twice.
    twilio.sent.length = 0;
    expect((await api(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    expect(twilio.sent).toEqual([]);
  });

  it("the rep who covered while she was away is told the customer is theirs, not sent the same words again; a START after a STOP waits on no answer; a plain Yes does (docs audit)", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await say("new Kim 212-555-0178 chair", ANN);
    await say("new Lou 212-555-0179 lamp", ANN);
    await text({ From: KIM, Body: "Yes" }); // to Ann: she has not answered it
    expect(await say("away until tomorrow 11am", ANN)).toMatch(/^✓ Away until/);
    vi.setSystemTime(T0 + MIN);
    await text({ From: JANE, Body: "Is it in grey?" });
    await text({ From: "+12125550179", Body: "STOP" });
    await text({ From: "+12125550179", Body: "START" });
    await deferredSendsSettled();
    const jane = (await leadOf(JANE))!.id;
    const kim = (await leadOf(KIM))!.id;
    expect(sentTo(BOB)).toContain(`[Ann Park's customer; Ann is away] Jane (sofa) #${jane}: Is it in grey?`);
    twilio.sent.length = 0;
    expect((await api(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await deferredSendsSettled();
    expect(sentTo(BOB).sort()).toEqual(
      [
        `[Was Ann Park's customer, now yours: Ann is not an active rep] Jane (sofa) #${jane}: their last text came to you already ("Is it in grey?").`,
        `[Was Ann Park's customer, now yours: Ann is not an active rep] Kim (chair) #${kim}: Yes`,
      ].sort(),
    );
    expect((await leadOf("+12125550179"))!.rep_id).toBe(ann.id);
  });

  it("handed over (the page's Remove): the new rep gets each waiting customer's last text, told whose customer it was; answered ones are not sent (routing audit)", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await say("new Kim 212-555-0178 chair", ANN);
    vi.setSystemTime(T0 + MIN);
    await text({ From: JANE, Body: "Can you hold the sofa until Saturday?" });
    await text({ From: KIM, Body: "Does it recline?" });
    await say("#2 Yes it does!", ANN);
    await deferredSendsSettled();
    const jane = (await leadOf(JANE))!.id;
    twilio.sent.length = 0;
    expect(await apiJson(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } })).toEqual({ moved: 2 });
    await deferredSendsSettled();
    expect(sentTo(BOB)).toEqual([`[Was Ann Park's customer, now yours: handed over by the owner] Jane (sofa) #${jane}: Can you hold the sofa until Saturday?`]);
    expect(twilio.sent.filter((s) => s.to !== BOB)).toEqual([]);
    expect((await api(`/reps/${ann.id}`, { method: "DELETE" })).status).toBe(204);
    // Bob's plain reply reaches her.
    expect(await say("Yes, I'll hold it", BOB)).toMatch(/^✓ Sent to Jane/);
  });

  it("a cover made inactive: the away rep's customer waiting on them goes to a new cover, or to their own rep once back (routing audit: the question stayed with the inactive cover)", async () => {
    const CAT = "+13105550133";
    const cat = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Cat Wu", phone: CAT } });
    await say("new Jane 212-555-0177 sofa", BOB);
    expect(await say("away until tomorrow 11am", BOB)).toMatch(/^✓ Away until/);
    vi.setSystemTime(T0 + MIN);
    await text({ From: JANE, Body: "Is the sofa in stock?" });
    await deferredSendsSettled();
    const jane = (await leadOf(JANE))!.id;
    const first = twilio.sent.find((s) => /Is the sofa in stock/.test(s.body))!.to;
    const [firstCover, other] = first === ANN ? [ann, cat] : [cat, ann];
    twilio.sent.length = 0;
    expect((await api(`/reps/${firstCover.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await deferredSendsSettled();
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[other.phone, `[Bob Cho's customer; Bob is away] Jane (sofa) #${jane}: Is the sofa in stock?`]]);
    // Bob back, the second cover made inactive: Bob gets it.
    expect(await say("back", BOB)).toMatch(/^✓ Welcome back/);
    twilio.sent.length = 0;
    expect((await api(`/reps/${other.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await deferredSendsSettled();
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[BOB, `[${other.name} covered and is not an active rep] Jane (sofa) #${jane}: Is the sofa in stock?`]]);
  });

  it("handed over: every question since the store last reached them goes, oldest first; to a rep who is away, to their cover (fixes audit)", async () => {
    const CAT = "+13105550133";
    await apiJson("/reps", { method: "POST", body: { name: "Cat Wu", phone: CAT } });
    await say("new Jane 212-555-0177 sofa", ANN);
    vi.setSystemTime(T0 + MIN);
    await say("@Jane it's in stock", ANN);
    await text({ From: JANE, Body: "Is the grey one in stock?" });
    await text({ From: JANE, Body: "Also what colors come in leather?" });
    expect(await say("away until friday", BOB)).toMatch(/^✓ Away until/);
    await deferredSendsSettled();
    const jane = (await leadOf(JANE))!.id;
    twilio.sent.length = 0;
    expect(await apiJson(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } })).toEqual({ moved: 1 });
    await deferredSendsSettled();
    expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([
      [CAT, `[Bob Cho's customer; Bob is away] Jane (sofa) #${jane}: Is the grey one in stock?`],
      [CAT, `[Bob Cho's customer; Bob is away] Jane (sofa) #${jane}: Also what colors come in leather?`],
    ]);
  });

  it("with no other active rep, nothing moves: her next text is kept for the first rep in", async () => {
    await say("new Jane 212-555-0177 sofa", ANN);
    await text({ From: JANE, Body: "Is it in grey?" });
    await apiJson(`/reps/${bob.id}`, { method: "PATCH", body: { active: false } });
    await deferredSendsSettled();
    twilio.sent.length = 0;
    expect((await api(`/reps/${ann.id}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await deferredSendsSettled();
    expect(twilio.sent).toEqual([]);
    expect((await leadOf(JANE))!.rep_id).toBe(ann.id);
  });
});

describe("a lost lead's number given to a rep since (routing audit)", () => {
  it("the old lead's rep can neither text it nor start its after-sale texts: the rep's phone gets no customer text", async () => {
    await say("new Moe 212-555-0178 chair", BOB);
    const moe = (await leadOf(KIM))!.id;
    await say("lost Moe", BOB);
    const eve = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Eve Kim", phone: KIM } });
    expect(eve.phone).toBe(KIM);
    twilio.sent.length = 0;
    expect(await say(`#${moe} still interested in the chair?`, BOB)).toBe(`✗ Moe #${moe}'s number, (212) 555-0178, is Eve Kim's phone (a rep) now: nothing was sent.`);
    expect(await say(`@Moe still interested in the chair?`, BOB)).toBe(`✗ Moe #${moe}'s number, (212) 555-0178, is Eve Kim's phone (a rep) now: nothing was sent.`);
    expect(await say(`sold #${moe} $100`, BOB)).toBe(`✗ Moe #${moe}'s number, (212) 555-0178, is Eve Kim's phone (a rep) now: nothing changed.`);
    vi.setSystemTime(T0 + 3 * 86_400_000);
    await fireAlarm(scheduler());
    expect(twilio.sent.filter((s) => s.to === KIM)).toEqual([]);
    expect((await leadOf(KIM))!.status).toBe("lost");
  });
});
