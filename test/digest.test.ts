// The rep's morning digest through the Worker's real entry: what "replies waiting" counts,
// and when the digest comes after the owner moves the store's opening (PUT /api/settings).
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { apiJson, deferredSendsSettled, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const T0 = TEST_EPOCH; // a Monday, 14:00 in New York (helpers/clock.ts)
const HOUR = 60 * 60_000;

const setTime = (t: number) => vi.setSystemTime(t);
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const digests = () => twilio.sent.filter((s) => s.to === SAM && /^Good (morning|afternoon|evening)! Today:/.test(s.body)).map((s) => s.body);
/**
 * The runtime's alarm, played up to `until`: each alarm fires at its own time, in order (as
 * workerd would), never one set for later; the clock then stands at `until`.
 */
async function runUntil(until: number): Promise<void> {
  for (let at = await scheduler().nextAlarm(); at !== null && at <= until; at = await scheduler().nextAlarm()) {
    setTime(Math.max(at, Date.now()));
    await fireAlarm(scheduler());
  }
  setTime(until);
}
async function idOf(name: string): Promise<number> {
  const all = await rows<{ id: number; name: string }>("SELECT id, name FROM leads");
  return all.find((l) => l.name === name)!.id;
}

describe("replies waiting", () => {
  it("an opted-out customer (STOP, or in plain words) is not a reply waiting: the rep cannot text them back", async () => {
    await say("new Jane 555-0100 recliner");
    await say("new Carla 555-0105 sofa");
    await say("new Bob 555-0120 lamp");
    await say("new Dee 555-0130 rug");
    await text({ From: "+12125550100", Body: "STOP" });
    await text({ From: "+12125550105", Body: "please stop texting me" });
    await text({ From: "+12125550120", Body: "Is it in grey?" });
    // Wrote again after opting out: still cannot be texted back.
    await text({ From: "+12125550130", Body: "STOP" });
    await text({ From: "+12125550130", Body: "ok but is the rug on sale?" });
    // Opted out, then the rep fixed the lead's number: the STOP from the old number is still no reply waiting (docs audit).
    await say("new Ed 555-0199 desk");
    await text({ From: "+12125550199", Body: "🛑" });
    expect(await say("fix Ed phone 555-0198")).toMatch(/stays opted out/);
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00, the store opens
    await fireAlarm(scheduler());
    expect(digests()).toHaveLength(1);
    expect(digests()[0]).toContain(`1 reply waiting (Bob #${await idOf("Bob")}).`);
  });

  it("a customer who wrote after a `later` was set is a reply waiting (it only reminds now); one whose `later` came after their text is not (fixes audit)", async () => {
    await say("new Cy 555-0100 sofa");
    await say("new Dee 555-0130 rug");
    expect(await say("later Cy thursday")).toMatch(/paused until/);
    await text({ From: "+12125550100", Body: "Can you hold it until Saturday?" });
    await text({ From: "+12125550130", Body: "Is the rug washable?" });
    expect(await say("later Dee friday")).toMatch(/paused until/);
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00, the store opens
    await fireAlarm(scheduler());
    expect(digests()).toHaveLength(1);
    expect(digests()[0]).toContain(`1 reply waiting (Cy #${await idOf("Cy")}).`);
    // Handed over: Cy's question goes to the new rep at once; Dee's waits for her reminder.
    const kim = await apiJson<{ id: number }>("/reps", { method: "POST", body: { name: "Kim Lee", phone: "+16465550122" } });
    const sam = (await apiJson<{ id: number; phone: string }[]>("/reps")).find((r) => r.phone === SAM)!;
    twilio.sent.length = 0;
    expect(await apiJson(`/reps/${sam.id}/handover`, { method: "POST", body: { toRepId: kim.id } })).toEqual({ moved: 2 });
    await deferredSendsSettled();
    expect(twilio.sent.map((t) => [t.to, t.body])).toEqual([
      ["+16465550122", `[Was Sam Rivera's customer, now yours: handed over by the owner] Cy (sofa) #${await idOf("Cy")}: Can you hold it until Saturday?`],
    ]);
  });

  it("a customer who texted first (no series), given a `later`, who then writes again is a reply waiting (fixes audit)", async () => {
    await text({ From: "+12125550177", Body: "Hi do you have the oak table?" });
    const id = await idOf("Customer 0177");
    expect(await say(`#${id} Yes we do`)).toMatch(/^✓ Sent/);
    expect(await say(`later #${id} friday`)).toMatch(/paused until|until/);
    setTime(T0 + HOUR);
    await text({ From: "+12125550177", Body: "Great, can you hold it for me until Saturday?" });
    expect(await apiJson<{ laterResumes: boolean }>(`/leads/${id}`)).toMatchObject({ laterResumes: false });
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00
    await fireAlarm(scheduler());
    expect(digests()[0]).toContain(`1 reply waiting (Customer #${id}).`);
  });

  it("a `later` that ends another way (sold) leaves nothing held back: laterResumes is true again", async () => {
    await say("new Cy 555-0100 sofa");
    await say("later Cy thursday");
    await text({ From: "+12125550100", Body: "Can you hold it until Saturday?" });
    const id = await idOf("Cy");
    expect(await apiJson<{ laterResumes: boolean }>(`/leads/${id}`)).toMatchObject({ laterResumes: false });
    await say(`sold #${id} 900`);
    expect(await apiJson<{ laterResumes: boolean; resumeAt: string | null }>(`/leads/${id}`)).toMatchObject({ laterResumes: true, resumeAt: null });
  });
});

describe("follow-ups going out", () => {
  it("counts the texts a `later` ending today resumes when they go today, not one whose next step is days away (docs audit: said 0, and two went)", async () => {
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } });
    const { steps } = await apiJson<{ steps: { after: string; body: string }[] }>("/series/beback");
    await apiJson("/series/beback", { method: "PUT", body: { steps: [steps[0], steps[1], { ...steps[2]!, after: "7d" }] } });
    await say("new Jane 555-0100 recliner");
    await say("new Al 555-0103 lamp");
    await runUntil(T0 + 30 * 60_000); // Mon 14:30: each had text 1
    // Al answers before text 2; Jane has text 2 (Tue 08:00), then her rep pauses her too.
    await text({ From: "+12125550103", Body: "Does it come in blue?" });
    expect(await say("later Al wednesday 3pm")).toMatch(/^✓/);
    await runUntil(T0 + 19 * HOUR); // Tue 09:00
    expect(await say("later Jane wednesday 3pm")).toMatch(/^✓/);
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    await runUntil(T0 + 42 * HOUR); // Wed 08:00
    // Al's text 2 goes when his `later` ends at 15:00; Jane's text 3 not before next Monday.
    expect(digests()).toEqual([expect.stringContaining("1 follow-up going out. Reminders:")]);
    const resumed = twilio.sent.length;
    await runUntil(T0 + 49 * HOUR + 60_000); // Wed 15:01: the reminders, then what they resume
    expect(twilio.sent.slice(resumed).filter((s) => s.to !== SAM).map((s) => s.to)).toEqual(["+12125550103"]);
  });
});

