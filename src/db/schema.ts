// The D1 schema, in drizzle. `npm run db:generate` writes the SQL migration into
// migrations/, which wrangler applies (locally on `npm start`, remotely on deploy) and the
// tests apply in test/setup/apply-migrations.ts. Times are Unix milliseconds (UTC);
// phone numbers are E.164.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DEFAULT_STORE_NAME } from "../domain/store-name";

/** The store: exactly one row (id = 1), seeded by the first migration. */
export const settings = sqliteTable(
  "settings",
  {
    id: integer("id").primaryKey(),
    storeName: text("store_name").notNull().default(DEFAULT_STORE_NAME),
    storeNumber: text("store_number").notNull().default(""),
    timezone: text("timezone").notNull().default("America/New_York"),
    /** "HH:MM" in the store's time zone; both null = quiet hours off. */
    quietStart: text("quiet_start").default("21:00"),
    quietEnd: text("quiet_end").default("08:00"),
    sendRatePerSecond: real("send_rate_per_second").notNull().default(1),
    defaultCountry: text("default_country").notNull().default("US"),
    /**
     * Dollars per SMS segment, for the series editor's cost estimate. Default: Twilio's US
     * list price for long-code SMS, $0.0083 a segment (twilio.com/en-us/sms/pricing/us, as
     * of 2026; carrier fees come on top).
     */
    pricePerSegment: real("price_per_segment").notNull().default(0.0083),
    /** Round-robin cursor: the id of the rep who got the last unknown-number lead. */
    lastAssignedRepId: integer("last_assigned_rep_id"),
    /**
     * The origin Twilio's signed webhooks last came to (without PUBLIC_BASE_URL): the base of
     * the StatusCallback of texts sent with no request of Twilio's to take it from (the
     * Scheduler's follow-ups, the owner's texts from the page).
     */
    twilioOrigin: text("twilio_origin"),
  },
  (t) => [check("settings_singleton", sql`${t.id} = 1`)],
);

export const reps = sqliteTable("reps", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  phone: text("phone").notNull().unique(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** `away until <day>`: until then, this rep's customers' texts go to another active rep. */
  awayUntil: integer("away_until"),
  /** `digest on`: a daily summary text at the store's opening hour. */
  digest: integer("digest", { mode: "boolean" }).notNull().default(false),
  /** The last day (YYYY-MM-DD, store time) a digest went out: at most one a day. */
  digestSentOn: text("digest_sent_on"),
  createdAt: integer("created_at").notNull(),
});

/**
 * The owner page's signed-in browsers: the session cookie names one by its random id (signed
 * with OWNER_TOKEN), so signing out ends that browser's session and a copied cookie is not
 * the owner token.
 */
export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  createdAt: integer("created_at").notNull(),
});

/** A sold lead whose after-sale texts a command ended, and its `updated_at` right after. */
export interface EndedAfterSale {
  leadId: number;
  at: number;
}

/**
 * What `undo` can revert: the rep's last state-changing command, with the lead's fields as
 * they were before it. Only the newest entry of a rep, within 10 minutes, is undoable.
 */
export const undoLog = sqliteTable(
  "undo_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repId: integer("rep_id")
      .notNull()
      .references(() => reps.id),
    /** A lead's command; or the rep's own `away`, `back`, `digest` (no lead): logged so `undo` never skips past them to an older command. */
    command: text("command", { enum: ["new", "sold", "lost", "later", "note", "fix", "away", "back", "digest"] }).notNull(),
    /** Null once an undone `new` removed its lead: the entry stays, so a second `undo` says "Already undone". */
    leadId: integer("lead_id").references(() => leads.id),
    /** The lead's fields before the command (JSON); null for `new` (undo removes the lead). */
    before: text("before", { mode: "json" }).$type<LeadSnapshot>(),
    /** A short description for the confirmation: "sold Jane #12". */
    summary: text("summary").notNull(),
    at: integer("at").notNull(),
    undoneAt: integer("undone_at"),
    /**
     * Sold leads whose after-sale texts this command ended (a `new` or `fix … phone` giving
     * their number to this lead), each with the instant it was left at: undo resumes them
     * when nothing else changed them since. Null when it ended none.
     */
    endedAfterSale: text("ended_after_sale", { mode: "json" }).$type<EndedAfterSale[]>(),
  },
  (t) => [index("undo_rep_at").on(t.repId, t.at)],
);

export const SERIES_KEYS = ["beback", "aftersale"] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/**
 * A lead's own standing. An opt-out is not among them: it belongs to the number and lives
 * only in `opt_outs`, read at every decision to text (docs/architecture.md, "Opt-out
 * belongs to the number"). Views add `optedout` (LEAD_VIEW_STATUSES).
 */
