// Leads: one customer of one rep, with a status the follow-up engine honours. Whether the
// number opted out is not a lead field: views read it from opt_outs (`optedOut` below).
import { and, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { foldName, nameKeys, PHONE_TAIL_DIGITS, type RefKeys } from "../domain/lead-match";
import { prepared, type Db, type Statement } from "./client";
import { NEVER_REACHED } from "./message-queries";
import { leads, messages, reps, stepSends, undoLog, type Lead, type LeadStatus, type LeadViewStatus } from "./schema";

/** A lead as the views show it: with whether its number is opted out (from opt_outs). */
export type LeadRow = Lead & { optedOut: boolean };

// Spelled out with table names: drizzle renders a column of the selected table unqualified,
// and "phone" = "phone" inside the subquery would match every opt-out.
export const OPTED_OUT_SQL = sql`EXISTS (SELECT 1 FROM "opt_outs" WHERE "opt_outs"."phone" = "leads"."phone")`;
const optedOutColumn = sql<number>`${OPTED_OUT_SQL}`.mapWith(Boolean);
const withOptOut = { lead: leads, optedOut: optedOutColumn };
const toRow = (r: { lead: Lead; optedOut: boolean }): LeadRow => ({ ...r.lead, optedOut: Boolean(r.optedOut) });

/**
 * A write of a lead's fields, with the keys it is found by: its name keys when it writes the
 * name (lead-match `nameKeys`: a rep's text and the owner's search), and its product key when
 * it writes the product (the owner's search).
 */
export function withSearchKeys<T extends { name?: string; product?: string }>(fields: T): T & Partial<Pick<Lead, "nameKey" | "firstKey" | "productKey">> {
  return {
    ...fields,
    ...(fields.name === undefined ? {} : nameKeys(fields.name)),
    ...(fields.product === undefined ? {} : { productKey: foldName(fields.product) }),
  };
}

export interface NewLead {
  name: string;
  phone: string;
  product: string;
  repId: number;
  photoUrl: string | null;
  source: "rep" | "inbound";
  status?: LeadStatus;
}

export async function insertLead(db: Db, lead: NewLead, now: number): Promise<Lead> {
  const [row] = await db
    .insert(leads)
    .values(withSearchKeys({ addedByRepId: lead.repId, ...lead, createdAt: now, updatedAt: now, lastContactAt: now }))
    .returning();
  if (!row) throw new Error("insert into leads returned no row");
  return row;
}

export function getLead(db: Db, id: number): Promise<Lead | undefined> {
  return db.select().from(leads).where(eq(leads.id, id)).get();
}

export async function getLeadRow(db: Db, id: number): Promise<LeadRow | undefined> {
  const r = await db.select(withOptOut).from(leads).where(eq(leads.id, id)).get();
  return r && toRow(r);
}

/** What the owner's list is asked for: every filter is optional; newest first. */
export interface LeadListQuery {
  /** By the status the owner sees (leadViewStatus). */
  status?: LeadViewStatus;
  repId?: number;
  /** Part of the name (compared folded, as a rep's references are) or 3+ digits of the phone. */
  search?: string;
  /** Only leads older than this one: the next page after a page that ended with it. */
  beforeId?: number;
  /** At most this many (none: all). */
  limit?: number;
}

/**
 * The owner's list, newest first. By status as the owner sees it: `optedout` lists every lead
 * whose number is opted out, whatever its own status; `active`/`paused` leave them out. A page
 * (`limit`, `beforeId`) walks the primary key, so it costs the same with 100,000 leads as with
 * 1,000 (a search reads leads until the page is full).
 */
export async function listLeads(db: Db, query: LeadListQuery = {}): Promise<LeadRow[]> {
  const q = db.select(withOptOut).from(leads).where(listWhere(query)).orderBy(desc(leads.id));
  const rows = await (query.limit === undefined ? q : q.limit(query.limit)).all();
  return rows.map(toRow);
}

/** The ids `listLeads` lists, as a subquery (the page's last messages are read by it). */
export function listedLeadIds(db: Db, query: LeadListQuery) {
  const q = db.select({ id: leads.id }).from(leads).where(listWhere(query)).orderBy(desc(leads.id));
  return query.limit === undefined ? q : q.limit(query.limit);
}

function listWhere({ status, repId, search, beforeId }: LeadListQuery): SQL | undefined {
  return and(
    status === undefined ? undefined : status === "optedout" ? OPTED_OUT_SQL : status === "active" || status === "paused" ? and(eq(leads.status, status), sql`NOT ${OPTED_OUT_SQL}`) : eq(leads.status, status),
    repId === undefined ? undefined : eq(leads.repId, repId),
    beforeId === undefined ? undefined : lt(leads.id, beforeId),
    search === undefined ? undefined : searchCondition(search),
  );
}

/**
 * A name's part, folded and with apostrophes ignored (`obrien` finds O'Brien; a lead keyed
 * before migration 0005 by its lower-cased name), a part of the product (as typed or in
 * lower case, either in any ASCII case; or folded on both sides), or the phone's digits.
 * Every one is a scan of the store's leads. `instr`, not LIKE: D1 refuses a LIKE pattern
 * over 50 bytes ("LIKE or GLOB pattern too complex"), and a search takes 100 characters;
 * `instr` has no such limit and no wildcards to escape.
 */
function searchCondition(search: string): SQL {
  const folded = foldName(search);
  // A name's key has its hyphens as spaces (lead-match `nameKeys`): "mary-kate" finds Mary-Kate.
  const bare = folded.replaceAll("'", "").replaceAll("-", " ");
  const typed = search.trim();
  const digits = search.replace(/\D/g, "");
  // SQLite's lower() folds ASCII letters only, as LIKE did: "ÉLAN" finds "ÉLAN" and "élan"
  // finds "élan", but not each other (the folded key below finds both).
  const asciiLower = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const has = (haystack: SQL, needle: string) => sql`instr(${haystack}, ${needle}) > 0`;
  return (
    or(
      bare ? has(sql`replace(replace(coalesce(${leads.nameKey}, lower(${leads.name})), '''', ''), '-', ' ')`, bare) : undefined,
      // The product as typed, or in lower case (`55" tv` a TV stand).
      ...[...new Set([asciiLower(typed), typed.toLowerCase()])].filter(Boolean).map((t) => has(sql`lower(${leads.product})`, t)),
      // Folded both sides: "cafe" finds "Café table", "élan" finds "ÉLAN" (a lead written
      // before migration 0019 has no key: its lower-cased product, as before).
      folded ? has(sql`coalesce(${leads.productKey}, lower(${leads.product}))`, folded) : undefined,
      digits.length >= 3 ? has(sql`${leads.phone}`, digits) : undefined,
    ) ?? sql`0`
  );
}

/**
 * The index `leads_rep_phone_tail` is on this expression (migrations/0005). The -4 must be
 * written in the SQL, not bound: SQLite uses an expression index only for the same text.
 */
const PHONE_TAIL_SQL = sql`substr(${leads.phone}, ${sql.raw(String(-PHONE_TAIL_DIGITS))})`;

/**
 * The condition of the partial index `messages_rep_forwards` (schema.ts), written as it is
 * there rather than bound: the index's condition is then met by the query's text itself,
 * whatever value a prepared statement is run with.
 */
const FORWARD_SQL = sql`${messages.kind} = 'forward'`;

export interface CandidateQuery {
  repId: number;
  /** What the references in the rep's text could name (lead-match `refKeys`). */
  keys: RefKeys;
  /** The leads of customers forwarded to this rep since `coveredSince` count too (the rep covers for them). */
  coveredSince: number;
  coveredLimit: number;
}

/**
 * The leads a rep's text could name, in one round trip, by indexed lookups only: the rep's
 * leads with a matching id, name key or phone tail, the leads of customers recently forwarded
 * to the rep (and those forwards, newest first: a plain reply goes to the latest), and any
 * of the rep's leads with no keys yet (written before them; their keys are written here,
 * KEYS_PER_TEXT at a time, so each is read this way only until then). A rep with 5,000
 * leads reads as few rows as one with 5.
 *
 * The forwards are the rep's by id (messages_rep_forwards), not by the phone they went to: the
 * owner may give a phone to another rep, or a rep a new phone. A forwarded customer's lead
 * is among the leads only while the rep may answer it (`mayAnswerForwarded`); a forward of a
 * lead moved to another rep since stays in `forwards`, so a plain reply is not given to the
 * customer before it.
 */
/** How many keys one lookup binds (with the rep's id: within D1's 100 bound values a statement). */
const KEYS_PER_LOOKUP = 90;

function inChunks<T>(keys: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(keys.length / KEYS_PER_LOOKUP) }, (_, i) => keys.slice(i * KEYS_PER_LOOKUP, (i + 1) * KEYS_PER_LOOKUP));
}

