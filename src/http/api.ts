// The owner API under /api: bearer (or session cookie) auth, then one sub-app per resource.
import { Hono } from "hono";
import { leadsApi } from "./api-leads";
import { repsApi } from "./api-reps";
import { seriesApi } from "./api-series";
import { settingsApi } from "./api-settings";
import { requireOwner } from "./owner-auth";

export const api = new Hono<{ Bindings: Env }>();
api.use("*", requireOwner);
api.route("/settings", settingsApi);
api.route("/reps", repsApi);
api.route("/series", seriesApi);
api.route("/leads", leadsApi);
