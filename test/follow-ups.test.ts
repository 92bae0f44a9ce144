// The follow-up engine through its real pieces: rep texts create and change leads, the
// Scheduler's alarm (fired by hand: helpers/clock.ts) sends what is due. Time is moved with a fake
// Date (the Worker and its Durable Object share the test isolate).
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { dbFrom } from "../src/db/client";
import { dueStepLeads } from "../src/db/engine-queries";
import { FollowUpDispatcher } from "../src/series/dispatcher";
import { gridGap } from "../src/series/pacing";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { retryDelayMs } from "../src/twilio/errors";
import { TwilioRestProvider } from "../src/twilio/provider";
import { advanceTo as advanceClockTo, fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { count, row, rows } from "./helpers/db";
import { twilioError } from "./helpers/fake-twilio";
import { api, apiJson, deferredSendsSettled, postTwilio, STORE_NUMBER, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";
import { created } from "./helpers/fake-twilio";

const SAM = "+12125550111";
const JANE = "+12125550100";
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// A Monday, 14:00 in New York (19:00 UTC): the store is open. Never a fixed date (helpers/clock.ts).
const T0 = TEST_EPOCH;

let now = T0;
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));

function setTime(t: number) {
  now = t;
  vi.setSystemTime(t);
}

/** Moves the clock (and `now`) and fires the alarm until nothing more is due at that time. */
async function advanceTo(t: number) {
  now = t;
  await advanceClockTo(t);
}

const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

async function newJane(extra: Parameters<typeof text>[0]["media"] = undefined) {
  await text({ From: SAM, Body: "new Jane Doe 555-0100 recliner", media: extra });
  twilio.sent.length = 0;
  return (await row<{ id: number }>("SELECT id FROM leads ORDER BY id DESC LIMIT 1"))!.id;
}

const toJane = () => twilio.sent.filter((s) => s.to === JANE);

describe("be-back series", () => {
  it("sends seven touches at 20m, 18h, 3d, 7d, 14d, 30d and 90d, each once", async () => {
    const id = await newJane([{ url: "https://api.twilio.com/media/ME1", type: "image/jpeg" }]);
    const lead = await apiJson<{ nextAt: string }>(`/leads/${id}`);
    expect(Date.parse(lead.nextAt)).toBe(T0 + 20 * MIN);

    await advanceTo(T0 + 19 * MIN);
    expect(toJane()).toHaveLength(0);
    await advanceTo(T0 + 20 * MIN);
    const [first] = toJane();
    expect(first).toMatchObject({ from: STORE_NUMBER, mediaUrls: ["https://api.twilio.com/media/ME1"] });
    expect(first!.body).toContain("Oak & Pine Furniture");
    expect(first!.body).toContain("Reply STOP to opt out");
    expect(first!.body).toContain("recliner");
    expect(Number(first!.validityPeriod)).toBeGreaterThan(0);

    // Each a little after the step is due, in the store's daytime.
    for (const at of [18 * HOUR, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 200 * DAY]) await advanceTo(T0 + at + HOUR);
    const bodies = toJane().map((s) => s.body);
    expect(bodies).toHaveLength(7);
    expect(new Set(bodies).size).toBe(7);
    expect(bodies.slice(1).some((b) => b.includes("Reply STOP to opt out"))).toBe(false);
    expect(await count("step_sends", "status = 'sent'")).toBe(7);
    expect((await apiJson<{ nextAt: string | null }>(`/leads/${id}`)).nextAt).toBeNull();
  });

  it.each([
    ["with a photo", [{ url: "https://api.twilio.com/media/ME1", type: "image/jpeg" }], /Here's the recliner you liked!/, ["https://api.twilio.com/media/ME1"]],
    ["without a photo", undefined, /Thanks for coming in to see the recliner!/, []],
  ])("the first text %s says only what is there", async (_what, media, said, mediaUrls) => {
    await newJane(media);
    await advanceTo(T0 + 20 * MIN);
    const [first] = toJane();
    expect(first!.body).toMatch(said);
    expect(first!.mediaUrls).toEqual(mediaUrls);
    if (mediaUrls.length === 0) expect(first!.body).not.toMatch(/here's|photo|pic/i);
  });

  it("an alarm that fires twice for the same step sends it once", async () => {
    await newJane();
    setTime(T0 + 21 * MIN);
    await fireAlarm(scheduler());
    await scheduler().wake(now);
    await fireAlarm(scheduler());
    await fireAlarm(scheduler());
    expect(toJane()).toHaveLength(1);
  });

  it("never texts at night: a step due at 22:00 goes out at 08:00 with a ValidityPeriod before 21:00", async () => {
    setTime(T0 + 7 * HOUR + 50 * MIN); // 21:50 New York
    await newJane();
    await advanceTo(T0 + 8 * HOUR + 30 * MIN);
    expect(toJane()).toHaveLength(0);
    await advanceTo(T0 + 18 * HOUR); // 08:00
    expect(toJane()).toHaveLength(1);
    expect(Number(toJane()[0]!.validityPeriod)).toBeLessThanOrEqual(13 * 3600);
  });

  it("two steps the night held till 08:00 do not go together: the second keeps its spacing after the first", async () => {
    await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "20m", body: "Hi {first_name}, it's {rep}." }, { after: "1h", body: "Still thinking about the {product}?" }] } });
    setTime(T0 + 6 * HOUR + 45 * MIN); // 20:45 New York: both steps fall in the night
    await newJane();
    await advanceTo(T0 + 18 * HOUR); // 08:00
    expect(toJane().map((s) => s.body)).toEqual([expect.stringMatching(/^Hi Jane, it's Sam/)]);
    await advanceTo(T0 + 18 * HOUR + 39 * MIN);
    expect(toJane()).toHaveLength(1);
    await advanceTo(T0 + 18 * HOUR + 41 * MIN); // 40 minutes after the first, as the series spaces them
    expect(toJane().map((s) => s.body)).toEqual([expect.stringMatching(/^Hi Jane/), "Still thinking about the recliner?"]);
  });

  it("quietHours: null sends at night", async () => {
    await apiJson("/settings", { method: "PUT", body: { quietHours: null } });
    setTime(T0 + 10 * HOUR); // midnight
    await newJane();
    await advanceTo(now + 20 * MIN);
    expect(toJane()).toHaveLength(1);
  });
});