export async function leadCandidates(db: Db, q: CandidateQuery): Promise<{ leads: LeadRow[]; forwards: RecentForward[] }> {
  const mine = (where: SQL | undefined) => db.select(withOptOut).from(leads).where(and(eq(leads.repId, q.repId), where));
  const { ids, phoneTails, names } = q.keys;
  const recent = and(eq(messages.repId, q.repId), FORWARD_SQL, gte(messages.at, q.coveredSince), isNotNull(messages.leadId));
  const newestFirst = [desc(messages.at), desc(messages.id)] as const;
  const forwarded = db.select({ id: messages.leadId }).from(messages).where(recent).orderBy(...newestFirst).limit(q.coveredLimit);
  const [forwardRows, covered, unkeyed, ...found] = await db.batch([
    db.select({ leadId: messages.leadId, at: messages.at }).from(messages).where(recent).orderBy(...newestFirst).limit(q.coveredLimit),
    db.select(withOptOut).from(leads).where(inArray(leads.id, forwarded)),
    mine(isNull(leads.nameKey)),
    // A long text of many lines names many keys: D1 binds at most 100 values a statement.
    ...inChunks(ids).map((some) => mine(inArray(leads.id, some))),
    ...inChunks(names).flatMap((some) => [mine(inArray(leads.nameKey, some)), mine(inArray(leads.firstKey, some))]),
    ...inChunks(phoneTails).map((some) => mine(inArray(PHONE_TAIL_SQL, some))),
  ]);
  if (unkeyed.length > 0) await writeNameKeys(db, unkeyed.slice(0, KEYS_PER_TEXT).map((r) => r.lead));
  const forwards = forwardRows.flatMap((f) => (f.leadId === null ? [] : [{ leadId: f.leadId, at: f.at }]));
  // Newest first: a lead's first forward here is its latest.
  const latest = new Map<number, number>();
  for (const f of forwards) if (!latest.has(f.leadId)) latest.set(f.leadId, f.at);
  const answerable = covered.filter((r) => mayAnswerForwarded(r.lead, q.repId, latest.get(r.lead.id) ?? Number.NEGATIVE_INFINITY));
  const byId = new Map<number, LeadRow>();
  for (const r of [answerable, unkeyed, ...found].flat()) byId.set(r.lead.id, toRow(r));
  return { leads: [...byId.values()].sort((a, b) => b.id - a.id), forwards };
}

