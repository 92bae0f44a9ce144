// /api/demo: helpers for the phone simulator, only while Beback runs on the local outbox
// (no Twilio credentials): with real texts they answer 404.
// POST /api/demo/send-next-now — every lead waiting for an automatic text gets its next one
// now: its series is moved earlier as if it had started that much sooner, so the
// dispatcher's own schedule finds the step due (quiet hours still apply).
import { Hono } from "hono";
import { dbFrom } from "../db/client";
import { leadsWithNextAt, updateLead } from "../db/lead-queries";
import { schedulerFor } from "../series/scheduler-client";
import { providerFromEnv } from "../twilio/provider";
import { fail } from "./errors";

export const demoApi = new Hono<{ Bindings: Env }>();

demoApi.use("*", async (c, next) => {
  if (providerFromEnv(c.env).name !== "outbox") fail(404, "not found");
  await next();
});

demoApi.post("/send-next-now", async (c) => {
  const db = dbFrom(c.env.DB);
  const now = Date.now();
  const waiting = await leadsWithNextAt(db);
  let moved = 0;
  for (const lead of waiting) {
    if (lead.nextAt === null || lead.seriesStartedAt === null) continue;
    const shift = Math.max(0, lead.nextAt - now);
    await updateLead(db, lead.id, { seriesStartedAt: lead.seriesStartedAt - shift, nextAt: lead.nextAt - shift, notBefore: null }, now);
    moved += 1;
  }
  if (moved > 0) await schedulerFor(c.env).wake(now);
  return c.json({ leads: moved });
});