export const LEAD_STATUSES = ["active", "paused", "sold", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** The statuses the owner sees: a lead's own, or `optedout` for an open lead whose number opted out. */
export const LEAD_VIEW_STATUSES = [...LEAD_STATUSES, "optedout"] as const;
export type LeadViewStatus = (typeof LEAD_VIEW_STATUSES)[number];

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
    /**
     * When the lead last moved to another rep (a handover, or a reply of an inactive rep's
     * customer); null: it never moved. A rep answers, by a plain reply or `#id`, only the
     * customers whose texts reached them since (lead-queries `leadCandidates`).
     */
    repSince: integer("rep_since"),
    /**
     * Who the lead counts for in the owner's results, whoever has it now (a handover, an
     * inactive rep's customer moved on): the rep who added it (`new`, or the rep an inbound
     * text was given to), and the rep who marked the sale. No foreign key: a rep removed
     * after handing their leads over keeps what they did. Null: the lead's rep (rows from
     * before migration 0013 are filled in by it).
     */
    addedByRepId: integer("added_by_rep_id"),
    soldByRepId: integer("sold_by_rep_id"),
    /**
     * The rep who last covered this customer while their rep was away or their rep's phone
     * could not take texts (it opted out; Twilio refused a forward to it): the customer's
     * texts keep going to that cover while the cover can take them. Claimed by a compare-and-set (rep-in-turn `pickCover`), so two texts that arrive
     * together get one cover. No foreign key: a removed rep only stops being a cover.
     */
    coverRepId: integer("cover_rep_id"),
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
    /** The sale's amount in cents, when the rep gave one (`sold Jane $1,200`). */
    amountCents: integer("amount_cents"),
    // The follow-up series this lead is in (see src/series/follow-ups.ts).
    seriesKey: text("series_key", { enum: SERIES_KEYS }),
    seriesStartedAt: integer("series_started_at"),
    /** A customer's reply or a `later` paused the series; only `later` (or a new series) resumes it. */
    seriesPaused: integer("series_paused", { mode: "boolean" }).notNull().default(false),
    /** The first step of the series not yet sent or skipped. */
    seriesNextIndex: integer("series_next_index").notNull().default(0),
    /** When the next step is due (quiet hours applied); null = nothing pending. The scheduler's queue. */
    nextAt: integer("next_at"),
    /** `later`: the series waits until this instant, when the rep is reminded and it resumes. */
    resumeAt: integer("resume_at"),
    /**
     * Whether the texts resume when the `later` (resumeAt) comes due: false once the customer
     * wrote after it was set (a person is talking now), and the `later` then only reminds.
     */
    laterResumes: integer("later_resumes", { mode: "boolean" }).notNull().default(true),
    /** The rep's own text pushes the next automatic step to at least this instant. */
    notBefore: integer("not_before"),
    // How a rep's text finds the lead (domain/lead-match.ts `nameKeys`), written with the name
    // by db/ (lead-queries `withSearchKeys`). Null on a row written before them: such rows are
    // always candidates, and get their keys when a rep's text reads them.
    /** The folded full name ("jose garcia" for "José García"). */
    nameKey: text("name_key"),
    /** The folded first name ("jose"). */
    firstKey: text("first_key"),
    /**
     * The folded product ("cafe table" for "Café table"), written with the product by db/
     * (lead-queries `withSearchKeys`), which the owner's search reads. Null on a row written
     * before migration 0019: its lower-cased product is searched instead.
     */
    productKey: text("product_key"),
  },
  (t) => [
    index("leads_phone").on(t.phone),
    // One customer, one rep: at most one open lead a number. The rule `new` and `fix` check
    // (inbound/phone-holders.ts), held by the database too, so two texts at once cannot both pass it.
    uniqueIndex("leads_open_phone").on(t.phone).where(sql`${t.status} in ('active', 'paused')`),
    index("leads_rep_status").on(t.repId, t.status),
    index("leads_rep_name").on(t.repId, t.nameKey),
    index("leads_rep_first").on(t.repId, t.firstKey),
    // Also `leads_rep_phone_tail` on (rep_id, substr(phone, -4)), for a reference by the phone's
    // last 4+ digits: written by hand in migrations/0005 (drizzle-kit garbles an expression index).
    // `list`: a rep's newest leads first, without reading the others.
    index("leads_rep_created").on(t.repId, t.createdAt),
    index("leads_next_at").on(t.nextAt),
    // Rescheduling's pages (lead-changes `waitingLeads`): the leads with something pending, by
    // id, without walking every closed lead's row.
    index("leads_waiting").on(t.id).where(sql`${t.nextAt} IS NOT NULL`),
    index("leads_resume_at").on(t.resumeAt),
  ],
);

/**
 * One row per (lead, series, step) ever attempted: the exactly-once guard. A step is
 * `claimed` before the Twilio call and `sent` (or `failed`/`skipped`) after; the primary
 * key makes a second claim of the same step impossible.
 */
