// The D1 schema, in drizzle. `npm run db:generate` writes the SQL migration into
// migrations/, which wrangler applies (locally on `npm start`, remotely on deploy) and the
// tests apply in test/setup/apply-migrations.ts. Times are Unix milliseconds (UTC);
// phone numbers are E.164.
import { sql } from "drizzle-orm";
import { check, index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The store: exactly one row (id = 1), seeded by the first migration. */
export const settings = sqliteTable(
  "settings",
  {
    id: integer("id").primaryKey(),
    storeName: text("store_name").notNull().default("Our store"),
    storeNumber: text("store_number").notNull().default(""),
    timezone: text("timezone").notNull().default("America/New_York"),
    /** "HH:MM" in the store's time zone; both null = quiet hours off. */
    quietStart: text("quiet_start").default("21:00"),
    quietEnd: text("quiet_end").default("08:00"),
    sendRatePerSecond: real("send_rate_per_second").notNull().default(1),
    defaultCountry: text("default_country").notNull().default("US"),
    /** Round-robin cursor: the id of the rep who got the last unknown-number lead. */
    lastAssignedRepId: integer("last_assigned_rep_id"),
  },
  (t) => [check("settings_singleton", sql`${t.id} = 1`)],
);

export const reps = sqliteTable("reps", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  phone: text("phone").notNull().unique(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
});

export const LEAD_STATUSES = ["active", "paused", "sold", "lost", "optedout"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const leads = sqliteTable(
  "leads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    product: text("product").notNull().default(""),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("active"),
    repId: integer("rep_id")
      .notNull()
      .references(() => reps.id),
    /** The photo the rep attached to `new` (a Twilio media URL), sent with the first step. */
    photoUrl: text("photo_url"),
    notes: text("notes").notNull().default(""),
    /** Set when Twilio refused the number (21211 invalid, 21614 not mobile). */
    undeliverable: integer("undeliverable", { mode: "boolean" }).notNull().default(false),
    /** How the lead came in: a rep's `new`, or a text from an unknown number. */
    source: text("source", { enum: ["rep", "inbound"] }).notNull().default("rep"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** The last message in or out with this customer (rep's, series' or theirs). */
    lastContactAt: integer("last_contact_at"),
  },
  (t) => [index("leads_phone").on(t.phone), index("leads_rep_status").on(t.repId, t.status)],
);

export const DIRECTIONS = ["in", "out"] as const;
/**
 * What a message was: a rep's command or an answer to it, a customer's text, a customer's
 * text forwarded to a rep, a rep's text relayed to a customer, a series step, a notice to a
 * rep (opt-out, delivery failure), or a courtesy/help reply to a customer.
 */
export const MESSAGE_KINDS = ["command", "reply", "customer", "forward", "relay", "series", "notice", "courtesy"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Every text in and out, so a lead's page shows the whole conversation. */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    direction: text("direction", { enum: DIRECTIONS }).notNull(),
    kind: text("kind", { enum: MESSAGE_KINDS }).notNull(),
    leadId: integer("lead_id").references(() => leads.id),
    repId: integer("rep_id").references(() => reps.id),
    from: text("from_number").notNull(),
    to: text("to_number").notNull(),
    body: text("body").notNull(),
    /** JSON array of media URLs. */
    media: text("media", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Inbound: "received". Outbound: queued, sent, delivered, undelivered, failed (Twilio's words). */
    status: text("status").notNull(),
    /** Twilio's MessageSid. UNIQUE: the same inbound MessageSid is processed once. */
    sid: text("sid").unique(),
    errorCode: text("error_code"),
    at: integer("at").notNull(),
  },
  (t) => [index("messages_lead").on(t.leadId, t.at), index("messages_to_kind").on(t.to, t.kind, t.at)],
);

/** Numbers that texted STOP (or were refused by Twilio with 21610). */
export const optOuts = sqliteTable("opt_outs", {
  phone: text("phone").primaryKey(),
  at: integer("at").notNull(),
});

/** Owner-edited series; a key with no row uses the built-in default. */
export const series = sqliteTable("series", {
  key: text("key", { enum: ["beback", "aftersale"] }).primaryKey(),
  steps: text("steps", { mode: "json" }).$type<SeriesStepRow[]>().notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export interface SeriesStepRow {
  after: string;
  body: string;
  photo?: boolean;
}

export type Rep = typeof reps.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Settings = typeof settings.$inferSelect;
