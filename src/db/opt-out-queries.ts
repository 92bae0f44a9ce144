// Numbers that opted out. Checked right before every send to a customer.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "./client";
import { optOuts } from "./schema";

export async function isOptedOut(db: Db, phone: string): Promise<boolean> {
  return (await db.select().from(optOuts).where(eq(optOuts.phone, phone)).get()) !== undefined;
}

export async function recordOptOut(db: Db, phone: string, now: number): Promise<void> {
  await db.insert(optOuts).values({ phone, at: now }).onConflictDoNothing().run();
}

export async function clearOptOut(db: Db, phone: string): Promise<void> {
  await db.delete(optOuts).where(eq(optOuts.phone, phone)).run();
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
