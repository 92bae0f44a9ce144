// The message log: every text in and out, and the inbound idempotency guard.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, max, ne, notInArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { placeholders, prepared, runBatch, setKeys, type Db, type Statement } from "./client";
import { leads, messages, reps, undoLog, type Message, type MessageKind, type NewMessage } from "./schema";

/**
 * Records an inbound text and claims its MessageSid while it is handled ("receiving").
 * Returns the new row, or undefined when the sid was already recorded: the UNIQUE index
 * on `sid` decides, so two concurrent deliveries of one webhook cannot both pass.
 */
export async function claimInbound(db: Db, msg: Omit<NewMessage, "direction" | "status">): Promise<Message | undefined> {
  const [row] = await db
    .insert(messages)
    .values({ ...msg, direction: "in", status: "receiving" })
    .onConflictDoNothing({ target: messages.sid })
    .returning();
  return row;
}

/**
 * A handler that still has not finished after this long died with its Worker. Well past what
 * a living one takes — its one call to Twilio gives up after 10 s (provider.ts), and Twilio
 * itself waits 15 s for the webhook's answer — so a repeat delivery while Twilio is slow is
 * answered empty, never handled a second time (a rep's text would reach the customer twice).
 */
export const INBOUND_STALE_MS = 30_000;

/** Takes over an inbound text whose handler died mid-way (still "receiving" since before `staleBefore`). */
export async function takeOverInbound(db: Db, sid: string, staleBefore: number, now: number): Promise<Message | undefined> {
  const [row] = await db
    .update(messages)
    .set({ at: now })
    .where(and(eq(messages.sid, sid), eq(messages.direction, "in"), eq(messages.status, "receiving"), lt(messages.at, staleBefore)))
    .returning();
  return row;
}

/**
 * Whether a rep's text to this lead with these words (and perhaps the store's first-text line after them) was recorded since `since`:
 * a handler that died while sending it did (the row is recorded before Twilio is called).
 * Indexed by messages_lead.
 */
export async function relayRecordedSince(db: Db, m: { leadId: number; repId: number; words: string; since: number }): Promise<boolean> {
  const row = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.leadId, m.leadId),
        gte(messages.at, m.since),
        eq(messages.kind, "relay"),
        eq(messages.repId, m.repId),
        // As recorded, the words may end with the store's first-text line.
        sql`instr(${messages.body}, ${m.words}) = 1`,
      ),
    )
    .get();
  return row !== undefined;
}

/** The last `limit` texts from a number, or from the store to it, newest first (the phone simulator's view). */
export function textsOfNumber(db: Db, phone: string, limit: number): Promise<Message[]> {
  return db
    .select()
    .from(messages)
    .where(or(eq(messages.from, phone), and(eq(messages.to, phone), eq(messages.direction, "out"))))
    .orderBy(desc(messages.id))
    .limit(limit)
    .all();
}

/** Outbound texts of these kinds still queued without a sid (recorded, never taken by Twilio). Uses messages_unsent. */
const pendingOf = (kinds: readonly MessageKind[]) => and(eq(messages.status, "queued"), isNull(messages.sid), eq(messages.direction, "out"), inArray(messages.kind, [...kinds]));

/** When a pending text is next due: `staleMs` after it was recorded, or its `retry_at` if later. */
const pendingDueAt = (staleMs: number) => sql<number>`max(${messages.at} + ${staleMs}, coalesce(${messages.retryAt}, 0))`;

/** Pending texts of these kinds due by `now` (recorded `staleMs` before it, and past any `retry_at`), oldest first. */
export function pendingTexts(db: Db, kinds: readonly MessageKind[], now: number, staleMs: number, limit: number): Promise<Message[]> {
  return db
    .select()
    .from(messages)
    .where(and(pendingOf(kinds), lte(messages.at, now - staleMs), or(isNull(messages.retryAt), lte(messages.retryAt, now))))
    .orderBy(asc(messages.at))
    .limit(limit)
    .all();
}

