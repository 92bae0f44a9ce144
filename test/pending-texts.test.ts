// Texts to reps that a webhook recorded and meant to send after answering (forwards, STOP
// notices: messenger.ts sendSoon) are never lost to a Worker that died first: the
// Scheduler's pending-texts job sends any still without a sid PENDING_STALE_MS later.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { dbFrom } from "../src/db/client";
import { recordOptOut } from "../src/db/opt-out-queries";
import { coveredBy, LOOK_MARGIN_MS, SCHEDULER_NAME, schedulerFor } from "../src/series/scheduler-client";
import { PENDING_STALE_MS } from "../src/sms/messenger";
import { PENDING_GIVE_UP_MS } from "../src/twilio/errors";
import { fireAlarm, holdAlarms, TEST_EPOCH } from "./helpers/clock";
import { row, rows } from "./helpers/db";
import { tooManySubrequests, twilioError } from "./helpers/fake-twilio";
import { api, STORE_NUMBER, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const JANE = "+12125550100";
const T0 = TEST_EPOCH;

const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

/** A forward as a webhook records it right before its Worker died: queued, no sid. */
async function orphanForward(at: number, body: string) {
  await recordForward(at, body);
  // What the webhook asks of the Scheduler before its deferred send.
  await scheduler().wake(at + PENDING_STALE_MS);
}

async function recordForward(at: number, body: string) {
  await env.DB.prepare(
    "INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('out', 'forward', NULL, 1, ?, ?, ?, '[]', 'queued', ?)",
  )
    .bind(STORE_NUMBER, SAM, body, at)
    .run();
}

/** The time the Scheduler owes a run at or after (Scheduler `lookBy`), as stored. */
const owedRun = () => runInDurableObject(scheduler(), (_instance, state) => state.storage.get<number>("owedRun"));

it("a forward left without a sid is sent by the Scheduler once it is stale; a fresh one is left to its webhook", async () => {
  await orphanForward(T0 - PENDING_STALE_MS - 1, "Jane #1: Is it still available?");
  await orphanForward(T0 - 1_000, "Jane #1: Blue, please");
  expect(await scheduler().nextAlarm()).toBe(T0); // due already: now
  await fireAlarm(scheduler());
  expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([[SAM, "Jane #1: Is it still available?"]]);
  expect(await rows("SELECT body, status, sid IS NOT NULL AS has_sid FROM messages WHERE kind = 'forward' ORDER BY id")).toEqual([
    { body: "Jane #1: Is it still available?", status: "queued", has_sid: 1 },
    { body: "Jane #1: Blue, please", status: "queued", has_sid: 0 },
  ]);
  // The Scheduler comes back for the second when it is stale.
  expect(await scheduler().nextAlarm()).toBe(T0 - 1_000 + PENDING_STALE_MS);
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.map((s) => s.body)).toEqual(["Jane #1: Is it still available?", "Jane #1: Blue, please"]);
  // Nothing is sent twice by later runs.
  await scheduler().wake(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent).toHaveLength(2);
});

it("a customer's reply is recorded, forwarded once, and the Scheduler is asked to look again should the send not happen", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await text({ From: JANE, Body: "Is it in blue?" });
  const forward = await row<{ status: string; sid: string | null }>("SELECT status, sid FROM messages WHERE kind = 'forward'");
  expect(forward?.sid).not.toBeNull();
  expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([expect.stringContaining("Is it in blue?")]);
  expect(await scheduler().nextAlarm()).toBeLessThanOrEqual(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.filter((s) => s.to === SAM)).toHaveLength(1);
});

