// The owner API under /api: bearer (or session cookie) auth, then one sub-app per resource.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { demoApi } from "./api-demo";
import { leadsApi } from "./api-leads";
import { messagesApi } from "./api-messages";
import { repsApi } from "./api-reps";
import { seriesApi } from "./api-series";
import { settingsApi } from "./api-settings";
import { statsApi } from "./api-stats";
import * as v from "valibot";
import { fail } from "./errors";
import { isCrossOriginRequest } from "./cross-origin";
import { endOwnerSession, requireOwner, startOwnerSession, tokensMatch } from "./owner-auth";
import { isSignInCode } from "./sign-in-code";
import { jsonBody } from "./validate";

export const api = new Hono<{ Bindings: Env }>();

// A body is cut off at its limit while it arrives (by Content-Length, or counted as it
// streams), before anything reads it: no request makes the Worker hold megabytes. The
// largest real body, a series of ten 1,600-character steps, is under 40 KB. Credentials
// come first (they are headers and a cookie, never the body): without them, a 401 whatever
// the body's size.
const MAX_API_BODY = 256 * 1024;
const limitBody = bodyLimit({ maxSize: MAX_API_BODY, onError: () => fail(413, "body too large: at most 256 KB") });

// Customers' names, numbers and texts: no browser or proxy keeps a copy of any answer.
api.use("*", async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
});

// The web page trades the owner token, or a sign-in link's code (sign-in-code.ts), for an
// HttpOnly, SameSite=Strict session cookie.
api.post("/session", limitBody, async (c) => {
  const { token } = await jsonBody(c, v.strictObject({ token: v.pipe(v.string(), v.maxLength(200)) }));
  const owner = c.env.OWNER_TOKEN;
  if (!owner || !(tokensMatch(token, owner) || (await isSignInCode(token, owner, Date.now())))) fail(401, "unauthorized");
  await startOwnerSession(c, c.env.OWNER_TOKEN);
  return c.body(null, 204);
});
// Signing out: from the page itself only (another origin's page cannot sign the owner out).
api.delete("/session", async (c) => {
  if (isCrossOriginRequest(c.req)) fail(403, "cross-origin request refused");
  await endOwnerSession(c);
  return c.body(null, 204);
});

api.use("*", requireOwner);
api.use("*", limitBody);
api.route("/settings", settingsApi);
api.route("/reps", repsApi);
api.route("/series", seriesApi);
api.route("/leads", leadsApi);
api.route("/stats", statsApi);
api.route("/messages", messagesApi);
api.route("/demo", demoApi);
