// Every event a lead's series state can go through, as a table: the patch it writes and the
// next_at it schedules — and the rule every event shares: an opted-out number gets nothing.
import { describe, expect, it } from "vitest";
import type { StoreSettings } from "../db/settings-queries";
import type { Lead } from "../db/schema";
import { DEFAULT_SERIES } from "./default-series";
import { nextStepFor, progressPatch, REP_TEXT_PUSHBACK_MS, stopTransition, transition, wakeTime, type LeadEvent, type ProgressPatch, type StepProgress, type StopEvent, type TransitionContext } from "./lead-transitions";

const MIN = 60_000;
const HOUR = 60 * MIN;
// Monday 2028-11-27 14:00 in New York (19:00 UTC).
const T0 = Date.UTC(2028, 10, 27, 19);
const settings: StoreSettings = {
  storeName: "Oak & Pine",
  storeNumber: "+12125550000",
  timezone: "America/New_York",
  quietHours: { start: "21:00", end: "08:00" },
  sendRatePerSecond: 1,
  defaultCountry: "US",
  pricePerSegment: 0.0083,
};
const JANE = "+12125550100";
const lead: Lead = {
  id: 12,
  name: "Jane",
  phone: JANE,
  product: "recliner",
  status: "active",
  repId: 1,
  repSince: null,
  addedByRepId: 1,
  soldByRepId: null,
  coverRepId: null,
  photoUrl: null,
  notes: "",
  undeliverable: false,
  source: "rep",
  createdAt: T0,
  updatedAt: T0,
  lastContactAt: T0,
  amountCents: null,
  seriesKey: "beback",
  seriesStartedAt: T0,
  seriesPaused: false,
  seriesNextIndex: 0,
  nextAt: T0 + 20 * MIN,
  resumeAt: null,
  laterResumes: true,
  notBefore: null,
  nameKey: "jane",
  firstKey: "jane",
  productKey: "recliner",
};
const ctx = (now: number, optedOut: string[] = []): TransitionContext => ({ now, settings, series: DEFAULT_SERIES, optedOut: (p) => optedOut.includes(p) });

const NOW = T0 + HOUR; // 15:00
const DAY_MS = 24 * HOUR;
const TUE_8 = Date.UTC(2028, 10, 28, 13); // Tuesday 08:00 New York: the end of quiet hours