describe("what stops or moves a series", () => {
  it("new words the owner saves while a run is sending: the texts after the save go in the new words, each lead's once", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 10, quietHours: null } });
    await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "20m", body: "Old words for {first_name}" }] } });
    for (let i = 0; i < 6; i++) await text({ From: SAM, Body: `new Cy${i} 555-010${i} lamp` });
    // As the run's first text reaches Twilio, the owner saves new words, the time as it was.
    twilio.answerNext(async () => {
      await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "20m", body: "New words for {first_name}" }] } });
      return created();
    });
    await advanceTo(T0 + 20 * MIN);
    const firstTexts = twilio.sent.filter((s) => s.to !== SAM);
    expect(firstTexts.map((s) => s.body.replace(/ — .*$/s, "").replace(/\s*Reply STOP.*$/s, ""))).toEqual([
      expect.stringMatching(/^Old words for Cy\d/),
      ...Array.from({ length: 5 }, () => expect.stringMatching(/^New words for Cy\d/)),
    ]);
    expect(new Set(firstTexts.map((s) => s.to)).size).toBe(6);
  });


  it("a customer's reply pauses it", async () => {
    await newJane();
    await text({ From: JANE, Body: "thanks, still deciding" });
    await advanceTo(T0 + 30 * DAY);
    expect(toJane()).toHaveLength(0);
  });

  it("the rep's own text pushes the next step back by at least a day", async () => {
    await newJane();
    setTime(T0 + 5 * MIN);
    await text({ From: SAM, Body: "@Jane great meeting you!" });
    twilio.sent.length = 0;
    await advanceTo(T0 + 22 * HOUR);
    expect(toJane()).toHaveLength(0);
    await advanceTo(T0 + 5 * MIN + DAY + HOUR);
    expect(toJane()).toHaveLength(1);
  });

  it("sold stops be-back and starts after-sale; lost ends everything", async () => {
    const id = await newJane();
    const [soldAnswer] = await text({ From: SAM, Body: "sold Jane $1,200" });
    expect(soldAnswer).toMatch(/✓ Jane #\d+ sold \(\$1,200\)\. After-sale texts start tomorrow 2pm\./);
    await advanceTo(T0 + 20 * HOUR);
    expect(toJane()).toHaveLength(0);
    await advanceTo(T0 + DAY + 15 * MIN);
    expect(toJane()).toHaveLength(1);
    await text({ From: SAM, Body: `lost #${id}` });
    await advanceTo(T0 + 400 * DAY);
    expect(toJane()).toHaveLength(1);
  });

  it("a customer who wrote in first is greeted \"Hi there\" until the rep names them, then by name", async () => {
    await text({ From: JANE, Body: "Do you still have the grey sectional?" });
    const id = (await row<{ id: number; name: string }>("SELECT id, name FROM leads ORDER BY id DESC LIMIT 1"))!;
    expect(id.name).toBe("Customer 0100");
    twilio.sent.length = 0;
    const [sold] = await text({ From: SAM, Body: `sold #${id.id}` });
    expect(sold).toBe(`✓ Customer #${id.id} sold. After-sale texts start tomorrow 2pm. Name them for the texts: fix #${id.id} name Jane Doe`);
    await advanceTo(T0 + DAY + 15 * MIN);
    expect(toJane().map((s) => s.body)).toEqual([expect.stringMatching(/^Hi there, Sam at /)]);
    await text({ From: SAM, Body: `fix #${id.id} name Jane Doe` });
    await advanceTo(T0 + 400 * DAY);
    expect(toJane().slice(1).every((s) => s.body.startsWith("Hi Jane,"))).toBe(true);
    expect(toJane().length).toBeGreaterThan(1);
  });

  it("later pauses, reminds the rep with notes and the last message, then resumes", async () => {
    const id = await newJane();
    await advanceTo(T0 + 21 * MIN);
    await text({ From: JANE, Body: "Can you check back in two weeks?" });
    await text({ From: SAM, Body: "note Jane anniversary June 3" });
    const [answer] = await text({ From: SAM, Body: "later Jane 2 weeks" });
    expect(answer).toMatch(/paused until/);
    twilio.sent.length = 0;
    await advanceTo(T0 + 13 * DAY);
    expect(twilio.sent).toHaveLength(0);
    await advanceTo(T0 + 15 * DAY);
    const reminder = twilio.sent.find((s) => s.to === SAM);
    expect(reminder?.body).toContain(`#${id}`);
    expect(reminder?.body).toContain("anniversary June 3");
    expect(reminder?.body).toContain("two weeks");
    // Resumed: one step (not every missed one) goes out.
    expect(toJane()).toHaveLength(1);
    expect((await apiJson<{ status: string }>(`/leads/${id}`)).status).toBe("active");
  });
});

