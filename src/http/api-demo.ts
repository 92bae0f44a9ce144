// /api/demo: helpers for the phone simulator, only while Beback runs on the local outbox
// (no Twilio credentials): with real texts they answer 404.
// POST /api/demo/send-next-now — every lead waiting for an automatic text gets its next one
// now: its series is moved earlier as if it had started that much sooner (the `due-now`
// transition), so the dispatcher's own schedule finds the step due — that one step, not
// the one after it too (quiet hours still apply).
import { Hono } from "hono";
import { dbFrom } from "../db/client";
import { leadsWithNextAt } from "../db/lead-queries";
import { getSettings } from "../db/settings-queries";
import { changeLead } from "../series/follow-ups";
import { schedulerFor } from "../series/scheduler-client";
import { providerFromEnv } from "../twilio/provider";
import { fail } from "./errors";
import { noBody } from "./validate";

export const demoApi = new Hono<{ Bindings: Env }>();

demoApi.use("*", async (c, next) => {
  if (providerFromEnv(c.env).name !== "outbox") fail(404, "not found");
  await next();
});

demoApi.post("/send-next-now", async (c) => {
  await noBody(c);
  const db = dbFrom(c.env.DB);
  const ctx = { db, settings: await getSettings(db), now: () => Date.now(), scheduler: schedulerFor(c.env) };
  let moved = 0;
  let quiet = 0; // of them, how many wait for the end of quiet hours
  for (const lead of await leadsWithNextAt(db)) {
    const next = (await changeLead(ctx, lead.id, { kind: "due-now" }))?.after?.nextAt;
    if (next === undefined || next === null) continue;
    moved += 1;
    if (next > ctx.now()) quiet += 1;
  }
  return c.json({ leads: moved, quiet });
});