it("a text recorded while a run is owed asks nothing more of the Scheduler, and the owed run comes even after an alarm that fired sooner", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await text({ From: JANE, Body: "Is it in blue?" });
  // The forward's webhook asked for a look by the time it would be stale: a run is owed then.
  expect(await owedRun()).toBe(T0 + PENDING_STALE_MS);
  // The alarm fires sooner, for other work, and finds nothing pending (the forward went):
  // it still comes back for the owed run.
  await scheduler().wake(T0 + 1_000);
  vi.setSystemTime(T0 + 1_000);
  await fireAlarm(scheduler());
  expect(await scheduler().nextAlarm()).toBe(T0 + PENDING_STALE_MS);
  // A second forward, recorded before the owed run, whose Worker dies before Twilio answers:
  // its webhook's look is covered by the owed run, so the Scheduler is not called (the owed
  // time is still the first one).
  vi.setSystemTime(T0 + 2_000);
  await recordForward(T0 + 2_000, "Jane #1: Blue, please");
  await schedulerFor(env).lookAtPendingBy(T0 + 2_000 + PENDING_STALE_MS);
  expect(await owedRun()).toBe(T0 + PENDING_STALE_MS);
  // The owed run reads it (not stale yet) and comes back when it is; then it is sent.
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(await owedRun()).toBeUndefined();
  expect(await scheduler().nextAlarm()).toBe(T0 + 2_000 + PENDING_STALE_MS);
  vi.setSystemTime(T0 + 2_000 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([expect.stringContaining("Is it in blue?"), "Jane #1: Blue, please"]);
});

it.each([
  // owed run, now, look by → covered
  [null, T0, T0 + PENDING_STALE_MS, false],
  [T0 + PENDING_STALE_MS, T0 + 1_000, T0 + 1_000 + PENDING_STALE_MS, true],
  // Too close to the owed run: the Worker's clock may lag the Scheduler's.
  [T0 + PENDING_STALE_MS, T0 + PENDING_STALE_MS - LOOK_MARGIN_MS, T0 + 2 * PENDING_STALE_MS, false],
  [T0 + PENDING_STALE_MS, T0 + PENDING_STALE_MS + 5, T0 + 2 * PENDING_STALE_MS, false],
  // A look wanted sooner than the owed run is not covered by it.
  [T0 + PENDING_STALE_MS, T0, T0 + 10_000, false],
] as const)("coveredBy(owed %s, now %s, at %s) = %s", (owed, now, at, covered) => {
  expect(coveredBy(owed, now, at)).toBe(covered);
});

it("a forward whose call never left (the invocation's subrequests used up) stays pending and goes with the next run", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  twilio.answerNext(tooManySubrequests);
  await text({ From: JANE, Body: "Is it in blue?" });
  expect(twilio.refused).toBe(1);
  expect(await row("SELECT status, sid FROM messages WHERE kind = 'forward'")).toEqual({ status: "queued", sid: null });
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([expect.stringContaining("Is it in blue?")]);
  expect(await row<{ status: string }>("SELECT status FROM messages WHERE kind = 'forward'")).toEqual({ status: "queued" });
});

it.each([
  ["a 500", twilioError(500, 20500)],
  ["a 429", twilioError(429, 20429)],
  ["no answer (a dropped connection)", () => { throw new TypeError("Network connection lost."); }],
])("a customer's reply whose forward Twilio answered with %s is forwarded again a minute later, once it goes", async (_, answer) => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  twilio.answerNext(answer);
  await text({ From: JANE, Body: "Is it in blue?" });
  const toSam = () => twilio.sent.filter((s) => s.to === SAM);
  expect(toSam()).toHaveLength(1);
  expect(await row<{ status: string; retry_at: number }>("SELECT status, retry_at FROM messages WHERE kind = 'forward'")).toMatchObject({ status: "queued", retry_at: T0 + 60_000 });
  // The Scheduler comes back for it; not before its minute is up.
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(toSam()).toHaveLength(1);
  expect(await scheduler().nextAlarm()).toBe(T0 + 60_000);
  vi.setSystemTime(T0 + 60_000);
  await fireAlarm(scheduler());
  expect(toSam().map((s) => s.body)).toEqual([expect.stringContaining("Is it in blue?"), expect.stringContaining("Is it in blue?")]);
  expect(await row("SELECT status, sid IS NOT NULL AS has_sid, error_code FROM messages WHERE kind = 'forward'")).toEqual({ status: "queued", has_sid: 1, error_code: null });
  // Sent: nothing more.
  await scheduler().wake(T0 + 60_000);
  await fireAlarm(scheduler());
  expect(toSam()).toHaveLength(2);
});

