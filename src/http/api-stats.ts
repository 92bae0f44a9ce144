// GET /api/stats: per series and step, texts sent, replies and sales that followed them.
import { and, eq, isNotNull } from "drizzle-orm";
import { Hono } from "hono";
import { dbFrom } from "../db/client";
import { leads, messages, type SeriesKey } from "../db/schema";
import { loadSeries } from "../db/series-queries";
import { stepStats, type SentStep } from "../series/stats";

export const statsApi = new Hono<{ Bindings: Env }>();

statsApi.get("/", async (c) => {
  const db = dbFrom(c.env.DB);
  const [beback, aftersale, sentRows, replies, sales] = await Promise.all([
    loadSeries(db, "beback"),
    loadSeries(db, "aftersale"),
    db
      .select({ leadId: messages.leadId, seriesKey: messages.seriesKey, stepIndex: messages.stepIndex, at: messages.at })
      .from(messages)
      .where(and(eq(messages.kind, "series"), isNotNull(messages.sid)))
      .all(),
    db.select({ leadId: messages.leadId, at: messages.at }).from(messages).where(eq(messages.kind, "customer")).all(),
    // A sale starts the after-sale series: its start is the moment of the sale.
    db.select({ leadId: leads.id, at: leads.seriesStartedAt }).from(leads).where(and(eq(leads.status, "sold"), eq(leads.seriesKey, "aftersale"))).all(),
  ]);
  const sent = sentRows.filter((r): r is SentStep => r.leadId !== null && r.seriesKey !== null && r.stepIndex !== null);
  const known = <T extends { leadId: number | null; at: number | null }>(rows: T[]) =>
    rows.filter((r): r is T & { leadId: number; at: number } => r.leadId !== null && r.at !== null);
  const series: Record<SeriesKey, { after: string }[]> = { beback, aftersale };
  return c.json(stepStats(series, sent, known(replies), known(sales)));
});