describe("replies waiting: a series text canceled by the reply itself (follow-up audit)", () => {
  it("a step that was in its slot when the customer wrote, and was canceled for it, is not the store's answer", async () => {
    await say("new Jane 555-0100 recliner");
    const jane = await idOf("Jane");
    await text({ From: "+12125550100", Body: "Is it in grey?" });
    // What the engine leaves when her reply lands while the step waits for its slot: its row, canceled, after her text.
    await env.DB.prepare("INSERT INTO messages (direction, kind, from_number, to_number, body, status, at, lead_id, rep_id, series_key, step_index) VALUES ('out', 'series', '+12125550000', '+12125550100', 'Hi Jane', 'canceled', ?, ?, 1, 'beback', 0)")
      .bind(Date.now() + 500, jane)
      .run();
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00
    await fireAlarm(scheduler());
    expect(digests()[0]).toContain(`1 reply waiting (Jane #${jane}).`);
  });
});

describe("digest on after the store opened today", () => {
  it("says when the first comes, and sends none today: the first is at tomorrow's opening", async () => {
    await say("new Jane 555-0100 recliner"); // the Scheduler runs today for her first text
    expect(await say("digest on")).toBe(`✓ Daily digest on: a summary each morning when the store opens, the first tomorrow 8am. Text "digest off" to stop.`);
    await runUntil(T0 + 6 * HOUR); // Mon 20:00
    expect(digests()).toEqual([]);
    await runUntil(T0 + 18 * HOUR); // Tue 08:00
    expect(digests()).toEqual([expect.stringMatching(/^Good morning! Today:/)]);
  });
});