/** When the earliest pending text of these kinds is due (null: none). */
export async function nextPendingTextAt(db: Db, kinds: readonly MessageKind[], staleMs: number): Promise<number | null> {
  const row = await db
    .select({ at: sql<number | null>`min(${pendingDueAt(staleMs)})` })
    .from(messages)
    .where(pendingOf(kinds))
    .get();
  return row?.at ?? null;
}

export async function insertMessage(db: Db, msg: NewMessage): Promise<Message> {
  return (await insertMessageWith(db, msg, {})).message;
}

/**
 * Inserts a message with other statements written `before` and `after` it in the same
 * batch (one round trip, one transaction: if one fails, none is written); returns their
 * results too.
 */
export async function insertMessageWith(db: Db, msg: NewMessage, along: { before?: Statement[]; after?: Statement[] }): Promise<{ message: Message; before: unknown[]; after: unknown[] }> {
  const before = along.before ?? [];
  const after = along.after ?? [];
  const keys = setKeys(msg);
  const insert = prepared(db, `messages.insert:${keys}`, () => db.insert(messages).values(placeholders<NewMessage>(keys)).returning(), msg);
  const results = await runBatch(db, [...before, insert, ...after]);
  const [row] = results[before.length] as Message[];
  if (!row) throw new Error("insert into messages returned no row");
  return { message: row, before: results.slice(0, before.length), after: results.slice(before.length + 1) };
}

export type MessagePatch = Partial<Pick<Message, "sid" | "status" | "errorCode" | "leadId" | "repId" | "to" | "kind" | "body" | "retryAt">>;

export async function updateMessage(db: Db, id: number, patch: MessagePatch): Promise<void> {
  await runBatch(db, [updateMessageStatement(db, id, patch)]);
}

/** Customer texts, handled, that reached no lead (messages_unlinked_from): the store had no rep to take them. */
const unlinkedTexts = and(isNull(messages.leadId), eq(messages.kind, "customer"), eq(messages.status, "received"));

/** A number's customer texts that reached no lead (`unlinkedTexts`). */
export function unlinkedTextsFrom(phone: SQLWrapper) {
  return and(eq(messages.from, phone), unlinkedTexts);
}

/**
 * The numbers with texts kept while no rep was in (`unlinkedTexts`), the longest waiting
 * first; at most `limit`. Not a rep's phone, and not a number whose kept texts are all
 * `keywords` (STOP, HELP: answered then, nothing for a rep): those stay kept, and never take
 * a place from a customer's words.
 */
export async function numbersWithKeptTexts(db: Db, limit: number, keywords: readonly string[]): Promise<string[]> {
  // A keyword as keywords.ts reads one: the words, trimmed, without a "." or "!" after them, any case.
  const word = sql`upper(trim(rtrim(trim(${messages.body}), '.!')))`;
  const rows = await db
    .select({ from: messages.from })
    .from(messages)
    .where(and(unlinkedTexts, notInArray(messages.from, db.select({ phone: reps.phone }).from(reps))))
    .groupBy(messages.from)
    .having(sql`sum(CASE WHEN ${word} IN (${sql.join(keywords.map((k) => sql`${k}`), sql`, `)}) THEN 0 ELSE 1 END) > 0`)
    .orderBy(sql`min(${messages.at})`)
    .limit(limit);
  return rows.map((r) => r.from);
}

/** A number's texts kept while no rep was in, oldest first. */
export async function keptTextsFrom(db: Db, phone: string): Promise<Pick<Message, "id" | "body" | "media">[]> {
  return db
    .select({ id: messages.id, body: messages.body, media: messages.media })
    .from(messages)
    .where(unlinkedTextsFrom(sql`${phone}`))
    .orderBy(asc(messages.at), asc(messages.id));
}

/** A customer's text that reached no lead, taken in by the number's new lead: what the rep is told of it. */
export type EarlierText = Pick<Message, "body" | "media">;

