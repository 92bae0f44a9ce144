// Beback's Worker entry: builds the Hono app, mounts the route modules, and re-exports the
// Scheduler Durable Object. Bindings: DB (D1), SCHEDULER (Durable Object), ASSETS (the
// owner's page in public/); secrets: OWNER_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
// PUBLIC_BASE_URL (see .dev.vars.example; what they mean together: src/env.ts).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { api } from "./http/api";
import { fail, notFound, onError } from "./http/errors";
import { health } from "./http/health";
import { twilioWebhooks } from "./http/twilio-webhooks";
import { MAX_FORM_BYTES } from "./twilio/form";
import { consoleLog, errorSummary } from "./log";
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
// A body is cut off at its limit while it arrives (by Content-Length, or counted as it
// streams), before anyone reads it: no request makes the Worker hold megabytes.
/** The owner API's largest body: a series of ten 1,600-character steps is under 40 KB. */
const MAX_API_BODY = 256 * 1024;
app.use("/api/*", bodyLimit({ maxSize: MAX_API_BODY, onError: () => fail(413, "body too large: at most 256 KB") }));
app.use("/twilio/*", bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text("body too large: a Twilio webhook is at most 64 KB", 413) }));
app.route("/api", api);
app.route("/health", health);
app.route("/twilio", twilioWebhooks);
app.onError(onError);
app.notFound(notFound);

export default app;
export { Scheduler } from "./series/scheduler";