describe("a customer's words whose forward Twilio did not take, tried again a minute later", () => {
  const KIM = "+16465550122";
  const toKim = () => twilio.sent.filter((s) => s.to === KIM).map((s) => s.body);
  async function droppedForward() {
    await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    twilio.answerNext(() => {
      throw new TypeError("Network connection lost.");
    });
    await text({ From: JANE, Body: "Can I pick it up friday?" });
    vi.setSystemTime(T0 + 60_000);
  }

  it.each([
    ["21211 (the rep's phone cannot get texts)", twilioError(400, 21211), "Sam's phone can't get texts"],
    ["21610 (the rep's phone texted STOP to the store number)", twilioError(400, 21610), "Sam's phone texted STOP"],
    ["20003 (the store's credentials: not the phone's fault)", twilioError(401, 20003), "Sam's phone didn't get it \\(error 20003\\)"],
  ])("refused for good on that try with %s: they go to another rep, told whose customer it is", async (_, answer, why) => {
    await droppedForward();
    twilio.answerNext(answer);
    await fireAlarm(scheduler());
    expect(toKim()).toEqual([expect.stringMatching(new RegExp(`^\\[Sam Rivera's customer; ${why}\\] Jane \\(recliner\\) #\\d+: Can I pick it up friday\\?`))]);
  });

  it("one hop: a cover's forward refused for good on the later try stops there", async () => {
    const LEE = "+19175550133";
    await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
    await api("/reps", { method: "POST", body: { name: "Lee Ward", phone: LEE } });
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    await text({ From: SAM, Body: "away until friday" });
    twilio.answerNext(() => {
      throw new TypeError("Network connection lost.");
    });
    await text({ From: JANE, Body: "Can I pick it up friday?" });
    const cover = twilio.sent.at(-1)!.to;
    vi.setSystemTime(T0 + 60_000);
    twilio.answerNext(twilioError(400, 21211));
    const before = twilio.sent.length;
    await fireAlarm(scheduler());
    expect(twilio.sent.slice(before).map((s) => s.to)).toEqual([cover]); // the try, and nothing after it
  });

  it("whose lead the owner handed to another rep meanwhile: the hand-over carried them to the lead's rep, once; the retry to the old rep's phone goes nowhere", async () => {
    const kim = (await (await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } })).json()) as { id: number };
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    twilio.answerNext(() => {
      throw new TypeError("Network connection lost.");
    });
    await text({ From: JANE, Body: "Can I pick it up friday?" });
    const sam = (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", SAM))!.id;
    expect((await api(`/reps/${sam}/handover`, { method: "POST", body: { toRepId: kim.id } })).status).toBe(200);
    vi.setSystemTime(T0 + 60_000);
    twilio.answerNext(twilioError(400, 21211));
    await fireAlarm(scheduler());
    // Kim got them with the hand-over (Jane waits on an answer), once; the retry to Sam's phone goes nowhere.
    expect(toKim()).toEqual([expect.stringMatching(/^\[Was Sam Rivera's customer, now yours: handed over by the owner\] Jane \(recliner\) #\d+: Can I pick it up friday\?/)]);
    expect(twilio.sent.filter((s) => s.to === SAM && /friday/.test(s.body))).toHaveLength(1); // the dropped try only
  });

  const samId = async () => (await row<{ id: number }>("SELECT id FROM reps WHERE name = 'Sam Rivera'"))!.id;

  it("whose rep's phone changed meanwhile: they go to the rep's phone now, not the old one (routing audit)", async () => {
    await droppedForward();
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { phone: "+12125550112" } })).status).toBe(200);
    const before = twilio.sent.length;
    await fireAlarm(scheduler());
    expect(twilio.sent.slice(before).map((s) => [s.to, s.body])).toEqual([["+12125550112", expect.stringMatching(/^Jane \(recliner\) #\d+: Can I pick it up friday\?/)]]);
  });

  it("whose rep was removed (leads handed to Kim) and the phone given to a new rep: they reach Kim, never the new rep (routing audit)", async () => {
    await droppedForward();
    const kim = (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", KIM))!.id;
    const sam = await samId();
    expect((await api(`/reps/${sam}/handover`, { method: "POST", body: { toRepId: kim } })).status).toBe(200);
    expect((await api(`/reps/${sam}`, { method: "DELETE" })).status).toBe(204);
    expect((await api("/reps", { method: "POST", body: { name: "Dee Cole", phone: SAM } })).status).toBe(201);
    const before = twilio.sent.length;
    await fireAlarm(scheduler());
    // Kim got them with the hand-over (Jane waits on an answer); the retry goes to nobody, never to Dee.
    expect(twilio.sent.slice(before)).toEqual([]);
    expect(toKim()).toEqual([expect.stringMatching(/^\[Was Sam Rivera's customer, now yours: handed over by the owner\] Jane \(recliner\) #\d+: Can I pick it up friday\?/)]);
    expect(twilio.sent.filter((s) => s.to === SAM && /friday/.test(s.body))).toHaveLength(1); // the dropped try, before Dee had the phone
  });

  it("whose rep was made inactive meanwhile: the next rep got them then, so they go to nobody again (routing audit: twice)", async () => {
    await droppedForward();
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    await fireAlarm(scheduler());
    expect(twilio.sent.filter((s) => /Can I pick it up friday/.test(s.body)).map((s) => s.to)).toEqual([SAM, KIM]); // the dropped try, then Kim's once
    expect(await rows("SELECT to_number, status FROM messages WHERE kind = 'forward' ORDER BY id")).toEqual([
      { to_number: SAM, status: "canceled" },
      { to_number: KIM, status: expect.stringMatching(/^(queued|sent)$/) },
    ]);
  });

  it("whose only rep was made inactive meanwhile: kept and tried again; once a rep is in, they go to that rep, told whose customer it was (fixes audit: canceled, lost)", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    twilio.answerNext(twilioError(500, 20500));
    await text({ From: JANE, Body: "Is the grey one in stock?" });
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    vi.setSystemTime(T0 + 2 * 60_000);
    await fireAlarm(scheduler());
    expect(await rows("SELECT status FROM messages WHERE kind = 'forward'")).toEqual([{ status: "queued" }]);
    await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
    vi.setSystemTime(T0 + 10 * 60_000);
    for (let i = 0; i < 3; i++) await fireAlarm(scheduler());
    expect(toKim()).toEqual([expect.stringMatching(/^\[Was Sam Rivera's customer, now yours: Sam is not an active rep\] Jane \(recliner\) #\d+: Is the grey one in stock\?$/)]);
    expect(twilio.sent.filter((s) => s.to === SAM && /grey/.test(s.body))).toHaveLength(1); // the refused try only
  });

  it("whose only rep was made inactive, then the customer wrote again (kept), then a rep came in: both texts reach that rep, once each (second fixes audit: the first was lost)", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    twilio.answerNext(twilioError(500, 20500));
    await text({ From: JANE, Body: "Q1 Is the grey one in stock?" });
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    vi.setSystemTime(T0 + 30_000);
    await text({ From: JANE, Body: "Q2 And can you deliver Saturday?" });
    await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
    for (let t = T0 + 2 * 60_000; t <= T0 + 10 * 60_000; t += 60_000) {
      vi.setSystemTime(t);
      await fireAlarm(scheduler());
    }
    expect(toKim().filter((b) => /Q1/.test(b))).toEqual([expect.stringMatching(/^\[Was Sam Rivera's customer, now yours: Sam is not an active rep\] Jane \(recliner\) #\d+: Q1/)]);
    expect(toKim().filter((b) => /Q2/.test(b))).toHaveLength(1);
  });

  it("a long text the deactivation handed on (its tag cut the end) is not sent again by the retry (third fixes audit: twice)", async () => {
    await droppedForward(); // Kim is a rep too
    const long = `Q1 ${"word ".repeat(311)}end`;
    twilio.answerNext(twilioError(500, 20500));
    await text({ From: JANE, Body: long });
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    for (let t = T0 + 2 * 60_000; t <= T0 + 30 * 60_000; t += 60_000) {
      vi.setSystemTime(t);
      await fireAlarm(scheduler());
    }
    expect(toKim().filter((b) => b.includes("Q1 word"))).toHaveLength(1);
  });

  it("kept while no rep is active for more than the hour: they still reach the first rep in (second fixes audit: failed after the hour)", async () => {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    twilio.answerNext(twilioError(500, 20500));
    await text({ From: JANE, Body: "Is the grey one in stock?" });
    expect((await api(`/reps/${await samId()}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
    for (let t = T0 + 60_000; t <= T0 + 70 * 60_000; t += 60_000) {
      vi.setSystemTime(t);
      await fireAlarm(scheduler());
    }
    await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
    for (let t = T0 + 71 * 60_000; t <= T0 + 3 * 60 * 60_000; t += 5 * 60_000) {
      vi.setSystemTime(t);
      await fireAlarm(scheduler());
    }
    expect(toKim()).toEqual([expect.stringMatching(/^\[Was Sam Rivera's customer, now yours: Sam is not an active rep\] Jane \(recliner\) #\d+: Is the grey one in stock\?$/)]);
  });

  it("whose rep's phone opted out meanwhile: that phone is not called; they go to another rep at once", async () => {
    await droppedForward();
    await recordOptOut(dbFrom(env.DB), SAM, T0 + 30_000); // a 21610 on another text to Sam's phone
    const before = twilio.sent.length;
    await fireAlarm(scheduler());
    expect(twilio.sent.slice(before).map((s) => s.to)).toEqual([KIM]);
    expect(toKim()).toEqual([expect.stringMatching(/^\[Sam Rivera's customer; Sam's phone texted STOP\] Jane \(recliner\) #\d+: Can I pick it up friday\?/)]);
    expect(await rows("SELECT to_number, status FROM messages WHERE kind = 'forward' ORDER BY id")).toEqual([
      { to_number: SAM, status: "canceled" },
      { to_number: KIM, status: "queued" },
    ]);
  });
});

it("a forward Twilio keeps refusing is tried with growing waits and given up an hour on, failed (the owner's page shows it)", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  twilio.answerNext(...Array.from({ length: 20 }, () => twilioError(503, 20503)));
  await text({ From: JANE, Body: "Is it in blue?" });
  const tries: number[] = [T0];
  for (let i = 0; i < 20; i++) {
    const next = await scheduler().nextAlarm();
    if (next === null) break;
    vi.setSystemTime(next);
    const before = twilio.sent.length;
    await fireAlarm(scheduler());
    if (twilio.sent.length > before) tries.push(next);
  }
  // 1, 1, 2, 4, 8 and then 15 minutes apart, until an hour has gone by.
  expect(tries.slice(1).map((t, i) => (t - tries[i]!) / 60_000)).toEqual([1, 1, 2, 4, 8, 15, 15, 15]);
  expect(tries.at(-1)! - T0).toBeGreaterThanOrEqual(PENDING_GIVE_UP_MS);
  expect(await row("SELECT status, error_code FROM messages WHERE kind = 'forward'")).toEqual({ status: "failed", error_code: "20503" });
  // Nothing left pending brings the Scheduler back (Jane's series stepped aside for her reply).
  expect(await scheduler().nextAlarm()).toBeNull();
});

it("a rep's text to a customer whose Worker died during Twilio's call is settled unknown, never sent again, and the rep is told; the next automatic text waits a day after it", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  const lead = (await row<{ id: number; rep_id: number }>("SELECT id, rep_id FROM leads"))!;
  // As the webhook records it right before its call: queued, no sid; then the Worker died.
  await env.DB.prepare(
    "INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('out', 'relay', ?, ?, ?, ?, ?, '[]', 'queued', ?)",
  )
    .bind(lead.id, lead.rep_id, STORE_NUMBER, JANE, "We have it in blue, want me to hold one for you?", T0)
    .run();
  twilio.sent.length = 0;
  // After the restart the Scheduler sets its alarm by D1 (rearm, once per start): the relay
  // is due PENDING_STALE_MS on, before Jane's first step.
  await holdAlarms(scheduler());
  await runInDurableObject(scheduler(), async (instance, state) => {
    await state.storage.deleteAlarm();
    (instance as unknown as { rearmed: unknown }).rearmed = null;
  });
  await scheduler().rearm();
  expect(await scheduler().nextAlarm()).toBe(T0 + PENDING_STALE_MS);
  vi.setSystemTime(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(await row("SELECT status FROM messages WHERE kind = 'relay'")).toEqual({ status: "unknown" });
  expect(twilio.sent.map((s) => [s.to, s.body])).toEqual([
    [SAM, `Beback restarted while sending the text to Jane (recliner) #${lead.id} ("We have it in blue, want me..."): it may not have gone. Check with them before sending it again.`],
  ]);
  // It may have gone, so Jane's first step (due 20 minutes on) waits a day after it.
  expect((await row<{ next_at: number }>("SELECT next_at FROM leads"))!.next_at).toBeGreaterThanOrEqual(T0 + PENDING_STALE_MS + 24 * 60 * 60_000);
  await scheduler().wake(T0 + PENDING_STALE_MS);
  await fireAlarm(scheduler());
  expect(twilio.sent).toHaveLength(1);
});

it("the restart notice goes to the rep who sent the text (a covering rep), not the lead's rep; to the lead's rep once the sender is not active", async () => {
  const KIM = "+16465550122";
  await api("/reps", { method: "POST", body: { name: "Kim Lee", phone: KIM } });
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  const lead = (await row<{ id: number }>("SELECT id FROM leads"))!;
  const kim = (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", KIM))!.id;
  // Kim's text to Sam's customer (Kim covered while Sam was away), with Twilio when the Worker died.
  const orphanRelay = (body: string) =>
    env.DB.prepare("INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('out', 'relay', ?, ?, ?, ?, ?, '[]', 'queued', ?)")
      .bind(lead.id, kim, STORE_NUMBER, JANE, body, Date.now())
      .run();
  const settle = async () => {
    twilio.sent.length = 0;
    vi.setSystemTime(Date.now() + PENDING_STALE_MS);
    await scheduler().wake(Date.now());
    await fireAlarm(scheduler());
    return twilio.sent.map((s) => [s.to, s.body]);
  };
  await orphanRelay("Yes, we deliver there");
  expect(await settle()).toEqual([
    [KIM, `Beback restarted while sending the text to Jane (recliner) #${lead.id} ("Yes, we deliver there"): it may not have gone. Check with them before sending it again.`],
  ]);
  expect((await api(`/reps/${kim}`, { method: "PATCH", body: { active: false } })).status).toBe(200);
  await orphanRelay("See you Saturday");
  expect(await settle()).toEqual([
    [SAM, `Beback restarted while sending the text to Jane (recliner) #${lead.id} ("See you Saturday"): it may not have gone. Check with them before sending it again.`],
  ]);
});

describe("a person's text to a customer that Twilio refused with a 429/5xx", () => {
  async function janeAndSam() {
    await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
    return (await row<{ id: number }>("SELECT id FROM leads"))!.id;
  }
  const relayRow = () => row<{ status: string; retry_at: number | null; has_sid: number }>("SELECT status, retry_at, sid IS NOT NULL AS has_sid FROM messages WHERE kind = 'relay'");
  const toJane = () => twilio.sent.filter((s) => s.to === JANE).map((s) => s.body);
  const toSam = () => twilio.sent.filter((s) => s.to === SAM).map((s) => s.body);

  it("is sent again by the Scheduler a minute on, and the rep hears it went", async () => {
    const id = await janeAndSam();
    twilio.answerNext(twilioError(429, 20429));
    expect(await text({ From: SAM, Body: "@Jane we have it in blue" })).toEqual([`⏳ Twilio is busy (20429): I'll send it to Jane #${id} again in a minute and tell you how it went.`]);
    expect(await relayRow()).toEqual({ status: "queued", retry_at: T0 + 60_000, has_sid: 0 });
    expect(await scheduler().nextAlarm()).toBe(T0 + 60_000);
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([expect.stringMatching(/^we have it in blue/)]);
    expect(await relayRow()).toMatchObject({ status: "queued", has_sid: 1 });
    expect(toSam()).toEqual([`✓ Sent the text to Jane (recliner) #${id} ("we have it in blue") on a later try: Twilio had a problem at first.`]);
    // Sent by a person: the next automatic text waits a day from now, as for any rep's text.
    expect((await row<{ next_at: number }>("SELECT next_at FROM leads"))!.next_at).toBeGreaterThanOrEqual(T0 + 60_000 + 23 * 3_600_000);
    // Once only.
    await scheduler().wake(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toHaveLength(1);
  });

  it("a later text that went first carried the store's name and the opt-out line: the retried one goes without them (docs audit: both had it)", async () => {
    const id = await janeAndSam();
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane we have it in blue" });
    twilio.sent.length = 0;
    await text({ From: SAM, Body: `#${id} want me to hold one for you?` });
    expect(toJane()).toEqual(["want me to hold one for you? - Oak & Pine Furniture. Reply STOP to opt out."]);
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual(["want me to hold one for you? - Oak & Pine Furniture. Reply STOP to opt out.", "we have it in blue"]);
    expect(await rows("SELECT body FROM messages WHERE kind = 'relay' ORDER BY id")).toEqual([{ body: "we have it in blue" }, { body: "want me to hold one for you? - Oak & Pine Furniture. Reply STOP to opt out." }]);
  });

  it("a retried first text keeps the notice when nothing else reached the number", async () => {
    await janeAndSam();
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane we have it in blue" });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual(["we have it in blue - Oak & Pine Furniture. Reply STOP to opt out."]);
  });

  it("gives up after ten minutes of 5xx and tells the rep; a STOP meanwhile cancels it", async () => {
    const id = await janeAndSam();
    twilio.answerNext(...Array.from({ length: 10 }, () => twilioError(503, 20503)));
    await text({ From: SAM, Body: "@Jane see you at 3" });
    twilio.sent.length = 0;
    for (let i = 0; i < 10 && (await relayRow())!.status === "queued"; i++) {
      vi.setSystemTime((await relayRow())!.retry_at!);
      await fireAlarm(scheduler());
    }
    expect(await relayRow()).toMatchObject({ status: "failed", has_sid: 0 });
    // Tried at 1, 2, 4 and 8 minutes, and last at 10, not 16: "see you at 3" is never sent later than that.
    expect(Date.now() - T0).toBe(10 * 60_000);
    expect(toSam()).toEqual([`✗ Couldn't send the text to Jane (recliner) #${id} ("see you at 3"): Twilio kept failing for 10 minutes (20503). Text it again if it still matters.`]);

    // Another, refused once; then Jane texts STOP before its next try.
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane are you still there?" });
    await text({ From: JANE, Body: "STOP" });
    twilio.sent.length = 0;
    const retryAt = (await row<{ retry_at: number }>("SELECT retry_at FROM messages WHERE kind = 'relay' ORDER BY id DESC"))!.retry_at;
    vi.setSystemTime(retryAt);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([]);
    expect(await row("SELECT status FROM messages WHERE kind = 'relay' ORDER BY id DESC")).toEqual({ status: "canceled" });
    expect(toSam()).toContain(`✗ Didn't send the text to Jane (recliner) #${id} ("are you still there?"): they opted out of texts. Beback won't text them again.`);
  });

  it("is not sent once it is late (the Scheduler could not run), nor to a number fixed since; the rep hears why", async () => {
    const id = await janeAndSam();
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane see you in 10" });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 3 * 3_600_000);
    await fireAlarm(scheduler());
    expect(toJane().filter((b) => b.includes("see you in 10"))).toEqual([]); // (the first automatic text went, as due)
    expect(await relayRow()).toMatchObject({ status: "failed" });
    expect(toSam()).toContain(`✗ Didn't send the text to Jane (recliner) #${id} ("see you in 10"): it would be more than 10 minutes late. Text it again if it still matters.`);

    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane one more thing" });
    await text({ From: SAM, Body: `fix #${id} phone 555-0199` });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 3 * 3_600_000 + 60_000);
    await fireAlarm(scheduler());
    expect(twilio.sent.filter((s) => s.to === JANE || s.to === "+12125550199")).toEqual([]);
    expect(toSam()).toEqual([expect.stringMatching(/^✗ Didn't send the text to Jane \(recliner\) #\d+ \("one more thing.*"\): the lead's number changed since\./)]);
  });

  it("is not sent to a number Twilio has since called invalid (21211): the rep hears the number can't get texts", async () => {
    const id = await janeAndSam();
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane we have it in blue" });
    twilio.answerNext(twilioError(400, 21211));
    await text({ From: SAM, Body: "@Jane hello?" });
    expect(await row("SELECT undeliverable FROM leads WHERE id = ?", id)).toEqual({ undeliverable: 1 });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([]);
    expect(await row("SELECT status FROM messages WHERE kind = 'relay' AND body LIKE 'we have it in blue%'")).toEqual({ status: "failed" });
    expect(toSam()).toEqual([`✗ Couldn't send the text to Jane (recliner) #${id} ("we have it in blue"): the number can't get texts. Fix it: fix #${id} phone <number>`]);
  });

  it("waiting for its next try, it is not the number's first text: an automatic text sent meanwhile names the store and how to opt out", async () => {
    await janeAndSam();
    vi.setSystemTime(T0 + 19 * 60_000 + 30_000);
    twilio.answerNext(twilioError(429, 20429));
    await text({ From: SAM, Body: "@Jane it's on hold" });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 20 * 60_000); // the first automatic text's time, before the relay's next try
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([expect.stringMatching(/Reply STOP to opt out\.$/)]);
  });

  it.each([
    [21610, "opted out", { opted_out: 1, undeliverable: 0 }],
    [21211, "can't get texts", { opted_out: 0, undeliverable: 1 }],
  ])("answered %i on its next try: the number or the lead is marked, as a series text's answer would, and the rep hears it", async (code, told, marked) => {
    await janeAndSam();
    twilio.answerNext(twilioError(503, 20503), twilioError(400, code));
    await text({ From: SAM, Body: "@Jane it's in" });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(await relayRow()).toMatchObject({ status: "failed", retry_at: null });
    expect(toSam()).toEqual([expect.stringContaining(told)]);
    expect(await row("SELECT (SELECT COUNT(*) FROM opt_outs) AS opted_out, undeliverable FROM leads")).toEqual(marked);
    // Nothing more goes to Jane: no series text, no third try.
    twilio.sent.length = 0;
    await fireAlarm(scheduler());
    vi.setSystemTime(T0 + 2 * 86_400_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([]);
  });

  it("the owner's text from the page: 202, sent again by the Scheduler", async () => {
    const id = await janeAndSam();
    twilio.answerNext(twilioError(500, 20500));
    const res = await api(`/leads/${id}/messages`, { method: "POST", body: { body: "Your sofa is in" } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: true, note: "Twilio is busy: Beback sends the text again in a minute. Its status shows in the conversation." });
    twilio.sent.length = 0;
    vi.setSystemTime(T0 + 60_000);
    await fireAlarm(scheduler());
    expect(toJane()).toEqual([expect.stringMatching(/^Your sofa is in/)]);
  });
});
