// The rows GET /api/stats aggregates (src/series/stats.ts does the counting).
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, notInArray, or, sql } from "drizzle-orm";
import { NOT_A_LOST_TEXT, TRIED_AGAIN } from "../domain/carrier-reasons";
import type { Db } from "./client";
import { NEVER_REACHED } from "./message-queries";
import { leads, messages, stepSends } from "./schema";

/** Series texts that reached Twilio (have a sid) since `since`, with their delivery status. */
export function sentSeriesTexts(db: Db, since: number) {
  return db
    .select({ leadId: messages.leadId, seriesKey: messages.seriesKey, stepIndex: messages.stepIndex, at: messages.at, status: messages.status })
    .from(messages)
    .where(and(eq(messages.kind, "series"), isNotNull(messages.sid), gte(messages.at, since)))
    .all();
}

/**
 * A rep's (or the owner's) own texts to customers (relays) that reached Twilio since `since`
 * and were not refused or undelivered: a reply after one answers the person, not a step.
 */
export function sentRepTexts(db: Db, since: number) {
  return db
    .select({ leadId: messages.leadId, at: messages.at })
    .from(messages)
    .where(and(eq(messages.kind, "relay"), isNotNull(messages.sid), notInArray(messages.status, [...NEVER_REACHED]), gte(messages.at, since)))
    .all();
}

/** Customers' texts since `since`, in the order they came (their words and order tell a reply from an opt-out or an opt-in). */
export function customerTexts(db: Db, since: number) {
  return db
    .select({ leadId: messages.leadId, phone: messages.from, at: messages.at, body: messages.body })
    .from(messages)
    .where(and(eq(messages.kind, "customer"), gte(messages.at, since)))
    .orderBy(asc(messages.at), asc(messages.id))
    .all();
}

/**
 * Our texts (to customers and to reps) that did not reach the phone since `since`, counted
 * by Twilio's error code, the commonest first: failed (refused for good) or undelivered (the
 * carrier's report), but not those whose code says no text was lost (`NOT_A_LOST_TEXT`), nor
 * a follow-up's try Twilio was busy for that was not the step's last, given up
 * (`TRIED_AGAIN`). Index `messages_undelivered`: its condition is written here as it is
 * there, so SQLite uses it.
 */
export function undeliveredTexts(db: Db, since: number) {
  const texts = sql<number>`count(*)`;
  return db
    .select({ errorCode: messages.errorCode, texts })
    .from(messages)
    .where(
      and(
        sql`${messages.direction} = 'out' AND ${messages.status} IN ('failed', 'undelivered')`,
        gte(messages.at, since),
        or(isNull(messages.errorCode), notInArray(messages.errorCode, [...NOT_A_LOST_TEXT])),
        // A follow-up's try Twilio was busy for counts only as the step's last, given up (its
        // ledger row failed on it): one tried again since, or waiting to be, or stopped by a
        // reply meanwhile, lost no text (second fixes audit).
        sql`NOT (${inArray(messages.errorCode, [...TRIED_AGAIN])} AND ${messages.kind} = 'series' AND NOT EXISTS (SELECT 1 FROM ${stepSends} WHERE ${stepSends.leadId} = ${messages.leadId} AND ${stepSends.seriesKey} = ${messages.seriesKey} AND ${stepSends.stepIndex} = ${messages.stepIndex} AND ${stepSends.messageId} = ${messages.id} AND ${stepSends.status} = 'failed'))`,
      ),
    )
    .groupBy(messages.errorCode)
    .orderBy(desc(texts), asc(messages.errorCode))
    .all();
}

/** Sales: a sale starts the after-sale series, so its start is the moment of the sale. */
export function sales(db: Db) {
  return db
    .select({ leadId: leads.id, at: leads.seriesStartedAt, amountCents: leads.amountCents, repId: sql<number>`coalesce(${leads.soldByRepId}, ${leads.repId})` })
    .from(leads)
    .where(and(eq(leads.status, "sold"), eq(leads.seriesKey, "aftersale")))
    .all();
}

/** Every lead's rep now, the rep who added it, and its creation time (per-rep counts). */
export function leadOwners(db: Db) {
  return db.select({ id: leads.id, repId: leads.repId, addedBy: sql<number>`coalesce(${leads.addedByRepId}, ${leads.repId})`, createdAt: leads.createdAt }).from(leads).all();
}