/**
 * A lead takes in its number's customer texts that reached no lead — kept while the store
 * had no active rep to take them — and the text it is handling (`textId`), in one write
 * (messages_unlinked_from). Returns the earlier ones, oldest first: their words go in the
 * rep's forward, and they show in the lead's conversation. `claim`: the text is itself a kept
 * one (a rep coming in hands it on), taken only while no lead has it yet; null when another
 * run took it first (two reps made active at once, or its number's next text): that run
 * forwards it, not this one.
 */
export async function linkKeptTexts(db: Db, phone: string, textId: number, lead: { id: number; repId: number }): Promise<EarlierText[]>;
export async function linkKeptTexts(db: Db, phone: string, textId: number, lead: { id: number; repId: number }, claim: true): Promise<EarlierText[] | null>;
export async function linkKeptTexts(db: Db, phone: string, textId: number, lead: { id: number; repId: number }, claim = false): Promise<EarlierText[] | null> {
  const take = claim
    ? prepared(
        db,
        "messages.claimKept",
        () =>
          db
            .update(messages)
            .set(placeholders<MessagePatch>(["leadId", "repId"]))
            .where(and(eq(messages.id, sql.placeholder("textId")), isNull(messages.leadId)))
            .returning({ id: messages.id }),
        { leadId: lead.id, repId: lead.repId, textId },
      )
    : updateMessageStatement(db, textId, { leadId: lead.id, repId: lead.repId });
  const [taken, earlier] = await runBatch(db, [
    take,
    prepared(
      db,
      "messages.linkEarlier",
      () =>
        db
          .update(messages)
          .set(placeholders<MessagePatch>(["leadId", "repId"]))
          // Handled already, and before this one: a text still being handled (a photo and its
          // words come as two webhooks at once) is its own handler's to forward.
          .where(and(unlinkedTextsFrom(sql.placeholder("phone")), sql`${messages.id} < ${sql.placeholder("textId")}`))
          .returning({ id: messages.id, at: messages.at, body: messages.body, media: messages.media }),
      { leadId: lead.id, repId: lead.repId, phone, textId },
    ),
  ]);
  if (claim && (taken as unknown[]).length === 0) return null;
  return (earlier as { id: number; at: number; body: string; media: string[] }[]).sort((a, b) => a.at - b.at || a.id - b.id);
}

/** A text still queued without a sid becomes `unknown` (its sender died during the call); false if it was settled meanwhile. */
export async function settleUnanswered(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({ status: "unknown" })
    .where(and(eq(messages.id, id), eq(messages.status, "queued"), isNull(messages.sid)))
    .returning({ id: messages.id });
  return rows.length > 0;
}

/**
 * Takes a pending text's next try: its `retry_at` cleared while it is still queued without a
 * sid. False when it is no longer so (settled, or taken). A try cut short (the run died
 * during the call) leaves it without `retry_at`: a relay is then settled `unknown`, never
 * sent twice (pendingTexts).
 */
export async function takeRetry(db: Db, id: number, retryAt: number): Promise<boolean> {
  const rows = await db
    .update(messages)
    .set({ retryAt: null })
    .where(and(eq(messages.id, id), eq(messages.status, "queued"), isNull(messages.sid), eq(messages.retryAt, retryAt)))
    .returning({ id: messages.id });
  return rows.length > 0;
}

/** `updateMessage` as a statement, for another write's batch. */
export function updateMessageStatement(db: Db, id: number, patch: MessagePatch): Statement {
  const keys = setKeys(patch);
  return prepared(db, `messages.update:${keys}`, () => db.update(messages).set(placeholders(keys)).where(eq(messages.id, sql.placeholder("$id"))), { ...patch, $id: id });
}