describe("Twilio failures", () => {
  it("a 500 is retried with backoff and the step goes out once", async () => {
    await newJane();
    twilio.answerNext(twilioError(500, 20500));
    await advanceTo(T0 + 20 * MIN);
    expect(toJane()).toHaveLength(1);
    // The backoff is on the lead, written with its next_at: the step waits for it, on the same step.
    const backoff = await row<{ not_before: number; next_at: number; series_next_index: number }>("SELECT not_before, next_at, series_next_index FROM leads");
    expect(backoff).toEqual({ not_before: T0 + 20 * MIN + retryDelayMs(1)!, next_at: T0 + 20 * MIN + retryDelayMs(1)!, series_next_index: 0 });
    await advanceTo(T0 + 20 * MIN + 5 * MIN);
    expect(toJane()).toHaveLength(2);
    expect(await rows("SELECT status, attempts FROM step_sends")).toEqual([{ status: "sent", attempts: 2 }]);
    // The try Twilio refused never reached her: the one that did is still her first text
    // from the store, with the store's name and how to opt out.
    expect(toJane()[1]!.body).toMatch(/Oak & Pine Furniture.*Reply STOP to opt out\.$/);
    await advanceTo(T0 + 17 * HOUR);
    expect(toJane()).toHaveLength(2);
  });

  it("21610 opts the number out and tells the rep once", async () => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, 21610));
    await advanceTo(T0 + 20 * MIN);
    expect(await count("opt_outs", "phone = ?", JANE)).toBe(1);
    expect(await apiJson(`/leads/${id}`)).toMatchObject({ status: "optedout", optedOut: true });
    await advanceTo(T0 + 100 * DAY);
    expect(toJane()).toHaveLength(1);
    expect(twilio.sent.filter((s) => s.to === SAM)).toHaveLength(1);
  });

  it.each([21211, 21614])("%i marks the lead undeliverable and tells the rep once", async (code) => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, code));
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 100 * DAY);
    expect(toJane()).toHaveLength(1);
    expect(await row("SELECT undeliverable FROM leads WHERE id = ?", id)).toEqual({ undeliverable: 1 });
    expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([expect.stringContaining("can't get texts")]);
  });

  it("a photo Twilio refuses (21620): the photo is dropped, the step goes again at once in its words without it, and the rep is told once", async () => {
    const id = await newJane([{ url: "https://api.twilio.com/media/ME1", type: "image/jpeg" }]);
    twilio.answerNext(twilioError(400, 21620));
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 21 * MIN);
    expect(toJane().map((s) => s.mediaUrls)).toEqual([["https://api.twilio.com/media/ME1"], []]);
    expect(toJane()[0]!.body).toContain("Here's the recliner");
    expect(toJane()[1]!.body).not.toContain("Here's the recliner");
    expect(await row("SELECT photo_url FROM leads WHERE id = ?", id)).toEqual({ photo_url: null });
    expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([`Twilio refused the photo for Jane Doe (recliner) #${id} (error 21620): their follow-ups go on without it. To show them the product, text it yourself: #${id} and your words.`]);
    // The series goes on: step 2 on schedule, without a photo.
    await advanceTo(T0 + 19 * HOUR);
    expect(toJane()).toHaveLength(3);
  });

  it("a photo the carrier refuses in a delivery report (30019, after Twilio took it): the photo is dropped for the next steps and the rep is told once, with the step the customer missed", async () => {
    const id = await newJane([{ url: "https://api.twilio.com/media/ME1", type: "image/jpeg" }]);
    await advanceTo(T0 + 20 * MIN);
    expect(toJane().map((s) => s.mediaUrls)).toEqual([["https://api.twilio.com/media/ME1"]]);
    const { sid } = (await row<{ sid: string }>("SELECT sid FROM messages WHERE kind = 'series' ORDER BY id DESC LIMIT 1"))!;
    for (let i = 0; i < 2; i++) {
      expect((await postTwilio("/twilio/status", { MessageSid: sid, MessageStatus: "failed", ErrorCode: "30019" })).status).toBe(200);
      await deferredSendsSettled();
    }
    expect(await row("SELECT photo_url FROM leads WHERE id = ?", id)).toEqual({ photo_url: null });
    expect(twilio.sent.filter((s) => s.to === SAM).map((s) => s.body)).toEqual([
      `The carrier refused the photo of follow-up 1 to Jane Doe (recliner) #${id} (error 30019), so that text didn't reach them. Their next follow-ups go without the photo. To send them the words, text #${id} and your words.`,
    ]);
    // Not sent again from the callback; the series goes on: step 2 on schedule, without a photo.
    expect(toJane()).toHaveLength(1);
    await advanceTo(T0 + 19 * HOUR);
    expect(toJane().map((s) => s.mediaUrls)).toEqual([["https://api.twilio.com/media/ME1"], []]);
  });

  it("a sale of a lead whose number can't get texts says so (not that no after-sale texts are set up); fixing the number starts them", async () => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, 21211));
    await advanceTo(T0 + 20 * MIN);
    const answer = async (body: string) => (await text({ From: SAM, Body: body })).join("\n");
    expect(await answer(`sold #${id} $250`)).toBe(`✓ Jane #${id} sold ($250). No after-sale texts: their number can't get texts. Fix it to send them: fix #${id} phone 555-0100`);
    expect(await row("SELECT next_at FROM leads WHERE id = ?", id)).toEqual({ next_at: null });
    expect(await answer(`fix #${id} phone 212-555-0177`)).toMatch(
      /^✓ Jane #\d+ phone is now \(212\) 555-0177\. History kept\. Their after-sale texts start again: the next one goes tomorrow \d+(:\d\d)?[ap]m\.$/,
    );
    expect((await row<{ next_at: number | null }>("SELECT next_at FROM leads WHERE id = ?", id))!.next_at).not.toBeNull();
  });

  it("fixing the number of a lead whose texts stopped (it can't get texts) says they start again, and when", async () => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, 21211));
    await advanceTo(T0 + 20 * MIN);
    const answer = async (body: string) => (await text({ From: SAM, Body: body })).join("\n");
    // The number the carrier refused, again: it stays refused.
    expect(await answer(`fix #${id} phone 212-555-0100`)).toBe(`Jane #${id}'s phone is already (212) 555-0100. Nothing changed. It can't get texts: fix it with another number.`);
    expect(await answer(`fix #${id} phone 212-555-0177`)).toMatch(
      /^✓ Jane #\d+ phone is now \(212\) 555-0177\. History kept\. Their texts start again: the next one goes (today|tomorrow|\w{3}) \d+(:\d\d)?[ap]m\.$/,
    );
    // The number it has already: said, and nothing changes.
    expect(await answer(`fix #${id} phone 212-555-0177`)).toBe(`Jane #${id}'s phone is already (212) 555-0177. Nothing changed.`);
    // A second fix (the number is good now) says nothing of a restart.
    expect(await answer(`fix #${id} phone 212-555-0178`)).toBe(`✓ Jane #${id} phone is now (212) 555-0178. History kept.`);
  });
});