/**
 * Whether a rep may answer (plain reply, `#id`) a customer whose text was forwarded to them
 * at `forwardedAt`: their own lead, or another rep's that has not moved since (the rep
 * covers while its rep is away). A lead handed over after the forward is its new rep's.
 */
export function mayAnswerForwarded(lead: Pick<Lead, "repId" | "repSince">, repId: number, forwardedAt: number): boolean {
  // A move in the very millisecond of the forward counts as after it: never another rep's customer by a tie.
  return lead.repId === repId || lead.repSince === null || lead.repSince < forwardedAt;
}

/** A customer's text forwarded to the rep: whose lead, and when. */
export interface RecentForward {
  leadId: number;
  at: number;
}

/** At most this many leads without keys get them per rep text (one batch, well within D1's statements per invocation). */
const KEYS_PER_TEXT = 200;

/** Keys for leads written before them (only where the name is still the one read). */
async function writeNameKeys(db: Db, rows: Lead[]): Promise<void> {
  const [first, ...rest] = rows.map((l) => db.update(leads).set(nameKeys(l.name)).where(and(eq(leads.id, l.id), eq(leads.name, l.name))));
  if (first) await db.batch([first, ...rest]);
}

/** A lead with its rep's name (who a customer already belongs to). */
export type LeadWithRepName = Lead & { repName: string | null };

/** Sold leads of the number whose after-sale texts are still to come (or wait for a `later`), for a batch. */
export function afterSaleWithPhone(db: Db, phone: string): Statement {
  return prepared(
    db,
    "leads.afterSaleWithPhone",
    () => db.select().from(leads).where(and(eq(leads.phone, sql.placeholder("phone")), eq(leads.status, "sold"), or(isNotNull(leads.nextAt), isNotNull(leads.resumeAt)))),
    { phone },
  );
}

/**
 * Every open (active or paused) lead with this number, of any rep, with its rep's name,
 * newest first: one customer, one rep (`new` and `fix` refuse a number another open lead has).
 */