/** Updates a message and writes `along` in the same batch (one round trip); returns their results. */
export async function updateMessageWith(db: Db, id: number, patch: MessagePatch, along: Statement[]): Promise<unknown[]> {
  const [, ...rest] = await runBatch(db, [updateMessageStatement(db, id, patch), ...along]);
  return rest;
}

/**
 * How far along Twilio's lifecycle a status is. Status callbacks arrive out of order
 * ("delivered" before "sent") and twice, so a status only ever moves forward.
 */
export const STATUS_RANK: Record<string, number> = {
  unknown: 0, accepted: 0, scheduled: 0, queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, read: 4,
};

const rankOf = (column: SQL | typeof messages.status) =>
  sql`CASE ${column} ${sql.join(Object.entries(STATUS_RANK).map(([s, r]) => sql`WHEN ${s} THEN ${r}`), sql` `)} ELSE 0 END`;

/** A status callback: moves the outbound message forward (never back); undefined when it changed nothing. */
export async function updateStatusBySid(db: Db, sid: string, status: string, errorCode: string | null): Promise<Message | undefined> {
  const [row] = await db
    .update(messages)
    .set({ status, ...(errorCode ? { errorCode } : {}) })
    .where(and(eq(messages.sid, sid), eq(messages.direction, "out"), lt(rankOf(messages.status), STATUS_RANK[status] ?? 0)))
    .returning();
  return row;
}

/**
 * A status callback names a sid none of our texts has: the text whose call went unanswered
 * (`unknown`: Twilio's 201 never came, yet Twilio took it) takes that sid, when it is the
 * only text to `to` since `since` still without a sid — none in flight either, whose sid
 * may yet come. Returns whether one took it.
 */
export async function adoptUnconfirmed(db: Db, to: string, sid: string, since: number): Promise<boolean> {
  const candidates = await db
    .select({ id: messages.id, status: messages.status })
    .from(messages)
    .where(and(eq(messages.to, to), eq(messages.direction, "out"), isNull(messages.sid), inArray(messages.status, ["unknown", "queued"]), gte(messages.at, since)))
    .limit(2);
  const [only] = candidates;
  if (candidates.length !== 1 || only?.status !== "unknown") return false;
  const taken = await db
    .update(messages)
    .set({ sid })
    .where(and(eq(messages.id, only.id), isNull(messages.sid), eq(messages.status, "unknown")))
    .returning({ id: messages.id });
  return taken.length > 0;
}

/** Whether a text of ours to `to` is on its way to Twilio now (recorded, no sid, no answer yet): a callback for it may come before Twilio's answer. */
export async function hasTextInFlight(db: Db, to: string, since: number): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.to, to), eq(messages.direction, "out"), isNull(messages.sid), eq(messages.status, "queued"), gte(messages.at, since)))
    .limit(1);
  return rows.length > 0;
}

/** Whether Beback answered this phone as a rep's (a `reply`) since `since` — a rep's phone the owner has since removed or changed — and as which rep's, last (null once that rep is removed). Uses messages_to_kind. */
export async function answeredAsRepSince(db: Db, phone: string, since: number): Promise<{ repId: number | null } | null> {
  const [row] = await db
    .select({ repId: messages.repId })
    .from(messages)
    .where(and(eq(messages.to, phone), eq(messages.kind, "reply"), gte(messages.at, since)))
    .orderBy(desc(messages.at))
    .limit(1);
  return row ?? null;
}

/** Whether the store sent this number a text of this kind at or after `since` (index messages_to_kind). */
export async function sentKindSince(db: Db, phone: string, kind: MessageKind, since: number): Promise<boolean> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.to, phone), eq(messages.kind, kind), gte(messages.at, since)))
    .limit(1);
  return rows.length > 0;
}

/** Whether a text of ours has this Twilio sid. */
export async function hasSid(db: Db, sid: string): Promise<boolean> {
  return (await db.select({ id: messages.id }).from(messages).where(eq(messages.sid, sid)).limit(1)).length > 0;
}

