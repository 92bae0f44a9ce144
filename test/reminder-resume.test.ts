// A `later` coming due while quiet hours hold the texts: the reminder says when they resume
// (on the store's clock), not "now"; the step goes then.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { row } from "./helpers/db";
import { apiJson, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const CY = "+12125550100";
const T0 = TEST_EPOCH; // a Monday, 14:00 in New York
const MIN = 60_000;

const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const alarm = () => fireAlarm(env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME)));

describe("the reminder says when texts resume", () => {
  it("quiet hours 22:29–23:32, later until 23:30: texts resume today 11:32pm, and the step goes then", async () => {
    await apiJson("/settings", { method: "PUT", body: { quietHours: { start: "22:29", end: "23:32" } } });
    await say("new Cy 555-0100 sofa");
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    vi.setSystemTime(T0 + MIN);
    expect(await say("later Cy today 11:30pm")).toMatch(/paused until .* 11:30pm\./);
    // The owner's page hears the same: paused until 23:30, the texts resume at 23:32.
    const lead = await apiJson<{ resumeAt: string; resumesAt: string }>(`/leads/${id}`);
    expect([lead.resumeAt, lead.resumesAt]).toEqual([new Date(T0 + 9 * 60 * MIN + 30 * MIN).toISOString(), new Date(T0 + 9 * 60 * MIN + 32 * MIN).toISOString()]);
    vi.setSystemTime(T0 + 9 * 60 * MIN + 30 * MIN); // 23:30
    await alarm();
    const reminder = twilio.sent.find((t) => t.to === SAM && t.body.startsWith("Reminder:"))?.body;
    expect(reminder).toMatch(new RegExp(`Text #${id} and your words to reach them; texts resume today 11:32pm\\.$`));
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(0);
    vi.setSystemTime(T0 + 9 * 60 * MIN + 32 * MIN); // 23:32
    await alarm();
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(1);
  });

  it("outside quiet hours, texts resume now", async () => {
    await say("new Cy 555-0100 sofa");
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    vi.setSystemTime(T0 + MIN);
    await say("later Cy today 6pm");
    vi.setSystemTime(T0 + 4 * 60 * MIN); // 18:00
    await alarm();
    expect(twilio.sent.find((t) => t.to === SAM && t.body.startsWith("Reminder:"))?.body).toMatch(new RegExp(`Text #${id} and your words to reach them; texts resume now\\.$`));
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(1);
  });

  it("a later ending at midnight, in quiet hours, before the next step's own time: the owner's page hears the time the reminder says and the step goes (time audit: 08:00 against 2pm)", async () => {
    // The audit's series: a step a day after the first.
    const steps = ["20m", "1d", "3d", "1w"].map((after, i) => ({ after, body: `Step ${i + 1} for {first_name}` }));
    expect((await apiJson<{ steps: unknown[] }>("/series/beback", { method: "PUT", body: { steps } })).steps).toHaveLength(4);
    await say("new Cy 555-0100 sofa");
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    vi.setSystemTime(T0 + 20 * MIN);
    await alarm(); // the first text
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(1);
    expect(await say("later Cy tomorrow 12am")).toMatch(/paused until Tue .* 12am\./);
    const lead = await apiJson<{ resumeAt: string; resumesAt: string }>(`/leads/${id}`);
    // Paused until Tue 00:00; the 1d step's own time is Tue 14:00, after the quiet hours end.
    expect([lead.resumeAt, lead.resumesAt]).toEqual([new Date(T0 + 10 * 60 * MIN).toISOString(), new Date(T0 + 24 * 60 * MIN).toISOString()]);
    vi.setSystemTime(T0 + 10 * 60 * MIN);
    await alarm();
    expect(twilio.sent.find((t) => t.to === SAM && t.body.startsWith("Reminder:"))?.body).toMatch(/texts resume today 2pm\.$/);
    vi.setSystemTime(T0 + 24 * 60 * MIN - 1);
    await alarm();
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(1);
    vi.setSystemTime(T0 + 24 * 60 * MIN);
    await alarm();
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(2);
  });

  it("a later that resumes the day a step is due: one text that day, the step of this stage at its time, not a missed one now and the next hours later", async () => {
    await apiJson("/settings", { method: "PUT", body: { quietHours: null } });
    await say("new Cy 555-0100 sofa");
    vi.setSystemTime(T0 + MIN);
    expect(await say("later Cy 2 weeks")).toMatch(/paused until/);
    const { resume_at: resumeAt } = (await row<{ resume_at: number }>("SELECT resume_at FROM leads"))!;
    // Everything due in the day after the resume, in order, as the Scheduler's alarm would run it.
    let at = resumeAt;
    while (at < resumeAt + 24 * 60 * MIN) {
      vi.setSystemTime(at);
      await alarm();
      const next = (await row<{ next_at: number | null }>("SELECT next_at FROM leads"))!.next_at;
      if (next === null || next <= at) break;
      at = next;
    }
    expect(twilio.sent.filter((t) => t.to === SAM && t.body.startsWith("Reminder:"))).toHaveLength(1);
    // The 14d step (14:00, four hours after the 10:00 resume) alone: the 7d one it stands in for is skipped.
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(1);
  });
});