describe("the next text's time, as a rep is told it, is when it really goes", () => {
  it("a number fixed at night, its step overdue: the answer, `list` and the API say tomorrow when quiet hours end, and it goes then (time audit: it said Monday 2:20pm)", async () => {
    const id = await newJane();
    twilio.answerNext(twilioError(400, 21211));
    await advanceTo(T0 + 20 * MIN);
    // Tuesday 22:30 New York, inside quiet hours (21:00–08:00); step 2 (18h) was due Tuesday 08:00.
    await advanceTo(T0 + 32 * HOUR + 30 * MIN);
    const answer = async (body: string) => (await text({ From: SAM, Body: body })).join("\n");
    expect(await answer(`fix #${id} phone 212-555-0177`)).toBe(`✓ Jane #${id} phone is now (212) 555-0177. History kept. Their texts start again: the next one goes tomorrow 8am.`);
    const wednesday8 = T0 + 42 * HOUR;
    expect(await row("SELECT next_at FROM leads WHERE id = ?", id)).toEqual({ next_at: wednesday8 });
    expect(await answer(`list #${id}`)).toContain("next tomorrow 8am");
    const sends = twilio.sent.length;
    await advanceTo(wednesday8 - MIN);
    expect(twilio.sent.length).toBe(sends);
    await advanceTo(wednesday8);
    expect(twilio.sent.slice(sends).map((s) => s.to)).toEqual(["+12125550177"]);
  });
});