/** Whether rep `repId` was forwarded `words` (a forward's text, without its tag) of the lead's customer at or after `since`. */
export async function forwardedToRepSince(db: Db, leadId: number, repId: number, since: number, words: string): Promise<boolean> {
  const found = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.leadId, leadId), gte(messages.at, since), eq(messages.kind, "forward"), eq(messages.repId, repId), sql`instr(${messages.body}, ${words}) > 0`))
    .limit(1);
  return found.length > 0;
}

/**
 * The lead's follow-ups to `to` that reached Twilio (have a sid) on either side of text `id`,
 * at most `limit` each, nearest first: whether the carrier delivered the ones around a
 * failed one (their reports may come in any order).
 */
export async function seriesTextsAround(db: Db, leadId: number, to: string, id: number, limit: number): Promise<{ before: SeriesOutcome[]; after: SeriesOutcome[] }> {
  const ofLead = and(eq(messages.leadId, leadId), eq(messages.kind, "series"), eq(messages.to, to), isNotNull(messages.sid));
  const outcome = { id: messages.id, status: messages.status, errorCode: messages.errorCode };
  const [before, after] = await db.batch([
    db.select(outcome).from(messages).where(and(ofLead, lt(messages.id, id))).orderBy(desc(messages.id)).limit(limit),
    db.select(outcome).from(messages).where(and(ofLead, gt(messages.id, id))).orderBy(asc(messages.id)).limit(limit),
  ]);
  return { before, after };
}

export type SeriesOutcome = Pick<Message, "id" | "status" | "errorCode">;

export function messagesOfLead(db: Db, leadId: number): Promise<Message[]> {
  return db.select().from(messages).where(eq(messages.leadId, leadId)).orderBy(asc(messages.at), asc(messages.id)).all();
}

/**
 * The statuses of texts that never reached the number: refused (by Twilio, or by the send
 * path for an opt-out), canceled before the call, or undelivered by the carrier. A number
 * sent only such texts has not been texted: its first text that goes still owes the
 * first-contact notice.
 */
export const NEVER_REACHED = ["failed", "canceled", "undelivered"] as const;

/**
 * An outbound row that carried, or is carrying, the number's first-contact notice to it (SQL,
 * for reads of `messages`; `alias`: the table's name in the query). Not one that never
 * reached it (NEVER_REACHED), nor one Twilio refused that waits for another try (`retry_at`,
 * no sid), nor one whose call got no answer (`unknown`: it may not have gone, so the next
 * text says how to opt out again rather than risk a customer never told).
 */
export function carriedFirstContact(alias = "messages"): SQL {
  const t = `"${alias}"`;
  return sql.raw(`${t}."direction" = 'out' AND ${t}."status" NOT IN (${[...NEVER_REACHED, "unknown"].map((s) => `'${s}'`).join(", ")}) AND NOT (${t}."status" = 'queued' AND ${t}."retry_at" IS NOT NULL AND ${t}."sid" IS NULL)`);
}

/** Has this number been sent a text that carried the first-contact notice, other than text `exceptId` (one being tried again)? */
export async function textedOtherThan(db: Db, phone: string, exceptId: number): Promise<boolean> {
  const row = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.to, phone), ne(messages.id, exceptId), carriedFirstContact())).limit(1).get();
  return row !== undefined;
}

/** Has this number been sent a text from the store that carried the first-contact notice (`carriedFirstContact`)? As a statement for a batch: a row, or none. */
export function textedStatement(db: Db, phone: string): Statement {
  return prepared(
    db,
    "messages.texted",
    () => db.select({ id: messages.id }).from(messages).where(and(eq(messages.to, sql.placeholder("phone")), carriedFirstContact())).limit(1),
    { phone },
  );
}

/**
 * The last text of the conversation itself (theirs, the rep's, or the series'): what reminders
 * and a lead's card quote. Not one of ours that never reached them (refused, canceled, undelivered).
 */
