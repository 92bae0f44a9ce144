// The owner API under /api: bearer (or session cookie) auth, then one sub-app per resource.
import { Hono } from "hono";
import { demoApi } from "./api-demo";
import { leadsApi } from "./api-leads";
import { messagesApi } from "./api-messages";
import { repsApi } from "./api-reps";
import { seriesApi } from "./api-series";
import { settingsApi } from "./api-settings";
import { statsApi } from "./api-stats";
import { setCookie, deleteCookie } from "hono/cookie";
import * as v from "valibot";
import { fail } from "./errors";
import { requireOwner, SESSION_COOKIE, tokensMatch } from "./owner-auth";
import { jsonBody } from "./validate";

export const api = new Hono<{ Bindings: Env }>();

// The web page trades the owner token for an HttpOnly, SameSite=Strict session cookie.
api.post("/session", async (c) => {
  const { token } = await jsonBody(c, v.object({ token: v.pipe(v.string(), v.maxLength(200)) }));
  if (!c.env.OWNER_TOKEN || !tokensMatch(token, c.env.OWNER_TOKEN)) fail(401, "unauthorized");
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: new URL(c.req.url).protocol === "https:", path: "/api", maxAge: 30 * 86_400 });
  return c.body(null, 204);
});
api.delete("/session", (c) => {
  deleteCookie(c, SESSION_COOKIE, { path: "/api" });
  return c.body(null, 204);
});

api.use("*", requireOwner);
api.route("/settings", settingsApi);
api.route("/reps", repsApi);
api.route("/series", seriesApi);
api.route("/leads", leadsApi);
api.route("/stats", statsApi);
api.route("/messages", messagesApi);
api.route("/demo", demoApi);