describe("a step Twilio refuses for good (the store's set-up)", () => {
  it("21608 (a trial account's unverified number): the step is skipped, the next goes on schedule, and the Worker's log says so, without the customer's number", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const id = await newJane();
      twilio.answerNext(twilioError(400, 21608));
      await advanceTo(T0 + 20 * MIN);
      const lines = logged.mock.calls.map((args) => args.join(" "));
      expect(lines).toEqual([`beback: follow-up refused by Twilio {"leadId":${id},"errorCode":"21608"}`]);
      expect(lines.join(" ")).not.toContain(JANE.slice(2));
      // No notice to the rep: it would go from the same number, and fail the same way (the owner's Results show it).
      expect(twilio.sent.filter((s) => s.to === SAM)).toEqual([]);
      await advanceTo(T0 + 19 * HOUR);
      expect(toJane()).toHaveLength(2);
    } finally {
      logged.mockRestore();
    }
  });

  it("21408 (the account may not text that country), or a refusal with no reason known: the rep is told, with the reason, and the next step goes on schedule (contract audit)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const id = await newJane();
    twilio.answerNext(twilioError(400, 21408));
    await advanceTo(T0 + 20 * MIN);
    const notices = () => twilio.sent.filter((s) => s.to === SAM).map((s) => s.body);
    expect(notices()).toEqual([
      `Twilio refused an automatic text to Jane Doe (recliner) #${id}: the store's Twilio account isn't set to text that country (Twilio's SMS geo permissions) (21408). Text them yourself: #${id} and your words.`,
    ]);
    expect(await row("SELECT status, error_code FROM messages WHERE kind = 'series'")).toEqual({ status: "failed", error_code: "21408" });
    twilio.answerNext(twilioError(400, 21999));
    await advanceTo(T0 + 19 * HOUR);
    expect(notices().at(-1)).toBe(`Twilio refused an automatic text to Jane Doe (recliner) #${id} (21999). Text them yourself: #${id} and your words.`);
    await advanceTo(T0 + 3 * 24 * HOUR + HOUR);
    expect(toJane()).toHaveLength(3);
    expect(notices()).toHaveLength(2);
  });
});

describe("crashes and timeouts", () => {
  it("a run that died before calling Twilio left a claim: a later run sends the step, once", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    await env.DB.prepare("INSERT INTO step_sends (lead_id, series_key, step_index, status, attempts, claimed_at) VALUES (?, 'beback', 0, 'claimed', 1, ?)").bind(id, now).run();
    await fireAlarm(scheduler());
    expect(toJane()).toHaveLength(0); // the claim is fresh: maybe another run is sending
    await advanceTo(T0 + 22 * MIN);
    expect(toJane()).toHaveLength(1);
    expect(await rows("SELECT status FROM step_sends")).toEqual([{ status: "sent" }]);
  });

  /** The state a run leaves when it dies with the step claimed and its message row recorded; `called`: past its last word. */
  async function diedWithRowRecorded(id: number, called: boolean): Promise<number> {
    const message = await env.DB.prepare(
      "INSERT INTO messages (direction, kind, lead_id, from_number, to_number, body, status, at, series_key, step_index) VALUES ('out', 'series', ?, ?, ?, 'hi', 'queued', ?, 'beback', 0) RETURNING id",
    ).bind(id, STORE_NUMBER, JANE, now).first<{ id: number }>();
    await env.DB.prepare("INSERT INTO step_sends (lead_id, series_key, step_index, status, attempts, message_id, claimed_at, called_at) VALUES (?, 'beback', 0, 'claimed', 1, ?, ?, ?)")
      .bind(id, message!.id, now, called ? now : null)
      .run();
    return message!.id;
  }

  it("a run that died during the Twilio call: the step and its row are marked unknown and not sent again", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    const message = await diedWithRowRecorded(id, true);
    await advanceTo(T0 + 30 * MIN);
    expect(toJane()).toHaveLength(0);
    expect(await rows("SELECT status FROM step_sends")).toEqual([{ status: "unknown" }]);
    expect(await row("SELECT status FROM messages WHERE id = ?", message)).toEqual({ status: "unknown" });
    // The series goes on with the next step.
    await advanceTo(T0 + 19 * HOUR);
    expect(toJane()).toHaveLength(1);
  });

  it("a run that died waiting for its pacing slot (row recorded, Twilio never called): a later run sends the step once, with the first-contact notice", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    const message = await diedWithRowRecorded(id, false);
    await fireAlarm(scheduler());
    expect(toJane()).toHaveLength(0); // the claim is fresh: maybe another run is sending
    await advanceTo(T0 + 22 * MIN);
    expect(toJane()).toHaveLength(1);
    expect(toJane()[0]!.body).toMatch(/Oak & Pine Furniture.*Reply STOP to opt out\.$/);
    expect(await rows("SELECT status, called_at IS NOT NULL AS called FROM step_sends")).toEqual([{ status: "sent", called: 1 }]);
    // The row that never left is canceled: not a text the customer got.
    expect(await row("SELECT status FROM messages WHERE id = ?", message)).toEqual({ status: "canceled" });
    await advanceTo(T0 + 60 * MIN);
    expect(toJane()).toHaveLength(1);
  });

  it("a 201 whose body cannot be read is unknown, not retried (Twilio took it)", async () => {
    await newJane();
    twilio.answerNext(() => new Response("<html>upstream cut off", { status: 201, headers: { "content-type": "text/html" } }));
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 60 * MIN);
    expect(toJane()).toHaveLength(1);
    expect(await rows("SELECT status FROM step_sends")).toEqual([{ status: "unknown" }]);
    expect(await rows("SELECT status FROM messages WHERE kind = 'series'")).toEqual([{ status: "unknown" }]);
  });

  it("a send that times out is not retried (Twilio may have taken it)", async () => {
    await newJane();
    twilio.answerNext(() => {
      throw new TypeError("network connection lost");
    });
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 60 * MIN);
    expect(toJane()).toHaveLength(1);
    expect(await rows("SELECT status FROM step_sends")).toEqual([{ status: "unknown" }]);
    expect(await rows("SELECT status FROM messages WHERE kind = 'series'")).toEqual([{ status: "unknown" }]);
    // It may not have gone: the next text still says whose number this is and how to opt out.
    await advanceTo(T0 + 18 * HOUR);
    expect(toJane()).toHaveLength(2);
    expect(toJane()[1]!.body).toMatch(/Oak & Pine Furniture.*Reply STOP to opt out\.$/);
  });

  it("the step after one Twilio did not confirm keeps its spacing after it (it may have gone): never two at once", async () => {
    await newJane();
    await advanceTo(T0 + 10 * MIN);
    // The owner's edit makes the first step overdue, the second due a minute on (ten after the first in the series).
    await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "1m", body: "Hi {first_name}" }, { after: "11m", body: "Still thinking, {first_name}?" }] } });
    twilio.answerNext(() => {
      throw new TypeError("network connection lost");
    });
    await advanceTo(T0 + 10 * MIN + 30_000);
    expect(toJane()).toHaveLength(1);
    // Not a minute later: ten minutes after the first went to Twilio, as after a sent one.
    await advanceTo(T0 + 19 * MIN);
    expect(toJane()).toHaveLength(1);
    await advanceTo(T0 + 21 * MIN);
    expect(toJane()).toHaveLength(2);
  });
});

