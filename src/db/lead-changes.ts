// The writes of a lead's series state (the transitions themselves are pure:
// src/series/lead-transitions.ts; src/series/follow-ups.ts puts the two together).
// - `readForChange`: what a change needs, in one round trip: the lead, whether its number
//   (and a number it is about to get) opted out, and the owner's series.
// - `writeLeadPatch`: the patch with its `next_at` in one batch (`runBatch`), guarded by the lead's
//   `updated_at` as read, so a change computed from a lead that something else changed in
//   between (a reply, a STOP) writes nothing; a rep's undoable command writes its undo
//   entry in the same batch, stamped with the instant the lead's `updated_at` now holds.
// - `writeLeadPatches`: several leads' patches (a reply, an opt-out of every lead of a
//   number, a refused number), each guarded the same way, in one batch.
// - `insertLeadWithSeries`: a `new` in one batch (the lead with its series, and the undo entry).
// - `waitingLeads` / `writeNextAts`: the leads with something pending, a page at a time, and their new times.
import { and, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { batchInChunks, placeholders, prepared, runBatch, setKeys, type Db, type Statement } from "./client";
import { unlinkedTextsFrom, type EarlierText } from "./message-queries";
import { optedOutStatement } from "./opt-out-queries";
import { leads, messages, optOuts, series, undoLog, type Lead, type Rep, type SeriesKey, type SeriesStepRow } from "./schema";
import { afterSaleWithPhone, latestLeadWithPhone, openLeadsWithPhone, withSearchKeys, type LeadWithRepName } from "./lead-queries";
import { repWithPhoneStatement } from "./rep-queries";
import { snapshotOf, type UndoableCommand } from "./undo-queries";

/** A rep's undoable command, logged with the change it made. */
export interface UndoEntry {
  repId: number;
  command: UndoableCommand;
  summary: string;
}

export interface ChangeInputs {
  lead: Lead | undefined;
  /** Which of the lead's number and `otherPhone` are opted out. */
  optedOut: Set<string>;
  /** The owner's saved series (a missing key uses the defaults). */
  savedSeries: { key: SeriesKey; steps: SeriesStepRow[] }[];
}

export async function readForChange(db: Db, leadId: number, otherPhone?: string): Promise<ChangeInputs> {
  const [found, optedOutRows, savedSeries] = await db.batch([
    db.select().from(leads).where(eq(leads.id, leadId)),
    db
      .select({ phone: optOuts.phone })
      .from(optOuts)
      .where(sql`${optOuts.phone} IN (SELECT "leads"."phone" FROM "leads" WHERE "leads"."id" = ${leadId}) OR ${optOuts.phone} = ${otherPhone ?? null}`),
    db.select({ key: series.key, steps: series.steps }).from(series),
  ]);
  return { lead: found[0], optedOut: new Set(optedOutRows.map((r) => r.phone)), savedSeries };
}

/** The lead's fields a patch may write. */
export type LeadWrite = Partial<Omit<Lead, "id" | "createdAt">> & { updatedAt: number };

/**
 * Writes the patch if the lead is still as read (same `updated_at`), with the undo entry in
 * the same batch (inserted only if the lead was written). Returns the lead as written, or
 * undefined when something else changed it first.
 */
export async function writeLeadPatch(db: Db, before: Lead, patch: LeadWrite, undo?: UndoEntry): Promise<Lead | undefined> {
  const write = leadPatchStatement(db, before, patch);
  const log = undo
    ? [
        prepared(
          db,
          "undoLog.ofPatch",
          () =>
            db.insert(undoLog).select(
              db
                .select({
                  // Every column, in the table's order (drizzle's INSERT … SELECT asks for it).
                  id: sql<number | null>`NULL`.as("id"),
                  repId: sql<number>`${sql.placeholder("repId")}`.as("rep_id"),
                  command: sql<UndoableCommand>`${sql.placeholder("command")}`.as("command"),
                  leadId: leads.id,
                  before: sql<string>`${sql.placeholder("before")}`.as("before"),
                  summary: sql<string>`${sql.placeholder("summary")}`.as("summary"),
                  at: leads.updatedAt,
                  undoneAt: sql<number | null>`NULL`.as("undone_at"),
                  endedAfterSale: sql<string | null>`NULL`.as("ended_after_sale"),
                })
                .from(leads)
                .where(and(eq(leads.id, sql.placeholder("$leadId")), eq(leads.updatedAt, sql.placeholder("$updatedAt")))),
            ),
          { repId: undo.repId, command: undo.command, before: JSON.stringify(snapshotOf(before)), summary: undo.summary, $leadId: before.id, $updatedAt: patch.updatedAt },
        ),
      ]
    : [];
  const [written] = (await runBatch(db, [write, ...log])) as [Lead[]];
  return written[0];
}

/**
 * Several leads' patches in one batch, each written only if its lead is still as read
 * (same `updated_at`). Returns each lead as written, or undefined where something else
 * changed it first.
 */
export async function writeLeadPatches(db: Db, changes: { before: Lead; patch: LeadWrite }[]): Promise<(Lead | undefined)[]> {
  const written = (await runBatch(
    db,
    changes.map(({ before, patch }) => leadPatchStatement(db, before, patch)),
  )) as Lead[][];
  return written.map((rows) => rows[0]);
}

/**
 * One lead's patch, written only if the lead is still as read (same `updated_at`), as a
 * statement for another write's batch; its result is the lead as written, or no row when
 * something else changed it first.
 */
export function leadPatchStatement(db: Db, before: Lead, patch: LeadWrite): Statement {
  const fields = withSearchKeys(patch);
  const keys = setKeys(fields);
  return prepared(
    db,
    `leads.patch:${keys}`,
    () =>
      db
        .update(leads)
        .set(placeholders(keys))
        .where(and(eq(leads.id, sql.placeholder("$id")), eq(leads.updatedAt, sql.placeholder("$updatedAt"))))
        .returning(),
    { ...fields, $id: before.id, $updatedAt: before.updatedAt },
  );
}

/** What a `new` reads, in one round trip: whether the number opted out, the owner's saved series, and (a rep's `new`) who holds the number already. */
export interface NewLeadInputs extends Omit<ChangeInputs, "lead"> {
  /** Who has the number already (a rep's `new` asks): open leads of any rep, and a rep whose phone it is. */
  holders?: PhoneHolders;
}

/** Who a number belongs to already: the open (active or paused) leads with it, of any rep, and a rep whose own phone it is. */
export interface PhoneHolders {
  open: LeadWithRepName[];
  rep: Rep | undefined;
  /** Sold leads of the number with after-sale texts to come: a new series for it ends theirs. */
  afterSale: Lead[];
}

/** Who has a closed lead's number now (`readNumberNow`). */
export interface NumberNow {
  latest: LeadWithRepName | undefined;
  rep: Rep | undefined;
}

/** The reads of `PhoneHolders`, for a batch. */
export function phoneHolderReads(db: Db, phone: string): Statement[] {
  return [openLeadsWithPhone(db, phone), repWithPhoneStatement(db, phone), afterSaleWithPhone(db, phone)];
}

const asHolders = ([open, rep, afterSale]: unknown[]): PhoneHolders => ({ open: open as LeadWithRepName[], rep: (rep as Rep[])[0], afterSale: afterSale as Lead[] });

/** Who has the number, in one round trip (`fix phone`). */
export async function readPhoneHolders(db: Db, phone: string): Promise<PhoneHolders> {
  return asHolders(await runBatch(db, phoneHolderReads(db, phone)));
}

/** Who has a closed lead's number now, in one round trip: its latest lead (`latestLeadForPhone`'s order), and the rep whose phone it is. */
export async function readNumberNow(db: Db, phone: string): Promise<NumberNow> {
  const [latest, rep] = (await runBatch(db, [latestLeadWithPhone(db, phone), repWithPhoneStatement(db, phone)])) as [LeadWithRepName[], Rep[]];
  return { latest: latest[0], rep: rep[0] };
}

/** What a new lead is written with, in one round trip; `withHolders`: who has the number already, too (a rep's `new`). */
export async function readForNew(db: Db, phone: string, withHolders = false): Promise<NewLeadInputs> {
  const saved = prepared(db, "series.saved", () => db.select({ key: series.key, steps: series.steps }).from(series), {});
  const [optedOutRows, savedSeries, ...holders] = (await runBatch(db, [optedOutStatement(db, phone), saved, ...(withHolders ? phoneHolderReads(db, phone) : [])])) as [
    { phone: string }[],
    ChangeInputs["savedSeries"],
    ...unknown[],
  ];
  return { optedOut: new Set(optedOutRows.map((r) => r.phone)), savedSeries, ...(withHolders ? { holders: asHolders(holders) } : {}) };
}

/**
 * A new lead with its series state, and the undo entry, in one `db.batch`: a failure leaves
 * nothing behind (no lead without a series that the rep could not create again).
 */
export async function insertLeadWithSeries(db: Db, values: Omit<Lead, "id">, undo?: UndoEntry): Promise<{ lead: Lead; earlier: EarlierText[] }> {
  const fields = withSearchKeys(values);
  const keys = setKeys(fields);
  const insert = prepared(db, `leads.insert:${keys}`, () => db.insert(leads).values(placeholders<typeof leads.$inferInsert>(keys)).returning(), fields);
  // In a batch the statements run in order in one transaction: last_insert_rowid() is the lead's.
  const log = undo
    ? [
        prepared(
          db,
          "undoLog.ofNew",
          () =>
            db.insert(undoLog).values({
              repId: sql.placeholder("repId"),
              command: sql.placeholder("command"),
              leadId: sql`last_insert_rowid()`,
              before: null,
              summary: sql.placeholder("summary"),
              at: sql.placeholder("at"),
            }),
          { repId: undo.repId, command: undo.command, summary: undo.summary, at: values.updatedAt },
        ),
      ]
    : [];
  // The number's texts that reached no lead (the store had no rep to take them) are this lead's
  // conversation from its start (an UPDATE leaves last_insert_rowid() the lead's).
  const linkEarlier = prepared(
    db,
    "messages.linkToInsertedLead",
    () =>
      db
        .update(messages)
        .set({ ...placeholders<{ repId: number }>(["repId"]), leadId: sql`last_insert_rowid()` })
        .where(unlinkedTextsFrom(sql.placeholder("phone")))
        .returning({ id: messages.id, at: messages.at, body: messages.body, media: messages.media }),
    { repId: values.repId, phone: values.phone },
  );
  const [inserted, earlier] = (await runBatch(db, [insert, linkEarlier, ...log])) as [Lead[], (EarlierText & { id: number; at: number })[]];
  const row = inserted[0];
  if (!row) throw new Error("insert into leads returned no row");
  return { lead: row, earlier: earlier.sort((a, b) => a.at - b.at || a.id - b.id) };
}


/** How many waiting leads rescheduling reads and writes at a time (what one page holds in memory). */
export const WAITING_PAGE = 1_000;

/** A page of waiting leads after `afterId`, by id (through the partial index `leads_waiting`). */
export function waitingPage(db: Db, seriesKey: SeriesKey | undefined, afterId: number) {
  const pending = and(seriesKey ? eq(leads.seriesKey, seriesKey) : undefined, isNotNull(leads.nextAt), gt(leads.id, afterId));
  return db.select().from(leads).where(pending).orderBy(leads.id).limit(WAITING_PAGE);
}

/**
 * One page of the leads with something pending (of one series, or all): the first
 * `WAITING_PAGE` by id after `afterId`, with what rescheduling needs. A page, not every one:
 * a store's 100,000 waiting leads read at once would not fit a Worker's 128 MB.
 */
export async function waitingLeads(db: Db, seriesKey: SeriesKey | undefined, afterId: number): Promise<Omit<ChangeInputs, "lead"> & { leads: Lead[] }> {
  const [waiting, optedOutRows, savedSeries] = await db.batch([
    waitingPage(db, seriesKey, afterId),
    // The page's numbers that opted out: its phones, by the same page read once more.
    db.select({ phone: optOuts.phone }).from(optOuts).where(inArray(optOuts.phone, db.select({ phone: sql<string>`phone` }).from(waitingPage(db, seriesKey, afterId).as("page")))),
    db.select({ key: series.key, steps: series.steps }).from(series),
  ]);
  return { leads: waiting, optedOut: new Set(optedOutRows.map((r) => r.phone)), savedSeries };
}

/**
 * Writes new `next_at` times (only them: nothing about the leads changed, so `updated_at`
 * stays), each only if its lead is still as read (same `updated_at`), 100 statements a
 * batch. Returns the ids of the leads that something else changed in between (not written).
 */
export async function writeNextAts(db: Db, updates: { id: number; updatedAt: number; nextAt: number | null }[]): Promise<number[]> {
  const written = (await batchInChunks(
    db,
    updates.map((u) =>
      db
        .update(leads)
        .set({ nextAt: u.nextAt })
        .where(and(eq(leads.id, u.id), eq(leads.updatedAt, u.updatedAt)))
        .returning({ id: leads.id }),
    ),
  )) as { id: number }[][];
  return updates.filter((_, j) => written[j]!.length === 0).map((u) => u.id);
}
