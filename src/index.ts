// Beback's Worker entry: builds the Hono app, mounts the route modules, and re-exports the
// Scheduler Durable Object. Bindings: DB (D1), SCHEDULER (Durable Object), ASSETS (the
// owner's page in public/); secrets: OWNER_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
// PUBLIC_BASE_URL (see .dev.vars.example; what they mean together: src/env.ts).
import { Hono } from "hono";
import { api } from "./http/api";
import { notFound, onError } from "./http/errors";
import { health } from "./http/health";
import { twilioWebhooks } from "./http/twilio-webhooks";

const app = new Hono<{ Bindings: Env }>();
app.route("/api", api);
app.route("/health", health);
app.route("/twilio", twilioWebhooks);
app.onError(onError);
app.notFound(notFound);

export default app;
export { Scheduler } from "./series/scheduler";