describe("owner-edited series", () => {
  it("new words and timing apply to leads already waiting", async () => {
    const id = await newJane();
    const steps = [{ after: "1h", body: "Hi {first_name}, {rep} here about the {product}. {store}", photo: false }, { after: "2d", body: "Still thinking, {name}?" }];
    await apiJson("/series/beback", { method: "PUT", body: { steps } });
    expect((await apiJson<{ nextAt: string }>(`/leads/${id}`)).nextAt).toBe(new Date(T0 + HOUR).toISOString());
    await advanceTo(T0 + HOUR);
    expect(toJane().map((s) => s.body)).toEqual(["Hi Jane, Sam here about the recliner. Oak & Pine Furniture. Reply STOP to opt out."]);
  });

  it("a name the rep typed in lower case reaches the customer capitalized", async () => {
    await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "1h", body: "Hi {first_name} ({name})" }] } });
    await text({ From: SAM, Body: "new mary ann 555-0100 recliner" });
    twilio.sent.length = 0;
    await advanceTo(T0 + HOUR);
    expect(toJane().map((s) => s.body)).toEqual(["Hi Mary (Mary Ann) - Oak & Pine Furniture. Reply STOP to opt out."]);
  });

  it("a first text too long for the notice is cut before it: the store's name and the opt-out line always go", async () => {
    // 1,597 characters of words: within the owner's 1,600, with no room for the notice once the placeholders are filled.
    await apiJson("/series/beback", { method: "PUT", body: { steps: [{ after: "1h", body: `Hi {first_name}, {product} ${"z".repeat(1570)}` }] } });
    await newJane();
    await advanceTo(T0 + HOUR);
    const [sent] = toJane();
    expect(sent!.body.length).toBeLessThanOrEqual(1600);
    expect(sent!.body).toMatch(/^Hi Jane, recliner z+\.\.\. - Oak & Pine Furniture\. Reply STOP to opt out\.$/);
  });

  type Step = { after: string; body: string; photo?: boolean; bodyWithPhoto?: string };
  const beback = async () => (await apiJson<{ steps: Step[] }>("/series/beback")).steps;
  const saveBeback = (steps: Step[]) => apiJson("/series/beback", { method: "PUT", body: { steps } });
  const statsSent = async () => (await apiJson<{ beback: { after: string; sent: number }[] }>("/stats")).beback.map((s) => `${s.after}:${s.sent}`);
  const seriesTexts = async (id: number) => (await apiJson<{ messages: { kind: string; step: number | null }[] }>(`/leads/${id}`)).messages.filter((m) => m.kind === "series");
  const nextAt = async (id: number) => (await apiJson<{ nextAt: string }>(`/leads/${id}`)).nextAt;
  // The default steps' own words, as Jane gets them.
  const STEP_18H = "Hi Jane, Sam here. Any questions about the recliner";
  const STEP_3D = "Hi Jane, Sam at Oak & Pine Furniture. Want me to send a few options";

  it("a step inserted before the ones a customer got is behind her: nothing is sent twice, and the results stay with their step", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 18 * HOUR);
    expect(toJane().map((s) => s.body)[1]).toContain(STEP_18H);
    await saveBeback([{ after: "5m", body: "Hello {first_name}" }, ...(await beback())]);
    // Not the 18h step again (third in the list now): the 3d step, at its time.
    expect(await nextAt(id)).toBe(new Date(T0 + 3 * DAY).toISOString());
    await advanceTo(T0 + 3 * DAY);
    expect(toJane()).toHaveLength(3);
    expect(toJane()[2]!.body).toContain(STEP_3D);
    expect((await statsSent()).slice(0, 4)).toEqual(["5m:0", "20m:1", "18h:1", "3d:1"]);
    expect((await seriesTexts(id)).map((m) => m.step)).toEqual([1, 2, 3]);
  });

  it("the first step removed: a customer who had it goes on with the second, at its time", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await saveBeback((await beback()).slice(1));
    expect(await nextAt(id)).toBe(new Date(T0 + 18 * HOUR).toISOString());
    await advanceTo(T0 + 18 * HOUR);
    expect(toJane()).toHaveLength(2);
    expect(toJane()[1]!.body).toContain(STEP_18H);
    // The removed step's text counts for no step now.
    expect((await statsSent()).slice(0, 2)).toEqual(["18h:1", "3d:0"]);
    expect((await seriesTexts(id)).map((m) => m.step)).toEqual([null, 0]);
  });

  it.each([
    ["a step inserted first", (steps: Step[]) => [{ after: "5m", body: "Hello {first_name}" }, ...steps]],
    ["the step in the call removed", (steps: Step[]) => steps.slice(1)],
    ["the next step moved a day on (nothing moves)", (steps: Step[]) => [steps[0]!, { ...steps[1]!, after: "42h" }, ...steps.slice(2)]],
  ])("%s while Jane's first step is in its Twilio call: she gets the 18h step next, once, at its new time", async (name, edit) => {
    const id = await newJane();
    const steps = await beback();
    twilio.answerNext(async () => {
      await saveBeback(edit(steps));
      return created();
    });
    await advanceTo(T0 + 20 * MIN);
    expect(toJane()).toHaveLength(1);
    const due = T0 + (name.includes("a day on") ? 42 : 18) * HOUR;
    expect(await nextAt(id)).toBe(new Date(due).toISOString());
    await advanceTo(due);
    expect(toJane()).toHaveLength(2);
    expect(toJane()[1]!.body).toContain(STEP_18H);
  });

  it.each([
    [{ steps: [{ after: "20m", body: "Hi {firstname}" }] }, "steps.0.body"],
    [{ steps: [{ after: "soon", body: "Hi" }] }, "steps.0.after"],
    [{ steps: [{ after: "2d", body: "b" }, { after: "1d", body: "a" }] }, "steps"],
    [{ steps: [{ after: "1d", body: "" }] }, "steps.0.body"],
    [{ steps: "none" }, "steps"],
  ])("refuses %j with a 400 at %s", async (body, path) => {
    const res = await api("/series/beback", { method: "PUT", body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { issues: { path: string }[] };
    expect(json.issues.map((i) => i.path)).toContain(path);
    expect((await apiJson<{ steps: unknown[] }>("/series/beback")).steps).toHaveLength(7);
  });
});