/** A lead's columns and its rep's name. */
const withRepName = () => ({ ...getTableColumns(leads), repName: sql<string | null>`(SELECT ${reps.name} FROM ${reps} WHERE ${reps.id} = ${leads.repId})`.as("rep_name") });

export function openLeadsWithPhone(db: Db, phone: string): Statement {
  return prepared(
    db,
    "leads.openWithPhone",
    () =>
      db
        .select(withRepName())
        .from(leads)
        .where(and(eq(leads.phone, sql.placeholder("phone")), inArray(leads.status, ["active", "paused"])))
        .orderBy(desc(leads.id)),
    { phone },
  );
}

/** `list` counts a rep's open leads up to this many ("of 999+"): its cost stays bounded. */
export const OPEN_COUNT_CAP = 999;

/**
 * A rep's open leads, newest first, at most `limit` (leads_rep_created), and how many there
 * are, counted up to OPEN_COUNT_CAP + 1: what `list` shows, without reading the rest.
 */
export async function openLeadsOfRep(db: Db, repId: number, limit: number): Promise<{ leads: LeadRow[]; total: number }> {
  const open = and(eq(leads.repId, repId), inArray(leads.status, ["active", "paused"]));
  const counted = db.select({ one: sql`1` }).from(leads).where(open).limit(OPEN_COUNT_CAP + 1).as("counted");
  const [rows, [count]] = await db.batch([
    db.select(withOptOut).from(leads).where(open).orderBy(desc(leads.createdAt), desc(leads.id)).limit(limit),
    db.select({ n: sql<number>`count(*)` }).from(counted),
  ]);
  return { leads: rows.map(toRow), total: count?.n ?? 0 };
}

/** The rep's leads a digest counts: open, or sold (their after-sale texts). */
const DIGEST_STATUSES: LeadStatus[] = ["active", "paused", "sold"];

export interface DigestLeads {
  /** Paused by the customer's reply (no `later` set since), whose last text of the thread is theirs: unanswered (never an opted-out number's). */
  waiting: Pick<Lead, "id" | "name">[];
  /** Series texts due before `until`. */
  goingOut: number;
  /** `later` reminders due before `until` (whole leads: the series texts they resume may go today too). */
  reminders: Lead[];
}

/**
 * What a rep's morning digest says, in one round trip and without loading the rep's leads:
 * each unanswered lead's last text is one indexed lookup (messages_lead), not a read of
 * its conversation. Newest leads first.
 */
export async function digestLeads(db: Db, repId: number, until: number): Promise<DigestLeads> {
  const mine = and(eq(leads.repId, repId), inArray(leads.status, DIGEST_STATUSES));
  const [waiting, [going], reminders] = await db.batch([
    waitingQuery(db, mine),
    db
      .select({ n: sql<number>`count(*)` })
      .from(leads)
      .where(and(mine, sql`${leads.nextAt} < ${until}`)),
    db
      .select()
      .from(leads)
      .where(and(mine, sql`${leads.resumeAt} < ${until}`))
      .orderBy(desc(leads.id)),
  ]);
  return { waiting, goingOut: going?.n ?? 0, reminders };
}

/** Another rep's customers whose texts rep `repId` takes while that rep cannot (`cover_rep_id`), with a reply waiting: as in the digest. */
export function coveredWaiting(db: Db, repId: number): Promise<Pick<Lead, "id" | "name">[]> {
  return waitingQuery(db, and(eq(leads.coverRepId, repId), inArray(leads.status, DIGEST_STATUSES))).all();
}

