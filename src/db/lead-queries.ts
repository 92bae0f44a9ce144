// Leads: one customer of one rep, with a status the follow-up engine honours. Whether the
// number opted out is not a lead field: views read it from opt_outs (`optedOut` below).
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { leads, messages, stepSends, undoLog, type Lead, type LeadStatus, type LeadViewStatus } from "./schema";

/** A lead as the views show it: with whether its number is opted out (from opt_outs). */
export type LeadRow = Lead & { optedOut: boolean };

// Spelled out with table names: drizzle renders a column of the selected table unqualified,
// and "phone" = "phone" inside the subquery would match every opt-out.
const OPTED_OUT_SQL = sql`EXISTS (SELECT 1 FROM "opt_outs" WHERE "opt_outs"."phone" = "leads"."phone")`;
const optedOutColumn = sql<number>`${OPTED_OUT_SQL}`.mapWith(Boolean);
const withOptOut = { lead: leads, optedOut: optedOutColumn };
const toRow = (r: { lead: Lead; optedOut: boolean }): LeadRow => ({ ...r.lead, optedOut: Boolean(r.optedOut) });

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

export async function getLeadRow(db: Db, id: number): Promise<LeadRow | undefined> {
  const r = await db.select(withOptOut).from(leads).where(eq(leads.id, id)).get();
  return r && toRow(r);
}

/**
 * The owner's list, by the status the owner sees (leadViewStatus): `optedout` lists every
 * lead whose number is opted out, whatever its own status; `active`/`paused` leave them out.
 */
export async function listLeads(db: Db, status?: LeadViewStatus): Promise<LeadRow[]> {
  const optedOut = OPTED_OUT_SQL;
  const where =
    status === undefined
      ? undefined
      : status === "optedout"
        ? optedOut
        : status === "active" || status === "paused"
          ? and(eq(leads.status, status), sql`NOT ${optedOut}`)
          : eq(leads.status, status);
  const rows = await db.select(withOptOut).from(leads).where(where).orderBy(desc(leads.id)).all();
  return rows.map(toRow);
}

export async function leadsOfRep(db: Db, repId: number): Promise<LeadRow[]> {
  return (await db.select(withOptOut).from(leads).where(eq(leads.repId, repId)).orderBy(desc(leads.id)).all()).map(toRow);
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

export async function setLeadStatus(db: Db, id: number, status: LeadStatus, now: number): Promise<void> {
  await db.update(leads).set({ status, updatedAt: now }).where(eq(leads.id, id)).run();
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
  const moved = await db.update(leads).set({ repId: toRepId, updatedAt: now }).where(eq(leads.repId, fromRepId)).returning({ id: leads.id });
  return moved.length;
}

export async function reassignLead(db: Db, id: number, repId: number, now: number): Promise<void> {
  await db.update(leads).set({ repId, updatedAt: now }).where(eq(leads.id, id)).run();
}

/** Every lead with an automatic text pending. */
export function leadsWithNextAt(db: Db): Promise<Lead[]> {
  return db.select().from(leads).where(isNotNull(leads.nextAt)).all();
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