describe("the dispatcher, driven directly", () => {
  function dispatcher(sleep: (ms: number) => Promise<void>, lastSlot: number | null = null) {
    const d = new FollowUpDispatcher({
      db: dbFrom(env.DB),
      provider: new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null),
      now: () => now,
      sleep,
      lastSlot,
    });
    return d.load();
  }

  it("STOP arriving between the claim and the send: nothing is sent", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    // The last send was just now, so this step waits for its slot: the STOP lands meanwhile.
    const d = await dispatcher(async (ms) => {
      setTime(now + ms);
      await text({ From: JANE, Body: "STOP" });
    }, now);
    expect(await d.sendStep(id)).toBe("ineligible");
    expect(toJane()).toHaveLength(0);
    expect(await count("step_sends")).toBe(0);
  });

  it("STOP landing during a short wait for the slot (under the old 250 ms re-check): nothing is sent", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    // At 1 text a second, the last send 800 ms ago: this step waits 200 ms for its slot.
    let stops = 0;
    const d = await dispatcher(async (ms) => {
      if (stops++ === 0) await text({ From: JANE, Body: "STOP" });
      setTime(now + ms);
    }, now - 800);
    expect(await d.sendStep(id)).toBe("ineligible");
    expect(toJane()).toHaveLength(0);
    expect(await count("step_sends")).toBe(0);
    expect(await rows("SELECT status FROM messages WHERE kind = 'series'")).toEqual([{ status: "canceled" }]);
  });

  it("a reply landing while the step waits for its slot: the step stands aside, its claim given back", async () => {
    const id = await newJane();
    setTime(T0 + 20 * MIN);
    let replies = 0;
    const d = await dispatcher(async (ms) => {
      if (replies++ === 0) await text({ From: JANE, Body: "Is it in stock?" });
      setTime(now + ms);
    }, now - 800);
    expect(await d.sendStep(id)).toBe("ineligible");
    expect(toJane()).toHaveLength(0);
    expect(await count("step_sends")).toBe(0);
  });

  it("a lead handed over and its rep removed after the run read it due: the step goes now, in the new rep's name (races audit: an hour late, nobody told)", async () => {
    const id = await newJane();
    const lee = await apiJson<{ id: number }>("/reps", { method: "POST", body: { name: "Lee Park", phone: "+12125550133" } });
    setTime(T0 + 20 * MIN);
    const d = await dispatcher(async (ms) => setTime(now + ms));
    const due = await dueStepLeads(dbFrom(env.DB), now, 10);
    expect(due.map((l) => l.id)).toEqual([id]);
    const sam = (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", SAM))!.id;
    await apiJson(`/reps/${sam}/handover`, { method: "POST", body: { toRepId: lee.id } });
    expect((await api(`/reps/${sam}`, { method: "DELETE" })).status).toBe(204);
    await d.sendSteps(due);
    expect(toJane().map((s) => s.body)).toEqual([expect.stringContaining("Lee")]);
    expect(await row("SELECT rep_id, series_next_index FROM leads WHERE id = ?", id)).toEqual({ rep_id: lee.id, series_next_index: 1 });
  });

  it("twenty leads due at the same second leave at the pacing rate, none dropped", { timeout: 30_000 }, async () => {
    for (let i = 0; i < 20; i++) await text({ From: SAM, Body: `new Guest${i} 555-02${String(i).padStart(2, "0")} sofa` });
    twilio.sent.length = 0;
    setTime(T0 + 20 * MIN);
    // Time moves when a timer would fire (a macrotask later), as real sleeps do.
    const d = await dispatcher((ms) => {
      const target = now + ms;
      return new Promise((resolve) => setTimeout(() => resolve(setTime(Math.max(now, target))), 0));
    });
    await d.run();
    expect(twilio.sent).toHaveLength(20);
    const slots = twilio.sent.map((s) => s.at);
    const gaps = slots.slice(1).map((t, i) => t - slots[i]!);
    expect(gaps.every((g) => g >= 1000)).toBe(true);
    // One a second, on the grid 2 % under the rate (1,020.4 ms apart; each slot the whole ms at or after its place).
    expect(slots.at(-1)! - slots[0]!).toBe(Math.ceil(19 * gridGap(1)));
  });
});