describe("replies waiting: a customer who texted first", () => {
  it("counts while nobody answered them (the store's courtesy reply is no answer), and not once the rep did", async () => {
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    await text({ From: "+13475550404", Body: "Hello, is the store open Sunday?" });
    const id = await idOf("Customer 0404");
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00
    await fireAlarm(scheduler());
    expect(digests()).toEqual([expect.stringContaining(`1 reply waiting (Customer #${id}).`)]);

    await say(`#${id} Yes, 11 to 5!`);
    twilio.sent.length = 0;
    setTime(T0 + 42 * HOUR); // Wed 08:00
    await fireAlarm(scheduler());
    expect(digests()).toEqual([expect.stringContaining("no replies waiting.")]);
  });
});

describe("after the owner moves the opening", () => {
  // The alarm waits for the old opening (Tue 08:00 New York) when the owner saves.
  async function digestOnAndQuiet() {
    await say("new Jane 555-0100 recliner");
    await text({ From: "+12125550100", Body: "Can you hold it for me?" });
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    await runUntil(T0 + HOUR);
    twilio.sent.length = 0;
  }

  it("earlier (quiet hours end 06:00 instead of 08:00): the Scheduler wakes for the digest at the new opening", async () => {
    await digestOnAndQuiet();
    await apiJson("/settings", { method: "PUT", body: { quietHours: { start: "21:00", end: "06:00" } } });
    await runUntil(T0 + 16 * HOUR); // Tue 06:00, the new opening
    expect(digests()).toEqual([expect.stringContaining(`1 reply waiting (Jane #${await idOf("Jane")}).`)]);
  });

  it("a time zone an hour east (Halifax): the digest comes at 08:00 there, 07:00 in New York", async () => {
    await digestOnAndQuiet();
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Halifax" } });
    await runUntil(T0 + 17 * HOUR - 1);
    expect(digests()).toEqual([]);
    await runUntil(T0 + 17 * HOUR); // Tue 08:00 Halifax
    expect(digests()).toHaveLength(1);
  });

  it("later (a time zone to the west): no digest at the old opening, one at the new", async () => {
    await digestOnAndQuiet();
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Los_Angeles" } });
    await runUntil(T0 + 21 * HOUR - 1); // Tue 08:00 New York has come and gone
    expect(digests()).toEqual([]);
    await runUntil(T0 + 21 * HOUR); // Tue 08:00 Los Angeles
    expect(digests()).toHaveLength(1);
  });

  it("a store moved west across the date line after its digest went: none again that day, the next at the next opening", async () => {
    await apiJson("/settings", { method: "PUT", body: { timezone: "Asia/Tokyo" } });
    await digestOnAndQuiet();
    await runUntil(T0 + 4 * HOUR); // Mon 18:00 New York: Tue 08:00 in Tokyo, its digest goes
    expect(digests()).toHaveLength(1);
    await runUntil(T0 + 4 * HOUR + HOUR / 2);
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/New_York" } }); // Mon 18:30 here
    await runUntil(T0 + 18 * HOUR - 1);
    expect(digests()).toHaveLength(1);
    await runUntil(T0 + 18 * HOUR); // Tue 08:00 New York
    expect(digests()).toHaveLength(2);
  });

  it("later than noon (quiet hours end 13:00): the digest comes at 13:00 and says good afternoon", async () => {
    await digestOnAndQuiet();
    await apiJson("/settings", { method: "PUT", body: { quietHours: { start: "21:00", end: "13:00" } } });
    await runUntil(T0 + 23 * HOUR - 1);
    expect(digests()).toEqual([]);
    await runUntil(T0 + 23 * HOUR); // Tue 13:00 New York
    expect(digests()).toEqual([expect.stringMatching(/^Good afternoon! Today: 1 reply waiting/)]);
  });

  it("moved to before now, on a day without its digest yet: it goes at once", async () => {
    await digestOnAndQuiet();
    await runUntil(T0 + 17 * HOUR); // Tue 07:00: closed until 08:00
    expect(digests()).toEqual([]);
    await apiJson("/settings", { method: "PUT", body: { quietHours: { start: "21:00", end: "06:30" } } });
    await runUntil(T0 + 17 * HOUR);
    expect(digests()).toHaveLength(1);
  });
});