export function lastExchange(history: Message[]): Message | undefined {
  const reached = (m: Message) => m.direction === "in" || !(NEVER_REACHED as readonly string[]).includes(m.status);
  return history.filter((m) => (m.kind === "customer" || m.kind === "relay" || m.kind === "series") && reached(m)).at(-1);
}

/** The kinds of text that belong to the customer's own thread (not the rep's commands and notices). */
export const CUSTOMER_THREAD_KINDS = ["customer", "relay", "series", "courtesy"] as const;

/** The last text of each listed lead's customer thread (`leadIds`: a subquery of lead ids), by lead id. */
export async function lastThreadMessages(db: Db, leadIds: SQLWrapper): Promise<Map<number, Message>> {
  const latest = db
    .select({ id: max(messages.id) })
    .from(messages)
    // Not a text canceled before it went: the lead's page does not show one either.
    .where(and(inArray(messages.leadId, leadIds), inArray(messages.kind, [...CUSTOMER_THREAD_KINDS]), ne(messages.status, "canceled")))
    .groupBy(messages.leadId);
  const rows = await db.select().from(messages).where(inArray(messages.id, latest)).all();
  return new Map(rows.flatMap((m) => (m.leadId === null ? [] : [[m.leadId, m] as const])));
}

/**
 * The rep the store last texted this number for (a series step, a rep's or the owner's text),
 * by the `messages_to_kind` index: a number that is no lead's now (its lead's phone was fixed)
 * and writes back goes to that rep, not to the next in turn.
 */
export async function repWhoTextedNumber(db: Db, phone: string): Promise<number | null> {
  const row = await db
    .select({ repId: messages.repId })
    .from(messages)
    .where(and(eq(messages.to, phone), inArray(messages.kind, ["series", "relay"]), isNotNull(messages.repId)))
    .orderBy(desc(messages.at))
    .limit(1)
    .get();
  return row?.repId ?? null;
}

/**
 * The rep's customers whose texts went to another rep since the rep's last `away` (its undo
 * log entry), newest first, at most `limit`: what `back` tells the rep. None when the rep has
 * no `away` logged. Read by the forwards' partial index (messages_rep_forwards), one range per
 * other rep: rows read grow with the texts forwarded since, not with the rep's leads.
 */
export function forwardedToOthersSinceAway(db: Db, repId: number, limit: number): Promise<{ id: number; name: string }[]> {
  const awaySince = db.select({ at: max(undoLog.at) }).from(undoLog).where(and(eq(undoLog.repId, repId), eq(undoLog.command, "away")));
  return db
    .select({ id: leads.id, name: leads.name })
    .from(messages)
    .innerJoin(leads, eq(leads.id, messages.leadId))
    .where(
      and(
        eq(messages.kind, "forward"),
        inArray(messages.repId, db.select({ id: reps.id }).from(reps).where(ne(reps.id, repId))),
        gte(messages.at, sql`(${awaySince})`),
        // Unary plus: not by the rep's leads (a probe each), by the forwards since the away.
        sql`+${leads.repId} = ${repId}`,
      ),
    )
    .groupBy(leads.id)
    .orderBy(desc(max(messages.at)))
    .limit(limit)
    .all();
}

/**
 * The rep's text to the store before `beforeId`, if one came since `since`: what an
 * attachment sent alone right after it is about (rep-commands `photoAfterNew`).
 * messages_to_kind: the store's command rows of the last minutes.
 */
export function repTextBefore(db: Db, repId: number, storeNumber: string, beforeId: number, since: number): Promise<Pick<Message, "id" | "body" | "at" | "leadId"> | undefined> {
  return db
    .select({ id: messages.id, body: messages.body, at: messages.at, leadId: messages.leadId })
    .from(messages)
    .where(and(eq(messages.to, storeNumber), eq(messages.kind, "command"), gte(messages.at, since), eq(messages.repId, repId), lt(messages.id, beforeId)))
    .orderBy(desc(messages.id))
    .get();
}
