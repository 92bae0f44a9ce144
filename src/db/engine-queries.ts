// The follow-up engine's queue reads and claims: which leads, reminders and digests are
// due, and when the next one is. Every read is an indexed range read (leads_next_at,
// leads_resume_at) or a small table (reps), so its cost does not grow with the leads.
import { and, asc, eq, isNotNull, isNull, lte, min } from "drizzle-orm";
import type { Db } from "./client";
import { leads, reps, type Lead, type Rep } from "./schema";

/** Leads whose next step is due at `now`, oldest first (leads_next_at). */
export async function dueStepLeadIds(db: Db, now: number, limit: number): Promise<number[]> {
  const rows = await db.select({ id: leads.id }).from(leads).where(lte(leads.nextAt, now)).orderBy(asc(leads.nextAt), asc(leads.id)).limit(limit).all();
  return rows.map((r) => r.id);
}

/** When the earliest pending step is due (null: none). */
export async function earliestNextAt(db: Db): Promise<number | null> {
  const row = await db.select({ at: min(leads.nextAt) }).from(leads).get();
  return row?.at ?? null;
}

/** `later` reminders that came due, oldest first (leads_resume_at). */
export function dueReminders(db: Db, now: number, limit: number): Promise<Lead[]> {
  return db
    .select()
    .from(leads)
    .where(and(isNotNull(leads.resumeAt), lte(leads.resumeAt, now)))
    .orderBy(asc(leads.resumeAt))
    .limit(limit)
    .all();
}

/** When the earliest `later` reminder is due (null: none). */
export async function earliestResumeAt(db: Db): Promise<number | null> {
  const row = await db.select({ at: min(leads.resumeAt) }).from(leads).get();
  return row?.at ?? null;
}

/** Claims a reminder by clearing resume_at, if it still holds the value read: a repeated alarm cannot send it twice. */
export async function claimReminder(db: Db, lead: Pick<Lead, "id" | "resumeAt">): Promise<Lead | undefined> {
  const [claimed] = await db
    .update(leads)
    .set({ resumeAt: null })
    .where(and(eq(leads.id, lead.id), eq(leads.resumeAt, lead.resumeAt ?? 0)))
    .returning();
  return claimed;
}

/** Active reps who asked for the daily digest. */
export function digestReps(db: Db): Promise<Rep[]> {
  return db.select().from(reps).where(and(eq(reps.digest, true), eq(reps.active, true))).all();
}

/** Claims today's digest for a rep (conditional on the day last sent): a repeated alarm cannot send it twice. */
export async function claimDigest(db: Db, rep: Pick<Rep, "id" | "digestSentOn">, today: string): Promise<boolean> {
  const [claimed] = await db
    .update(reps)
    .set({ digestSentOn: today })
    .where(and(eq(reps.id, rep.id), rep.digestSentOn === null ? isNull(reps.digestSentOn) : eq(reps.digestSentOn, rep.digestSentOn)))
    .returning({ id: reps.id });
  return claimed !== undefined;
}

/** A step went out: the lead had contact now and moves to its next step (if it is still on this one). */
export async function advanceLead(db: Db, leadId: number, seriesKey: string, stepIndex: number, contactedAt: number | null): Promise<void> {
  await db
    .update(leads)
    .set({ seriesNextIndex: stepIndex + 1, ...(contactedAt === null ? {} : { lastContactAt: contactedAt }) })
    .where(and(eq(leads.id, leadId), eq(leads.seriesNextIndex, stepIndex), eq(leads.seriesKey, seriesKey as Lead["seriesKey"] & string)))
    .run();
}

/** A retry's backoff: the step may not go again before `at`. */
export async function setNotBefore(db: Db, leadId: number, at: number): Promise<void> {
  await db.update(leads).set({ notBefore: at }).where(eq(leads.id, leadId)).run();
}
