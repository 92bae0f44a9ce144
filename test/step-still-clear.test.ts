// A follow-up's last word before its Twilio call (db/engine-queries `stepStillClear`): the
// lead is as the step was checked, and its number has not opted out — each on its own, so an
// opt-out recorded without the lead being touched (another lead's STOP path, a race that lost
// the lead's update) still stops the send. In the same round trip the step's claim is marked
// called: from then on its Twilio call may begin (recovery reads it).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { stepStillClear, type StepCheck } from "../src/db/engine-queries";
import { insertLead } from "../src/db/lead-queries";
import { recordOptOut } from "../src/db/opt-out-queries";
import { series, type SeriesKey, type SeriesStepRow } from "../src/db/schema";
import { TEST_EPOCH } from "./helpers/clock";
import { setUpStore } from "./helpers/store";

/** The owner's save of a series' steps, as D1 holds it (the save's other writes do not matter to a last word). */
const saveSeries = (key: SeriesKey, steps: SeriesStepRow[], now: number) =>
  dbFrom(env.DB).insert(series).values({ key, steps, updatedAt: now }).onConflictDoUpdate({ target: series.key, set: { steps, updatedAt: now } }).run();

const JANE = "+12125550100";

async function janeDue(): Promise<StepCheck> {
  const [rep] = await setUpStore();
  const db = dbFrom(env.DB);
  const lead = await insertLead(db, { name: "Jane", phone: JANE, product: "recliner", repId: rep!.id, photoUrl: null, source: "rep" }, TEST_EPOCH);
  await env.DB.prepare("UPDATE leads SET next_at = ?, series_key = 'beback' WHERE id = ?").bind(TEST_EPOCH + 60_000, lead.id).run();
  await env.DB.prepare("INSERT INTO step_sends (lead_id, series_key, step_index, status, attempts, claimed_at) VALUES (?, 'beback', 0, 'claimed', 1, ?)").bind(lead.id, TEST_EPOCH).run();
  return { leadId: lead.id, seriesKey: "beback", stepIndex: 0, updatedAt: TEST_EPOCH, nextAt: TEST_EPOCH + 60_000, seriesSavedAt: null }; // the default words
}

it.each([
  ["nothing changed: clear", async () => {}, true],
  ["the lead changed (updated_at moved)", (c: StepCheck) => env.DB.prepare("UPDATE leads SET updated_at = updated_at + 1 WHERE id = ?").bind(c.leadId).run(), false],
  ["an owner's series edit moved next_at", (c: StepCheck) => env.DB.prepare("UPDATE leads SET next_at = next_at + 1 WHERE id = ?").bind(c.leadId).run(), false],
  ["the owner saved new words for the series (its steps' times as they were)", () => saveSeries("beback", [{ after: "20m", body: "New words, {first_name}" }], TEST_EPOCH + 1), false],
  ["the owner saved the other series", () => saveSeries("aftersale", [{ after: "1d", body: "Thanks, {first_name}" }], TEST_EPOCH + 1), true],
  ["the number opted out, the lead untouched", () => recordOptOut(dbFrom(env.DB), JANE, TEST_EPOCH), false],
  ["another number opted out", () => recordOptOut(dbFrom(env.DB), "+12125550199", TEST_EPOCH), true],
  ["the lead is gone", (c: StepCheck) => env.DB.batch([env.DB.prepare("DELETE FROM step_sends WHERE lead_id = ?").bind(c.leadId), env.DB.prepare("DELETE FROM leads WHERE id = ?").bind(c.leadId)]), false],
] as const)("%s", async (_, change, clear) => {
  const check = await janeDue();
  expect(await env.DB.prepare("SELECT called_at FROM step_sends").first()).toEqual({ called_at: null });
  expect(await stepStillClear(dbFrom(env.DB), check, TEST_EPOCH + 1)).toBe(true);
  expect(await env.DB.prepare("SELECT called_at FROM step_sends").first()).toEqual({ called_at: TEST_EPOCH + 1 });
  await change(check);
  // Asked again through the same (cached) handle and prepared query: it reads D1 each time.
  expect(await stepStillClear(dbFrom(env.DB), check, TEST_EPOCH + 2)).toBe(clear);
});

it("marks only a claimed step of that lead called: not a finished one, not another step", async () => {
  const check = await janeDue();
  await env.DB.prepare("INSERT INTO step_sends (lead_id, series_key, step_index, status, attempts, claimed_at) VALUES (?, 'beback', 1, 'claimed', 1, ?)").bind(check.leadId, TEST_EPOCH).run();
  await env.DB.prepare("UPDATE step_sends SET status = 'sent' WHERE step_index = 0").run();
  await stepStillClear(dbFrom(env.DB), check, TEST_EPOCH + 1);
  expect((await env.DB.prepare("SELECT step_index, called_at FROM step_sends ORDER BY step_index").all()).results).toEqual([
    { step_index: 0, called_at: null },
    { step_index: 1, called_at: null },
  ]);
});
