// Numbers that opted out: the only record of an opt-out. Read at every decision to text a
// customer or schedule a text (follow-ups.ts, messenger.ts, the dispatcher) and by views.
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { prepared, type Db, type Statement } from "./client";
import { optIns, optOuts } from "./schema";

export async function isOptedOut(db: Db, phone: string): Promise<boolean> {
  return (await db.select().from(optOuts).where(eq(optOuts.phone, phone)).get()) !== undefined;
}

/** `isOptedOut` as a statement for another query's batch: a row when the number opted out. */
export function optedOutStatement(db: Db, phone: string): Statement {
  return prepared(db, "optOuts.byPhone", () => db.select({ phone: optOuts.phone }).from(optOuts).where(eq(optOuts.phone, sql.placeholder("phone"))), { phone });
}

/** Records the opt-out; true when the number was not opted out before. */
export async function recordOptOut(db: Db, phone: string, now: number): Promise<boolean> {
  const inserted = await db.insert(optOuts).values({ phone, at: now }).onConflictDoNothing().returning();
  return inserted.length > 0;
}

/** The number opted back in at `now`: its opt-out goes, and when it opted in is kept (`optedInSince`). */
export async function clearOptOut(db: Db, phone: string, now: number): Promise<void> {
  await db.batch([
    db.delete(optOuts).where(eq(optOuts.phone, phone)),
    db.insert(optIns).values({ phone, at: now }).onConflictDoUpdate({ target: optIns.phone, set: { at: now } }),
  ]);
}

/** Whether the number opted back in after `at` (a report about a text sent at `at` came late). */
export async function optedInSince(db: Db, phone: string, at: number): Promise<boolean> {
  return (await db.select({ at: optIns.at }).from(optIns).where(and(eq(optIns.phone, phone), gt(optIns.at, at))).get()) !== undefined;
}

/** Which of these numbers are opted out. */
export async function optedOutAmong(db: Db, phones: string[]): Promise<Set<string>> {
  const unique = [...new Set(phones)];
  const found = new Set<string>();
  // D1 allows at most 100 bound parameters a statement.
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await db.select({ phone: optOuts.phone }).from(optOuts).where(inArray(optOuts.phone, unique.slice(i, i + 90))).all();
    for (const r of rows) found.add(r.phone);
  }
  return found;
}
