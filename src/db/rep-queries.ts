// Reps: the salespeople who text the store number.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { prepared, type Db, type Statement } from "./client";
import { leads, messages, reps, undoLog, type Rep } from "./schema";

export interface RepView {
  id: number;
  name: string;
  phone: string;
  active: boolean;
}

export function toRepView(r: Rep): RepView {
  return { id: r.id, name: r.name, phone: r.phone, active: r.active };
}

export function listReps(db: Db): Promise<Rep[]> {
  return db.select().from(reps).orderBy(asc(reps.id)).all();
}

export function getRep(db: Db, id: number): Promise<Rep | undefined> {
  return db.select().from(reps).where(eq(reps.id, id)).get();
}

export function getRepByPhone(db: Db, phone: string): Promise<Rep | undefined> {
  return db.select().from(reps).where(eq(reps.phone, phone)).get();
}

/** `getRepByPhone` as a statement, for another read's batch: a row, or none. */
export function repWithPhoneStatement(db: Db, phone: string): Statement {
  return prepared(db, "reps.byPhone", () => db.select().from(reps).where(eq(reps.phone, sql.placeholder("phone"))), { phone });
}

export async function insertRep(db: Db, rep: { name: string; phone: string; active: boolean }, now: number): Promise<Rep> {
  const [row] = await db.insert(reps).values({ ...rep, createdAt: now }).returning();
  if (!row) throw new Error("insert into reps returned no row");
  return row;
}

export async function updateRep(db: Db, id: number, patch: Partial<Pick<Rep, "name" | "phone" | "active">>): Promise<Rep | undefined> {
  if (Object.keys(patch).length === 0) return getRep(db, id);
  const [row] = await db.update(reps).set(patch).where(eq(reps.id, id)).returning();
  return row;
}

/** Puts a rep's name, phone and active back as they were, only if the name is still the one given (nobody renamed them since). */
export async function restoreRepIf(db: Db, id: number, current: string, was: Pick<Rep, "name" | "phone" | "active">): Promise<void> {
  await db.update(reps).set({ name: was.name, phone: was.phone, active: was.active }).where(and(eq(reps.id, id), eq(reps.name, current)));
}

/**
 * The store's zone changed: a digest sent on the old zone's today counts as sent on the new
 * zone's today (Tokyo's Tuesday is New York's Monday): no second one today, and tomorrow's on time.
 */
export async function carryDigestDay(db: Db, oldToday: string, newToday: string): Promise<void> {
  if (oldToday !== newToday) await db.update(reps).set({ digestSentOn: newToday }).where(eq(reps.digestSentOn, oldToday));
}

export async function countLeadsOfRep(db: Db, repId: number): Promise<number> {
  const row = await db.select({ n: count() }).from(leads).where(eq(leads.repId, repId)).get();
  return row?.n ?? 0;
}

/**
 * Removes a rep who owns no leads. Their texts stay in the log without a rep, and their
 * undo history goes (nothing of theirs is left to undo).
 */
export async function deleteRep(db: Db, id: number): Promise<boolean> {
  const [, , removed] = await db.batch([
    db.update(messages).set({ repId: null }).where(eq(messages.repId, id)),
    db.delete(undoLog).where(eq(undoLog.repId, id)),
    db.delete(reps).where(eq(reps.id, id)).returning({ id: reps.id }),
  ]);
  return removed.length > 0;
}

/** A rep's own command (`away`, `back`, `digest`) as its undo log has it: what `undo` answers after it. */
export interface RepCommandLog {
  command: "away" | "back" | "digest";
  summary: string;
  at: number;
}

/** The log entry of a rep's own command, written in the batch of its change. */
function logStatement(db: Db, id: number, log: RepCommandLog) {
  return db.insert(undoLog).values({ repId: id, command: log.command, leadId: null, before: null, summary: log.summary, at: log.at });
}

/** `away` / `back` (`awayUntil` null), with its undo log entry when given. */
export async function setRepAway(db: Db, id: number, awayUntil: number | null, log?: RepCommandLog): Promise<void> {
  const update = db.update(reps).set({ awayUntil }).where(eq(reps.id, id));
  if (log) await db.batch([update, logStatement(db, id, log)]);
  else await update.run();
}

/** `digest on` / `off`; `sentOn`: the day its digest counts as sent (series/digest `digestSentOnWhenTurnedOn`). */
export async function setRepDigest(db: Db, id: number, digest: boolean, sentOn?: string | null, log?: RepCommandLog): Promise<void> {
  const update = db.update(reps).set({ digest, ...(sentOn !== undefined ? { digestSentOn: sentOn } : {}) }).where(eq(reps.id, id));
  if (log) await db.batch([update, logStatement(db, id, log)]);
  else await update.run();
}
