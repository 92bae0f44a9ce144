// The undo log: a rep's state-changing commands, newest first, with what they replaced.
import { and, desc, eq, gt, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { leads, undoLog, type EndedAfterSale, type Lead, type LeadSnapshot } from "./schema";

export type UndoableCommand = (typeof undoLog.$inferInsert)["command"];

/** The lead fields any undoable command may change, as they were before it. */
export function snapshotOf(l: Lead): LeadSnapshot {
  const { name, phone, product, status, notes, amountCents, undeliverable } = l;
  const { seriesKey, seriesStartedAt, seriesNextIndex, seriesPaused, resumeAt, laterResumes, notBefore } = l;
  return { name, phone, product, status, notes, amountCents, undeliverable, seriesKey, seriesStartedAt, seriesNextIndex, seriesPaused, resumeAt, laterResumes, notBefore };
}

/** The rep's newest entry since `since` (undone already or not: a second undo is told so). */
export async function lastUndoEntry(db: Db, repId: number, since: number) {
  // The last logged, by id: a command's instant may be a millisecond past the clock (it stamps
  // the lead after its last change), so a `new` right after a `note` could sort before it by time.
  return db.select().from(undoLog).where(and(eq(undoLog.repId, repId), gte(undoLog.at, since))).orderBy(desc(undoLog.id)).get();
}

/** The rep's latest `new` since `since` (undone or not), whatever other commands came after it. */
export async function lastNewEntry(db: Db, repId: number, since: number) {
  return db
    .select()
    .from(undoLog)
    .where(and(eq(undoLog.repId, repId), eq(undoLog.command, "new"), gte(undoLog.at, since)))
    .orderBy(desc(undoLog.id))
    .get();
}

/** Marks the entry undone; false when another undo got there first. */
export async function markUndone(db: Db, id: number, now: number): Promise<boolean> {
  const rows = await db.update(undoLog).set({ undoneAt: now }).where(and(eq(undoLog.id, id), isNull(undoLog.undoneAt))).returning({ id: undoLog.id });
  return rows.length > 0;
}

/** Adds to the rep's newest entry for this lead (the command just logged) the after-sale texts it ended. */
export async function recordEndedAfterSale(db: Db, repId: number, leadId: number, ended: EndedAfterSale[]): Promise<void> {
  if (ended.length === 0) return;
  const newest = db.select({ id: undoLog.id }).from(undoLog).where(and(eq(undoLog.repId, repId), eq(undoLog.leadId, leadId))).orderBy(desc(undoLog.at), desc(undoLog.id)).limit(1);
  await db.update(undoLog).set({ endedAfterSale: ended }).where(inArray(undoLog.id, newest));
}

/**
 * An undone `note`: the lead's notes as they were before it, if they are still as they are
 * now (`current`: a compare-and-set). Nothing else of the lead is touched: a note moved no
 * follow-up, so what happened to the lead since (a text, a reply) stays. False when the notes
 * changed meanwhile.
 */
export async function restoreNotes(db: Db, leadId: number, current: string, notes: string): Promise<boolean> {
  const rows = await db.update(leads).set({ notes }).where(and(eq(leads.id, leadId), eq(leads.notes, current))).returning({ id: leads.id });
  return rows.length > 0;
}

/** Whether a command of any rep was logged on this lead after `entryId` (a note of another rep since: its words are in the notes too). */
export async function laterEntryOnLead(db: Db, leadId: number, entryId: number): Promise<boolean> {
  return (await db.select({ id: undoLog.id }).from(undoLog).where(and(eq(undoLog.leadId, leadId), gt(undoLog.id, entryId))).limit(1)).length > 0;
}