/** The leads of `mine` whose customer wrote the thread's last text, unanswered (the digest's "replies waiting"). */
function waitingQuery(db: Db, mine: SQL | undefined) {
  // The number of the customer who wrote the thread's last text (lastExchange in
  // message-queries: customer, relay or series, not one of ours that never reached them — a
  // step canceled by the very reply), null when the store wrote it.
  const reached = sql.raw(`NOT ("messages"."direction" = 'out' AND "messages"."status" IN (${NEVER_REACHED.map((s) => `'${s}'`).join(", ")}))`);
  const lastCustomer = sql`(SELECT CASE WHEN "messages"."kind" = 'customer' THEN ${messages.from} END FROM "messages" WHERE "messages"."lead_id" = "leads"."id" AND "messages"."kind" IN ('customer', 'relay', 'series') AND ${reached} ORDER BY "messages"."at" DESC, "messages"."id" DESC LIMIT 1)`;
  return db
    .select({ id: leads.id, name: leads.name })
    .from(leads)
    // The customer wrote last: their series stepped aside for it, or they texted first (no
    // series at all). A number that opted out cannot be texted back: its STOP (or anything
    // after it) is not a reply waiting — nor is the last text of a number that opted out
    // and was then fixed to another (its STOP came from the old one).
    .where(
      and(
        mine,
        or(eq(leads.seriesPaused, true), isNull(leads.seriesKey)),
        // A `later` the rep set after the text answers it; one set before it only reminds.
        or(isNull(leads.resumeAt), eq(leads.laterResumes, false)),
        sql`${lastCustomer} IS NOT NULL`,
        sql`NOT ${OPTED_OUT_SQL}`,
        sql`NOT EXISTS (SELECT 1 FROM "opt_outs" WHERE "opt_outs"."phone" = ${lastCustomer})`,
      ),
    )
    .orderBy(desc(leads.id));
}

/** A number's leads, the one that last had contact first (then the newest). */
export const latestContactFirst = [sql`${leads.lastContactAt} IS NULL`, desc(leads.lastContactAt), desc(leads.id)] as const;

/** The lead that last had contact with this number: it decides who gets the customer's reply. */
export function latestLeadForPhone(db: Db, phone: string): Promise<Lead | undefined> {
  return db
    .select()
    .from(leads)
    .where(eq(leads.phone, phone))
    .orderBy(...latestContactFirst)
    .get();
}

/** `latestLeadForPhone` as a statement, with the lead's rep's name. */
export function latestLeadWithPhone(db: Db, phone: string): Statement {
  return prepared(db, "leads.latestWithPhone", () => db.select(withRepName()).from(leads).where(eq(leads.phone, sql.placeholder("phone"))).orderBy(...latestContactFirst).limit(1), { phone });
}

/** Every lead with this number (START: nothing about them changes; their reps are told). */
export function leadsWithPhone(db: Db, phone: string): Promise<Lead[]> {
  return db.select().from(leads).where(eq(leads.phone, phone)).orderBy(desc(leads.id)).all();
}

export async function leadsByIds(db: Db, ids: number[]): Promise<LeadRow[]> {
  if (ids.length === 0) return [];
  return (await db.select(withOptOut).from(leads).where(inArray(leads.id, ids)).all()).map(toRow);
}

/** What the owner sees as a lead's status: `optedout` for an open lead whose number opted out. */
export function leadViewStatus(l: Pick<LeadRow, "status" | "optedOut">): LeadViewStatus {
  return l.optedOut && (l.status === "active" || l.status === "paused") ? "optedout" : l.status;
}

