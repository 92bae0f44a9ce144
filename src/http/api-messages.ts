// GET /api/messages?phone=… — the texts to and from one number, oldest first (the last
// 200). The local phone simulator (public/phone.html) reads the outbox through it.
import { Hono } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { textsOfNumber } from "../db/message-queries";
import { getSettings } from "../db/settings-queries";
import { phoneSchema } from "./schemas";
import { countryOf } from "../domain/phone";
import { parseOr400 } from "./validate";

export const messagesApi = new Hono<{ Bindings: Env }>();

messagesApi.get("/", async (c) => {
  const db = dbFrom(c.env.DB);
  const settings = await getSettings(db);
  const { phone } = parseOr400(v.object({ phone: phoneSchema(countryOf(settings.defaultCountry)) }), { phone: c.req.query("phone") ?? "" });
  const rows = await textsOfNumber(db, phone, 200);
  return c.json(
    rows.reverse().map((m) => ({ direction: m.direction, from: m.from, to: m.to, body: m.body, media: m.media, status: m.status, at: new Date(m.at).toISOString() })),
  );
});
