// GET /api/stats[?days=7|30|90]: what works. Per series and step: texts sent, delivered,
// replied (within 48 h, with no rep's or owner's text between; an opt-out, the opt-in that
// lifts it, or a HELP is no reply), sold after and the amount; per rep (`reps`): leads,
// replies (to an automatic text or the rep's own), sales; our texts that did not reach the
// phone, by error code (`undelivered`). Without `days`, all time.
// Queries in src/db/stats-queries.ts, counting in src/series/stats.ts; this route reads,
// then hands the rows to the counting.
import { Hono } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { listReps } from "../db/rep-queries";
import type { SeriesKey } from "../db/schema";
import { seriesSteps } from "../series/series-steps";
import { customerTexts, leadOwners, sales, sentRepTexts, sentSeriesTexts, undeliveredTexts } from "../db/stats-queries";
import { repliesAmong } from "../inbound/keywords";
import { repliesToTexts, repStats, stepStats, type SentStep } from "../series/stats";
import { parseOr400 } from "./validate";

export const statsApi = new Hono<{ Bindings: Env }>();

export const STATS_PERIODS = ["7", "30", "90"] as const;
const DAY_MS = 86_400_000;

const StatsQuery = v.object({ days: v.optional(v.picklist(STATS_PERIODS, "must be 7, 30 or 90")) });

statsApi.get("/", async (c) => {
  const { days } = parseOr400(StatsQuery, { days: c.req.query("days") });
  const since = days ? Date.now() - Number(days) * DAY_MS : -Infinity;
  // A reply or sale in the period may follow a text sent up to 48 h before it; D1 gets a
  // finite lower bound.
  const from = Number.isFinite(since) ? since - 2 * DAY_MS : 0;
  const db = dbFrom(c.env.DB);
  const [beback, aftersale, sentRows, relayRows, replyRows, saleRows, owners, reps, undelivered] = await Promise.all([
    seriesSteps(db, "beback"),
    seriesSteps(db, "aftersale"),
    sentSeriesTexts(db, from),
    sentRepTexts(db, from),
    customerTexts(db, from),
    sales(db),
    leadOwners(db),
    listReps(db),
    undeliveredTexts(db, Number.isFinite(since) ? since : 0),
  ]);
  const sent = sentRows.filter((r): r is SentStep & { status: string } => r.leadId !== null && r.seriesKey !== null && r.stepIndex !== null);
  const known = <T extends { leadId: number | null; at: number | null }>(rows: T[]) =>
    rows.filter((r): r is T & { leadId: number; at: number } => r.leadId !== null && r.at !== null);
  const series: Record<SeriesKey, { after: string }[]> = { beback, aftersale };
  // An opt-out, an opt-in or a HELP is the customer's answer too, but not the kind that says a text works.
  const replies = known(repliesAmong(replyRows));
  const sold = known(saleRows);
  const relays = known(relayRows);
  return c.json({
    ...stepStats(series, sent, replies, sold, since, relays),
    reps: repStats(reps, owners, repliesToTexts(sent, replies, relays), sold, since),
    // Our texts that did not reach the phone in the period, by Twilio's error code (null: none given).
    undelivered: undelivered.map((r) => ({ errorCode: r.errorCode, texts: Number(r.texts) })),
    days: days ? Number(days) : null,
  });
});