describe("the owner corrects the store's time zone", () => {
  it("a later and an away keep the day and time they were named with, in the new zone; the reminder comes then", async () => {
    await say("new Cy 555-0100 sofa");
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    vi.setSystemTime(T0 + MIN);
    expect(await say("later Cy friday 3pm")).toMatch(/paused until Fri .*3pm\./);
    expect(await say("away until friday")).toMatch(/away/i);
    const awayBefore = (await row<{ away_until: number }>("SELECT away_until FROM reps"))!.away_until;
    // New York → Los Angeles: 3pm is three hours later.
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Los_Angeles" } });
    const { resume_at: resumeAt } = (await row<{ resume_at: number }>("SELECT resume_at FROM leads"))!;
    expect(new Date(resumeAt).toLocaleString("en-US", { timeZone: "America/Los_Angeles", weekday: "short", hour: "numeric", minute: "2-digit" })).toBe("Fri 3:00 PM");
    expect((await row<{ away_until: number }>("SELECT away_until FROM reps"))!.away_until).toBe(awayBefore + 3 * 60 * MIN);
    expect((await apiJson<{ resumeAt: string }>(`/leads/${id}`)).resumeAt).toBe(new Date(resumeAt).toISOString());
    // Not at 3pm New York time (noon in Los Angeles), but at 3pm in Los Angeles.
    vi.setSystemTime(resumeAt - 3 * 60 * MIN);
    await alarm();
    expect(twilio.sent.filter((t) => t.to === SAM && t.body.startsWith("Reminder:"))).toHaveLength(0);
    vi.setSystemTime(resumeAt);
    await alarm();
    expect(twilio.sent.filter((t) => t.to === SAM && t.body.startsWith("Reminder:"))).toHaveLength(1);
  });

  it("a zone picked by mistake does not bring a later or an away's end into the past: nothing fires early", async () => {
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Los_Angeles" } });
    await say("new Cy 555-0100 sofa");
    vi.setSystemTime(T0 + MIN); // Monday 11:01 in Los Angeles: Tuesday 04:01 in Tokyo
    expect(await say("later Cy today 6pm")).toMatch(/paused until .*6pm\./);
    expect(await say("away until today 6pm")).toMatch(/away/i);
    const was = (await row<{ resume_at: number; away_until: number }>("SELECT resume_at, (SELECT away_until FROM reps) AS away_until FROM leads"))!;
    // 6pm Monday is past on Tokyo's clock: it stays where it was, not moved to a past instant.
    await apiJson("/settings", { method: "PUT", body: { timezone: "Asia/Tokyo" } });
    expect(await row("SELECT resume_at, (SELECT away_until FROM reps) AS away_until FROM leads")).toEqual(was);
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Los_Angeles" } });
    const after = (await row<{ resume_at: number; away_until: number }>("SELECT resume_at, (SELECT away_until FROM reps) AS away_until FROM leads"))!;
    expect(after.resume_at).toBeGreaterThanOrEqual(was.resume_at);
    expect(after.away_until).toBeGreaterThanOrEqual(was.away_until);
    await alarm();
    expect(twilio.sent.filter((t) => t.to === SAM && t.body.startsWith("Reminder:"))).toHaveLength(0);
  });
});

describe("a customer who writes after a `later` was set (product audit)", () => {
  const DAY = 24 * 60 * MIN;
  it("the reminder still comes at its time, but the texts stay paused: no automatic text the day after a conversation", async () => {
    await say("new Cy 555-0100 sofa");
    const id = (await row<{ id: number }>("SELECT id FROM leads"))!.id;
    vi.setSystemTime(T0 + 30 * MIN);
    await alarm(); // the 20-minute text
    vi.setSystemTime(T0 + DAY);
    expect(await say(`later #${id} 1 week`)).toMatch(/paused until/);
    vi.setSystemTime(T0 + 6 * DAY);
    await text({ From: CY, Body: "Hey, I may come by this weekend" });
    expect(await say("Great, see you then")).toMatch(/^✓ Sent to Cy/);
    const paused = await apiJson<{ status: string; nextAt: string | null; resumeAt: string | null; resumesAt: string | null; laterResumes: boolean }>(`/leads/${id}`);
    expect([paused.status, paused.nextAt, paused.resumesAt, paused.laterResumes]).toEqual(["paused", null, null, false]);
    expect(paused.resumeAt).not.toBeNull();
    const sentToCy = twilio.sent.filter((t) => t.to === CY).length;
    // The `later` comes due (a week after it was set, 10:00): the reminder, and nothing to Cy.
    vi.setSystemTime(Date.parse(paused.resumeAt!));
    await alarm();
    const reminder = twilio.sent.find((t) => t.to === SAM && t.body.startsWith("Reminder:"))?.body;
    expect(reminder).toMatch(new RegExp(`Last to them: "Great, see you then" Text #${id} and your words to reach them\\. They wrote since your later, so texts stay paused \\(later #${id} and a date restarts them\\)\\.$`));
    for (const later of [MIN, DAY, 10 * DAY]) {
      vi.setSystemTime(Date.parse(paused.resumeAt!) + later);
      await alarm();
    }
    expect(twilio.sent.filter((t) => t.to === CY)).toHaveLength(sentToCy);
    expect(await row("SELECT status, next_at, resume_at, later_resumes FROM leads")).toEqual({ status: "paused", next_at: null, resume_at: null, later_resumes: 1 });
    // A new `later` resumes the texts at its end, as any does.
    expect(await say(`later #${id} tomorrow`)).toMatch(/paused until/);
    vi.setSystemTime(Date.parse(paused.resumeAt!) + 12 * DAY);
    await alarm();
    expect(twilio.sent.find((t) => t.to === SAM && t.body.startsWith("Reminder:") && t.body.includes("texts resume"))).toBeDefined();
    expect(twilio.sent.filter((t) => t.to === CY).length).toBe(sentToCy + 1);
  });
});
