// Leads: one customer of one rep, with a status the follow-up engine honours.
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "./client";
import { leads, messages, stepSends, undoLog, type Lead, type LeadStatus } from "./schema";

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
    .values({ ...lead, createdAt: now, updatedAt: now, lastContactAt: now })
    .returning();
  if (!row) throw new Error("insert into leads returned no row");
  return row;
}

export function getLead(db: Db, id: number): Promise<Lead | undefined> {
  return db.select().from(leads).where(eq(leads.id, id)).get();
}

export function listLeads(db: Db, status?: LeadStatus): Promise<Lead[]> {
  const q = db.select().from(leads);
  return (status ? q.where(eq(leads.status, status)) : q).orderBy(desc(leads.id)).all();
}

export function leadsOfRep(db: Db, repId: number): Promise<Lead[]> {
  return db.select().from(leads).where(eq(leads.repId, repId)).orderBy(desc(leads.id)).all();
}

/** The lead that last had contact with this number: it decides who gets the customer's reply. */
export function latestLeadForPhone(db: Db, phone: string): Promise<Lead | undefined> {
  return db
    .select()
    .from(leads)
    .where(eq(leads.phone, phone))
    .orderBy(sql`${leads.lastContactAt} IS NULL`, desc(leads.lastContactAt), desc(leads.id))
    .get();
}

export async function setLeadStatus(db: Db, id: number, status: LeadStatus, now: number): Promise<void> {
  await db.update(leads).set({ status, updatedAt: now }).where(eq(leads.id, id)).run();
}

/** A customer wrote: a person is talking now, so the series steps aside (be-back leads become `paused`). */
export async function markReplied(db: Db, id: number, now: number): Promise<void> {
  await db
    .update(leads)
    .set({
      status: sql`CASE WHEN ${leads.status} = 'active' THEN 'paused' ELSE ${leads.status} END`,
      seriesPaused: true,
      nextAt: null,
      lastContactAt: now,
      updatedAt: now,
    })
    .where(eq(leads.id, id))
    .run();
}

export async function touchLead(db: Db, id: number, now: number): Promise<void> {
  await db.update(leads).set({ lastContactAt: now, updatedAt: now }).where(eq(leads.id, id)).run();
}

/** Every lead with this number becomes `optedout`; returns the leads that changed. */
export function optOutLeadsByPhone(db: Db, phone: string, now: number): Promise<Lead[]> {
  return db
    .update(leads)
    // SQLite reads the old row on the right-hand side: opted_out_from keeps the status before.
    .set({ status: "optedout", optedOutFrom: sql`${leads.status}`, seriesPaused: true, nextAt: null, resumeAt: null, updatedAt: now })
    .where(and(eq(leads.phone, phone), ne(leads.status, "optedout")))
    .returning();
}

export function leadsByIds(db: Db, ids: number[]): Promise<Lead[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(leads).where(inArray(leads.id, ids)).all();
}

export interface LeadView {
  id: number;
  name: string;
  phone: string;
  product: string;
  status: LeadStatus;
  repId: number;
  createdAt: string;
  nextAt: string | null;
  /** When a `later` (or the owner's pause) ends, or null. */
  resumeAt: string | null;
  /** The number is opted out, whatever the status. */
  optedOut: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toLeadView(l: Lead, optedOut = l.status === "optedout"): LeadView {
  return {
    id: l.id,
    name: l.name,
    phone: l.phone,
    product: l.product,
    status: l.status,
    repId: l.repId,
    createdAt: new Date(l.createdAt).toISOString(),
    nextAt: iso(l.nextAt),
    resumeAt: iso(l.resumeAt),
    optedOut,
  };
}

/** Moves every lead of one rep to another (before the first is removed); returns how many. */
export async function handOverLeads(db: Db, fromRepId: number, toRepId: number, now: number): Promise<number> {
  const moved = await db.update(leads).set({ repId: toRepId, updatedAt: now }).where(eq(leads.repId, fromRepId)).returning({ id: leads.id });
  return moved.length;
}

export async function reassignLead(db: Db, id: number, repId: number, now: number): Promise<void> {
  await db.update(leads).set({ repId, updatedAt: now }).where(eq(leads.id, id)).run();
}

/**
 * START: opted-out leads of this number get their status back — sold and lost stay so,
 * anything else becomes `paused`. No series restarts by itself (series_paused stays set).
 */
export function optInLeadsByPhone(db: Db, phone: string, now: number): Promise<Lead[]> {
  return db
    .update(leads)
    .set({
      status: sql`CASE WHEN ${leads.optedOutFrom} IN ('sold', 'lost') THEN ${leads.optedOutFrom} ELSE 'paused' END`,
      optedOutFrom: null,
      updatedAt: now,
    })
    .where(and(eq(leads.phone, phone), eq(leads.status, "optedout")))
    .returning();
}

/** Twilio refused the number (21211, 21614): no more texts until the rep fixes it. Returns the lead if it flipped now. */
export async function markUndeliverable(db: Db, id: number, now: number): Promise<Lead | undefined> {
  const [flipped] = await db
    .update(leads)
    .set({ undeliverable: true, nextAt: null, updatedAt: now })
    .where(and(eq(leads.id, id), eq(leads.undeliverable, false)))
    .returning();
  return flipped;
}

/** Writes some of a lead's fields (updated_at is set); returns the lead as it is now. */
export async function updateLead(db: Db, id: number, patch: Partial<Omit<Lead, "id" | "createdAt" | "updatedAt">>, now: number): Promise<Lead | undefined> {
  const [row] = await db.update(leads).set({ ...patch, updatedAt: now }).where(eq(leads.id, id)).returning();
  return row;
}

export async function setNextAt(db: Db, id: number, nextAt: number | null): Promise<void> {
  await db.update(leads).set({ nextAt }).where(eq(leads.id, id)).run();
}

/** Removes a lead that never got a text (undo of `new`); its messages stay, unlinked. */
export async function deleteUntextedLead(db: Db, id: number): Promise<void> {
  await db.batch([
    db.update(messages).set({ leadId: null }).where(eq(messages.leadId, id)),
    db.delete(stepSends).where(eq(stepSends.leadId, id)),
    db.delete(undoLog).where(eq(undoLog.leadId, id)),
    db.delete(leads).where(eq(leads.id, id)),
  ]);
}
