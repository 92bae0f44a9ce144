// The owner page's sessions (schema `sessions`): one row a signed-in browser.
import { eq, lt } from "drizzle-orm";
import type { Db } from "./client";
import { sessions } from "./schema";

/** A new session; sessions older than `expiredBefore` go at the same time. */
export async function startSession(db: Db, id: string, now: number, expiredBefore: number): Promise<void> {
  await db.batch([db.delete(sessions).where(lt(sessions.createdAt, expiredBefore)), db.insert(sessions).values({ id, createdAt: now })]);
}

/** When the session began, or undefined when there is none by that id (signed out, or never). */
export async function sessionStart(db: Db, id: string): Promise<number | undefined> {
  return (await db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.id, id)).get())?.createdAt;
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id)).run();
}
