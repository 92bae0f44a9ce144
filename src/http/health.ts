// GET /health: unauthenticated, answers once the Worker runs, with only what the Worker
// does with its configuration (src/env.ts) — no values, no counts. `npm start` prints it
// and the end-to-end harness waits for it.
import { Hono } from "hono";
import { twilioMode } from "../env";

export const health = new Hono<{ Bindings: Env }>();

health.get("/", (c) => c.json({ ok: true, ...twilioMode(c.env) }, 200, { "cache-control": "no-store" }));
