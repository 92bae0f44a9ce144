// Numbers that opted out. Checked right before every send to a customer.
import { eq } from "drizzle-orm";
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