describe("stats", () => {
  it("GET /api/stats counts sends, replies and sales per step", async () => {
    await newJane();
    await advanceTo(T0 + 20 * MIN);
    await text({ From: JANE, Body: "Does it recline fully?" });
    await text({ From: SAM, Body: "sold jane" });
    const stats = await apiJson<{ beback: { step: number; after: string; sent: number; replied: number; sold: number }[]; aftersale: unknown[] }>("/stats");
    // The fields the contract names, and the page's (delivered, amountCents).
    expect(stats.beback[0]).toEqual({ step: 0, after: "20m", sent: 1, delivered: 0, replied: 1, sold: 1, amountCents: 0 });
    expect(stats.beback[1]).toEqual({ step: 1, after: "18h", sent: 0, delivered: 0, replied: 0, sold: 0, amountCents: 0 });
    expect(stats.aftersale).toHaveLength(5);
  });

  it("a rep handed over and removed: their leads and sales stay in the store's results, as former reps'", async () => {
    const kim = (await apiJson<{ id: number }>("/reps", { method: "POST", body: { name: "Kim Lee", phone: "+16465550122" } })).id;
    await text({ From: "+16465550122", Body: "new Ann 555-0130 sofa" });
    await text({ From: "+16465550122", Body: "sold Ann $1,200" });
    const sam = (await apiJson<{ id: number; name: string }[]>("/reps")).find((r) => r.name === "Sam Rivera")!.id;
    await apiJson(`/reps/${kim}/handover`, { method: "POST", body: { toRepId: sam } });
    expect((await api(`/reps/${kim}`, { method: "DELETE" })).status).toBe(204);
    const { reps } = await apiJson<{ reps: { repId: number | null; name: string; leads: number; sold: number; amountCents: number }[] }>("/stats");
    expect(reps.map(({ repId, name, leads, sold, amountCents }) => ({ repId, name, leads, sold, amountCents }))).toEqual([
      { repId: sam, name: "Sam Rivera", leads: 0, sold: 0, amountCents: 0 },
      { repId: null, name: "Former reps", leads: 1, sold: 1, amountCents: 120_000 },
    ]);
  });
});

describe("nextAt", () => {
  it("GET /api/leads shows nextAt for leads with a pending step and null otherwise", async () => {
    await newJane();
    await text({ From: SAM, Body: "new Bob 555-0101 sofa" });
    await text({ From: SAM, Body: "lost Bob" });
    const list = await apiJson<{ name: string; nextAt: string | null }[]>("/leads");
    expect(list.find((l) => l.name === "Jane Doe")?.nextAt).toBe(new Date(T0 + 20 * MIN).toISOString());
    expect(list.find((l) => l.name === "Bob")?.nextAt).toBeNull();
  });
});
