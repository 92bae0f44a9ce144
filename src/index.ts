// Beback's Worker entry: builds the Hono app, mounts the route modules, and re-exports the
// Scheduler Durable Object. Bindings: DB (D1), SCHEDULER (Durable Object), ASSETS (the
// owner's page in public/); secrets: OWNER_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN;
// vars (wrangler.jsonc): PUBLIC_BASE_URL, TWILIO_API_BASE (see .dev.vars.example; what they
// mean together: src/env.ts).
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { api } from "./http/api";
import { notFound, onError } from "./http/errors";
import { health } from "./http/health";
import { twilioWebhooks } from "./http/twilio-webhooks";
import { consoleLog, errorSummary } from "./domain/log";
import { rearmScheduler } from "./series/scheduler-client";

const app = new Hono<{ Bindings: Env }>();

// A restart recovers by itself: the first request this Worker serves asks the Scheduler to
// set its alarm by what D1 says is due (once per Scheduler start; see Scheduler.rearm), in
// the background — the request does not wait for it.
let rearmAsked = false;
app.use(async (c, next) => {
  if (!rearmAsked) {
    rearmAsked = true;
    const rearming = rearmScheduler(c.env).catch((error: unknown) => {
      rearmAsked = false;
      consoleLog("rearm after start failed", { error: errorSummary(error) });
    });
    try {
      c.executionCtx.waitUntil(rearming);
    } catch {
      // No execution context (a direct app.request in a unit test): let it run.
    }
  }
  await next();
});
// The Worker's own answers (JSON, TwiML, 404s) carry the security headers the static
// page has from public/_headers: nosniff, no framing, no referrer, HSTS.
app.use(secureHeaders());
app.route("/api", api);
app.route("/health", health);
app.route("/twilio", twilioWebhooks);
app.onError(onError);
app.notFound(notFound);

export default app;
export { Scheduler } from "./series/scheduler";