export const stepSends = sqliteTable(
  "step_sends",
  {
    leadId: integer("lead_id")
      .notNull()
      .references(() => leads.id),
    seriesKey: text("series_key", { enum: SERIES_KEYS }).notNull(),
    stepIndex: integer("step_index").notNull(),
    /** claimed → sent | failed | unknown (no answer from Twilio) | retry (429/5xx; claimable again). */
    status: text("status", { enum: ["claimed", "sent", "failed", "skipped", "unknown", "retry"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    messageId: integer("message_id").references(() => messages.id),
    claimedAt: integer("claimed_at").notNull(),
    /**
     * When the step's last word passed (engine-queries `stepStillClear`): from then on the
     * Twilio call may have begun. A claim left without it never called Twilio, even with its
     * message row recorded (it died waiting for its pacing slot): a later run sends it.
     */
    calledAt: integer("called_at"),
    doneAt: integer("done_at"),
  },
  (t) => [primaryKey({ columns: [t.leadId, t.seriesKey, t.stepIndex] })],
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
    /** For a series text: which series and step it was (for stats and the exactly-once audit). */
    seriesKey: text("series_key", { enum: SERIES_KEYS }),
    stepIndex: integer("step_index"),
    at: integer("at").notNull(),
    /** A text to a rep that Twilio did not take (429/5xx) or did not answer: the pending-texts job sends it again at or after this. */
    retryAt: integer("retry_at"),
  },
  (t) => [
    index("messages_lead").on(t.leadId, t.at),
    index("messages_to_kind").on(t.to, t.kind, t.at),
    // The customers' texts forwarded to a rep lately, by the rep (not the phone: a phone can
    // change hands). Only forwards: no other text pays for it (lead-queries `FORWARD_SQL`).
    index("messages_rep_forwards").on(t.repId, t.at).where(sql`${t.kind} = 'forward'`),
    // Texts recorded and not yet handed to Twilio (sid still null): the pending-texts job's queue.
    index("messages_unsent").on(t.status, t.at).where(sql`${t.sid} IS NULL`),
    // A customer's texts that reached no lead (the store had no rep to take them), by number:
    // the number's lead, once there is one, takes them in (message-queries `linkKeptTexts`).
    index("messages_unlinked_from").on(t.from).where(sql`${t.leadId} IS NULL AND ${t.kind} = 'customer'`),
    // Our texts that did not reach the phone (Results' "not delivered" counts, by period): few
    // rows, so only they pay for it (stats-queries `undeliveredTexts`).
    index("messages_undelivered").on(t.at).where(sql`${t.direction} = 'out' AND ${t.status} IN ('failed', 'undelivered')`),
  ],
);

/** Numbers that opted out: STOP, a plain request to stop, or Twilio refusing them with 21610. The only record of an opt-out. */
export const optOuts = sqliteTable("opt_outs", {
  phone: text("phone").primaryKey(),
  at: integer("at").notNull(),
});

/**
 * When a number last opted back in (START, UNSTOP, YES after an opt-out). A late report that
 * it is unsubscribed (21610 in the status callback of a text sent before then) is stale:
 * Twilio lifted its block at the same word, and the customer's word stands.
 */
export const optIns = sqliteTable("opt_ins", {
  phone: text("phone").primaryKey(),
  at: integer("at").notNull(),
});

/** Owner-edited series; a key with no row uses the built-in default. */
export const series = sqliteTable("series", {
  key: text("key", { enum: SERIES_KEYS }).primaryKey(),
  steps: text("steps", { mode: "json" }).$type<SeriesStepRow[]>().notNull(),
  updatedAt: integer("updated_at").notNull(),
  /**
   * While the series is saved with no steps: the steps it had before (migration 0020). The next
   * save with steps is an edit of these, so leads, the ledger and the texts' steps (numbered by
   * them) keep their place through the empty spell (series/series-edit.ts).
   */
  emptiedSteps: text("emptied_steps", { mode: "json" }).$type<SeriesStepRow[]>(),
  /**
   * The last save's plan (series/series-edit.ts: passed steps → where a lead went on), its time
   * and the save time it replaced (migration 0021): a rep's `undo` of a command that took a lead out of
   * the series (a `sold`) puts it back at its place in the steps as they are now.
   */
  lastEdit: text("last_edit", { mode: "json" }).$type<{ from: number | null; at: number; plan: { from: number; run: { delayMs: number; byLast: boolean }[] }[] }>(),
});

export interface SeriesStepRow {
  after: string;
  /** The words; for a `photo` step, the words sent when the lead has no photo. */
  body: string;
  /** Attach the lead's photo (the one the rep sent with `new`), when there is one. */
  photo?: boolean;
  /** For a `photo` step: the words sent with the photo ("Here's the {product} you liked"). */
  bodyWithPhoto?: string;
}

export type StepSend = typeof stepSends.$inferSelect;
export type LeadSnapshot = Pick<
  typeof leads.$inferSelect,
  "name" | "phone" | "product" | "status" | "notes" | "amountCents" | "undeliverable" | "seriesKey" | "seriesStartedAt" | "seriesNextIndex" | "seriesPaused" | "resumeAt" | "notBefore"
> &
  // Not in snapshots logged before migration 0026.
  Partial<Pick<typeof leads.$inferSelect, "laterResumes">>;
export type Rep = typeof reps.$inferSelect;
export type Lead = typeof leads.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Settings = typeof settings.$inferSelect;