describe("transition: (lead, event, now) → patch with next_at", () => {
  it.each<[string, Partial<Lead>, LeadEvent, Partial<Lead>]>([
    ["start be-back: first step 20 min after now", {}, { kind: "start", series: "beback" }, { seriesKey: "beback", seriesStartedAt: NOW, seriesNextIndex: 0, seriesPaused: false, nextAt: NOW + 20 * MIN }],
    ["sold: after-sale starts, its first step the next day", {}, { kind: "sold", amountCents: 90_000 }, { status: "sold", amountCents: 90_000, seriesKey: "aftersale", seriesStartedAt: NOW, nextAt: NOW + 24 * HOUR }],
    ["sold without an amount keeps one given before", { amountCents: 5_000 }, { kind: "sold", amountCents: null }, { status: "sold", amountCents: 5_000 }],
    ["lost: nothing pending", {}, { kind: "end", status: "lost" }, { status: "lost", seriesPaused: true, nextAt: null }],
    ["the owner's end: the lead keeps its status", {}, { kind: "end" }, { status: "active", seriesPaused: true, nextAt: null }],
    ["later: paused until the day, the rep reminded then", {}, { kind: "pause", until: NOW + 48 * HOUR }, { status: "paused", seriesPaused: true, resumeAt: NOW + 48 * HOUR, nextAt: null }],
    ["later on a sold lead: it stays sold", { status: "sold", seriesKey: "aftersale" }, { kind: "pause", until: NOW + HOUR }, { status: "sold", seriesPaused: true }],
    ["resume: only the latest missed step is kept", { status: "paused", seriesPaused: true, seriesStartedAt: T0 - 4 * 24 * HOUR }, { kind: "resume" }, { status: "active", seriesPaused: false, resumeAt: null, seriesNextIndex: 2, nextAt: NOW }], // overdue (due T0 - 24 h): goes at once, and says so
    ["the rep texted: the next step waits a day, and the lead had contact now", {}, { kind: "rep-texted" }, { notBefore: NOW + REP_TEXT_PUSHBACK_MS, nextAt: NOW + REP_TEXT_PUSHBACK_MS, lastContactAt: NOW }],
    ["the customer replied: the series steps aside, an active lead paused", {}, { kind: "reply" }, { status: "paused", seriesPaused: true, nextAt: null, lastContactAt: NOW }],
    ["a reply to the after-sale series: the lead stays sold", { status: "sold", seriesKey: "aftersale" }, { kind: "reply" }, { status: "sold", seriesPaused: true, nextAt: null }],
    ["a reply from a lead that texted first (no series): it stays active, nothing to step aside from", { seriesKey: null, seriesStartedAt: null, source: "inbound" }, { kind: "reply" }, { status: "active", seriesPaused: false, nextAt: null, lastContactAt: NOW }],
    ["a reply while a `later` waits: the rep is still reminded", { status: "paused", seriesPaused: true, nextAt: null, resumeAt: NOW + HOUR }, { kind: "reply" }, { status: "paused", resumeAt: NOW + HOUR, nextAt: null }],
    ["opt-out: nothing pending, no `later`, an active lead paused", { resumeAt: NOW + HOUR }, { kind: "opt-out" }, { status: "paused", seriesPaused: true, resumeAt: null, nextAt: null }],
    ["opt-out of a lost lead: it stays lost", { status: "lost", seriesPaused: true, nextAt: null }, { kind: "opt-out" }, { status: "lost", nextAt: null }],
    ["undeliverable: no more texts, the status stays", {}, { kind: "undeliverable" }, { status: "active", undeliverable: true, seriesPaused: false, nextAt: null }],
    ["fix phone: a new number may be texted again", { undeliverable: true, nextAt: null }, { kind: "edit", fields: { phone: "+12125550109" } }, { phone: "+12125550109", undeliverable: false, nextAt: NOW }], // its step overdue: now
    ["note: the schedule stays (its step overdue: now)", {}, { kind: "edit", fields: { notes: "likes blue" } }, { notes: "likes blue", nextAt: NOW }],
    ["note: a step still ahead keeps its time", { seriesNextIndex: 1 }, { kind: "edit", fields: { notes: "likes blue" } }, { notes: "likes blue", nextAt: T0 + 18 * HOUR }],
    ["undo: the snapshot back, next_at from it", { status: "lost", seriesPaused: true, nextAt: null }, { kind: "restore", before: { ...lead, status: "active" } }, { status: "active", seriesPaused: false, nextAt: NOW }],
    ["undo of a snapshot that says optedout (before migration 0003): paused", {}, { kind: "restore", before: { ...lead, status: "optedout" as Lead["status"] } }, { status: "paused" }],
    ["reschedule: a step due inside quiet hours moves to the morning", { seriesStartedAt: T0 + 6 * HOUR + 50 * MIN }, { kind: "reschedule" }, { nextAt: TUE_8 }],
    // The simulator's "send the next follow-ups now": the series moves back by the step's own delay.
    ["due now: the next step (18h) goes now, and the push-back of a rep's text is gone", { seriesNextIndex: 1, notBefore: NOW + REP_TEXT_PUSHBACK_MS }, { kind: "due-now" }, { seriesStartedAt: NOW - 18 * HOUR, notBefore: null, nextAt: NOW }],
    ["due now: a step due already but pushed back by a day goes now; the series does not move, so the step after it is not due too", { notBefore: NOW + REP_TEXT_PUSHBACK_MS }, { kind: "due-now" }, { seriesStartedAt: T0, notBefore: null, nextAt: NOW }],
  ])("%s", (_name, given, event, expected) => {
    const before = { ...lead, ...given };
    const patch = transition(before, event, ctx(NOW));
    expect({ ...before, ...patch }).toMatchObject({ ...expected, updatedAt: NOW });
  });

  it.each([
    // Day steps once kept the start's hour and minute, not its seconds: moved back by exactly
    // the wait, a start at :30 past the minute landed the step 4 s in the future.
    ["a series started part-way into a minute", T0 + 30_000, T0 + 2 * 24 * HOUR + 56_000],
    // Started Sunday 5 November 2028 14:00 EST, the day the clocks went back: moved back a
    // day, the start is Saturday 15:00 EDT, and its 3d step an hour after now.
    ["a wait across the end of daylight saving time", Date.UTC(2028, 10, 5, 19), Date.UTC(2028, 10, 7, 19)],
  ])("due now: the 3d step of %s is due now, to the millisecond", (_name, seriesStartedAt, now) => {
    const before = { ...lead, seriesStartedAt, seriesNextIndex: 2 };
    expect(nextStepFor(before, DEFAULT_SERIES.beback, settings)!.at).toBeGreaterThan(now);
    const patch = transition(before, { kind: "due-now" }, ctx(now));
    expect(patch.nextAt).toBe(now);
  });

  it.each<[string, LeadEvent]>([
    ["start", { kind: "start", series: "beback" }],
    ["sold", { kind: "sold", amountCents: null }],
    ["resume", { kind: "resume" }],
    ["rep-texted", { kind: "rep-texted" }],
    ["edit", { kind: "edit", fields: { name: "Janet" } }],
    ["restore", { kind: "restore", before: lead }],
    ["reschedule", { kind: "reschedule" }],
    ["due-now", { kind: "due-now" }],
  ])("an opted-out number gets nothing scheduled, whatever the event (%s)", (_name, event) => {
    const patch = transition({ ...lead, resumeAt: NOW + HOUR }, event, ctx(NOW, [JANE]));
    expect(patch).toMatchObject({ seriesPaused: true, nextAt: null, resumeAt: null });
    expect(wakeTime({ ...lead, ...patch })).toBeNull();
  });

  it.each<[string, Partial<Lead>, StopEvent]>([
    ["reply", {}, { kind: "reply" }],
    ["reply, sold", { status: "sold", seriesKey: "aftersale" }, { kind: "reply" }],
    ["reply, no series", { seriesKey: null, seriesStartedAt: null }, { kind: "reply" }],
    ["opt-out", { resumeAt: NOW + HOUR }, { kind: "opt-out" }],
    ["opt-out, paused", { status: "paused", seriesPaused: true, nextAt: null }, { kind: "opt-out" }],
    ["undeliverable", {}, { kind: "undeliverable" }],
    ["undeliverable, sold", { status: "sold", seriesKey: "aftersale" }, { kind: "undeliverable" }],
  ])("a stop needs no schedule: stopTransition is transition with a full context (%s)", (_name, given, event) => {
    const before = { ...lead, ...given };
    const full = transition(before, event, ctx(NOW, event.kind === "opt-out" ? [JANE] : []));
    expect(stopTransition(before, event, NOW)).toEqual(full);
    expect(full.nextAt).toBeNull();
  });

  it("an overdue step is written as when it really goes: now, or when quiet hours end (time audit: `fix … phone` at night said Monday 2:20pm)", () => {
    const night = TUE_8 - 9 * HOUR - 30 * MIN; // Monday 22:30 New York, inside quiet hours
    for (const event of [{ kind: "edit", fields: { phone: "+12125550109" } }, { kind: "resume" }] as LeadEvent[]) {
      const before = { ...lead, undeliverable: event.kind === "edit", seriesPaused: event.kind === "resume", status: event.kind === "resume" ? ("paused" as const) : lead.status };
      expect(transition(before, event, ctx(night)).nextAt, event.kind).toBe(TUE_8);
    }
  });

  it("a rep's text pushes the next step back a day on the store's calendar: the same time tomorrow across a clock change (time audit)", () => {
    const saturday = Date.UTC(2028, 10, 5, 0, 30); // Saturday 4 November 2028 20:30 EDT; the clocks go back that night
    const patch = transition({ ...lead, seriesStartedAt: saturday - DAY_MS, seriesNextIndex: 1 }, { kind: "rep-texted" }, ctx(saturday));
    expect(patch.notBefore).toBe(saturday + 25 * HOUR); // Sunday 20:30 EST
  });

  it("fix phone to an opted-out number schedules nothing; away from one, it may", () => {
    expect(transition(lead, { kind: "edit", fields: { phone: "+12125550199" } }, ctx(NOW, ["+12125550199"]))).toMatchObject({ nextAt: null, seriesPaused: true });
    expect(transition(lead, { kind: "edit", fields: { phone: "+12125550199" } }, ctx(NOW, [JANE]))).toMatchObject({ nextAt: NOW });
  });

  it("wakes the Scheduler for the next step or the `later`, whichever is first", () => {
    expect(wakeTime({ nextAt: null, resumeAt: null })).toBeNull();
    expect(wakeTime({ nextAt: 5, resumeAt: null })).toBe(5);
    expect(wakeTime({ nextAt: null, resumeAt: 7 })).toBe(7);
    expect(wakeTime({ nextAt: 9, resumeAt: 7 })).toBe(7);
  });
});