export interface LeadView {
  id: number;
  name: string;
  phone: string;
  product: string;
  status: LeadViewStatus;
  repId: number;
  createdAt: string;
  /** When the next automatic text is due; null while nothing is pending. */
  nextAt: string | null;
  /** When a `later` ends (the rep is reminded and texts resume); null without one. */
  resumeAt: string | null;
  /** True whenever the number is opted out, whatever the status. */
  optedOut: boolean;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** `optedOut` defaults to the row's (from opt_outs); a caller holding a plain Lead passes it. */
export function toLeadView(l: Lead & { optedOut?: boolean }, optedOut = l.optedOut ?? false): LeadView {
  return {
    id: l.id,
    name: l.name,
    phone: l.phone,
    product: l.product,
    status: leadViewStatus({ status: l.status, optedOut }),
    repId: l.repId,
    createdAt: new Date(l.createdAt).toISOString(),
    nextAt: iso(l.nextAt),
    resumeAt: iso(l.resumeAt),
    optedOut,
  };
}

/** Moves every lead of one rep to another (before the first is removed); returns how many. */
export async function handOverLeads(db: Db, fromRepId: number, toRepId: number, now: number): Promise<number> {
  const moved = await db.update(leads).set({ repId: toRepId, repSince: now, updatedAt: now }).where(eq(leads.repId, fromRepId)).returning({ id: leads.id });
  return moved.length;
}

/**
 * The rep's open lead takes `url` as its photo when it has none: the lead as it is then, or
 * undefined. Its `updated_at` stays: the photo completes the rep's own `new`, which `undo`
 * may still take back (it refuses once the lead changed since).
 */
export async function givePhoto(db: Db, id: number, repId: number, url: string): Promise<Lead | undefined> {
  const [given] = await db
    .update(leads)
    .set({ photoUrl: url })
    .where(and(eq(leads.id, id), eq(leads.repId, repId), isNull(leads.photoUrl), inArray(leads.status, ["active", "paused"])))
    .returning();
  return given;
}

/** The lead's photo is dropped (Twilio refused it) if it is still `url`: its texts go on without it. True when it was. */
export async function dropLeadPhoto(db: Db, id: number, url: string, now: number): Promise<boolean> {
  const dropped = await db
    .update(leads)
    .set({ photoUrl: null, updatedAt: now })
    .where(and(eq(leads.id, id), eq(leads.photoUrl, url)))
    .returning({ id: leads.id });
  return dropped.length > 0;
}

/**
 * Moves a lead from `from` (its rep, no longer active) to `to` if it still has `from` (a
 * compare-and-set), and returns the rep it has now: `to`, or the one another text of the
 * customer moved it to first. Null: the lead is gone.
 */
export async function reassignLeadFrom(db: Db, id: number, from: number, to: number, now: number): Promise<number | null> {
  const [moved] = await db
    .update(leads)
    .set({ repId: to, repSince: now, updatedAt: now })
    .where(and(eq(leads.id, id), eq(leads.repId, from)))
    .returning({ repId: leads.repId });
  if (moved) return moved.repId;
  return (await db.select({ repId: leads.repId }).from(leads).where(eq(leads.id, id)).get())?.repId ?? null;
}

/**
 * Makes `cover` the lead's cover if the lead still has the one `seen` (a compare-and-set, in
 * one statement), and returns the cover it has now: another text of the same customer that
 * claimed first keeps its choice, and this text takes it too.
 */
export async function claimCover(db: Db, leadId: number, seen: number | null, cover: number): Promise<number | null> {
  const [row] = await db
    .update(leads)
    .set({ coverRepId: sql`CASE WHEN ${leads.coverRepId} IS ${seen} THEN ${cover} ELSE ${leads.coverRepId} END` })
    .where(eq(leads.id, leadId))
    .returning({ coverRepId: leads.coverRepId });
  return row?.coverRepId ?? null;
}

/** Every lead with an automatic text pending. */
export function leadsWithNextAt(db: Db): Promise<Lead[]> {
  return db.select().from(leads).where(isNotNull(leads.nextAt)).all();
}

/**
 * The engine's own note of when to look at a lead again (a step waiting out quiet hours, a
 * claim another run holds, a lead that threw). A time is written only while the lead is in
 * its series — be-back and active, or after-sale and sold; not paused, not undeliverable — so
 * a change that ended or paused it since the engine read it (lost, a reply) keeps its null.
 */
export async function setNextAt(db: Db, id: number, nextAt: number | null): Promise<void> {
  const inSeries = and(
    sql`${leads.status} = CASE ${leads.seriesKey} WHEN 'beback' THEN 'active' WHEN 'aftersale' THEN 'sold' END`,
    eq(leads.seriesPaused, false),
    eq(leads.undeliverable, false),
  );
  await db.update(leads).set({ nextAt }).where(nextAt === null ? eq(leads.id, id) : and(eq(leads.id, id), inSeries)).run();
}

/** Removes a lead that never got a text (undo of `new`); its messages stay, unlinked. */
export async function deleteUntextedLead(db: Db, id: number): Promise<boolean> {
  // Only while nothing was sent or is being sent to it, checked in the batch itself: a step
  // claimed between the caller's read and this write keeps the lead (and says so: false).
  const untexted = and(
    sql`NOT EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.leadId} = ${id} AND ${messages.direction} = 'out' AND ${messages.to} = (SELECT ${leads.phone} FROM ${leads} WHERE ${leads.id} = ${id}))`,
    sql`NOT EXISTS (SELECT 1 FROM ${stepSends} WHERE ${stepSends.leadId} = ${id})`,
  );
  const [, , deleted] = await db.batch([
    db.update(messages).set({ leadId: null }).where(and(eq(messages.leadId, id), untexted)),
    // The lead's undo entries stay, without it: the rep's last command is the undone `new`, so
    // a second `undo` says "Already undone", not reverting the command before it.
    db.update(undoLog).set({ leadId: null }).where(and(eq(undoLog.leadId, id), untexted)),
    db.delete(leads).where(and(eq(leads.id, id), untexted)).returning({ id: leads.id }),
  ]);
  return deleted.length > 0;
}