describe("progressPatch: the engine's own progress on a lead → patch with next_at, updated_at untouched", () => {
  const DAY = 24 * HOUR;
  it.each<[string, Partial<Lead>, StepProgress | null, ProgressPatch]>([
    ["a step sent: past it, contact now, the next step 18 h after the start", {}, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: NOW }, { seriesNextIndex: 1, lastContactAt: NOW, notBefore: NOW + HOUR, nextAt: T0 + 18 * HOUR }],
    // Sent late (quiet hours held it; the owner moved the steps): the next, due already, waits its spacing (at most an hour), never goes at once.
    ["a step sent when the next is due too: the next an hour after it", { seriesNextIndex: 1 }, { kind: "step-done", seriesKey: "beback", stepIndex: 1, contactedAt: T0 + 4 * DAY }, { seriesNextIndex: 2, lastContactAt: T0 + 4 * DAY, notBefore: T0 + 4 * DAY + HOUR, nextAt: T0 + 4 * DAY + HOUR }],
    ["a rep's later pushback stays when it is later", { notBefore: NOW + 2 * DAY }, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: NOW }, { seriesNextIndex: 1, lastContactAt: NOW, notBefore: NOW + 2 * DAY, nextAt: NOW + 2 * DAY }],
    ["a step failed: past it, no contact", {}, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: null }, { seriesNextIndex: 1, nextAt: T0 + 18 * HOUR }],
    // Unknown (Twilio called, no answer): no contact recorded, but the next keeps its spacing after the call.
    ["a step unknown when the next is due too: the next an hour after the call", { seriesNextIndex: 1 }, { kind: "step-done", seriesKey: "beback", stepIndex: 1, contactedAt: null, calledAt: T0 + 4 * DAY }, { seriesNextIndex: 2, notBefore: T0 + 4 * DAY + HOUR, nextAt: T0 + 4 * DAY + HOUR }],
    ["a step the lead is no longer on: its place stays, next_at from it", { seriesNextIndex: 2 }, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: NOW }, { nextAt: T0 + 3 * DAY }],
    ["a step of a series the lead has left (sold: after-sale from its start)", { status: "sold", seriesKey: "aftersale" }, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: NOW }, { nextAt: T0 + 24 * HOUR }],
    ["the last step done: nothing pending", { seriesNextIndex: 6 }, { kind: "step-done", seriesKey: "beback", stepIndex: 6, contactedAt: NOW }, { seriesNextIndex: 7, lastContactAt: NOW, nextAt: null }],
    ["a step done while the series is paused: past it, nothing pending", { status: "paused", seriesPaused: true }, { kind: "step-done", seriesKey: "beback", stepIndex: 0, contactedAt: null }, { seriesNextIndex: 1, nextAt: null }],
    ["a retry's backoff: not before then", {}, { kind: "retry-after", at: T0 + 25 * MIN }, { notBefore: T0 + 25 * MIN, nextAt: T0 + 25 * MIN }],
    ["a retry's backoff into quiet hours: the morning", {}, { kind: "retry-after", at: T0 + 7 * HOUR }, { notBefore: T0 + 7 * HOUR, nextAt: TUE_8 }],
    ["nothing done: next_at recomputed from the lead as it is", { nextAt: 123 }, null, { nextAt: T0 + 20 * MIN }],
  ])("%s", (_name, given, progress, expected) => {
    const before = { ...lead, ...given };
    // The caller passes the steps of the series the lead is in now.
    expect(progressPatch(before, progress, DEFAULT_SERIES[before.seriesKey ?? "beback"], settings)).toEqual(expected);
  });
});
