// What an inbound text is routed by, read in one round trip: the store's settings, the rep
// whose phone sent it, and the sender's latest lead and that lead's rep. Every read is a
// point or indexed read (settings id, reps_phone, leads_phone), so the cost is the same
// with 100,000 leads as with 1,000.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "./client";
import { latestContactFirst } from "./lead-queries";
import { leads, messages, reps, settings, type Lead, type NewMessage, type Rep } from "./schema";
import { toStoreSettings, type StoreSettings } from "./settings-queries";

export interface InboundRead {
  settings: StoreSettings;
  /** The rep whose phone sent the text (a rep's command or reply). */
  rep: Rep | undefined;
  /** The sender's latest lead (lead-queries `latestLeadForPhone`), and its rep. */
  lead: Lead | undefined;
  leadRep: Rep | undefined;
}

export async function readInbound(db: Db, from: string): Promise<InboundRead> {
  const [settingsRows, senderRows, leadRows, leadRepRows] = await db.batch([
    db.select().from(settings).where(eq(settings.id, 1)),
    db.select().from(reps).where(eq(reps.phone, from)),
    db.select().from(leads).where(eq(leads.phone, from)).orderBy(...latestContactFirst).limit(1),
    db
      .select()
      .from(reps)
      .where(inArray(reps.id, db.select({ id: leads.repId }).from(leads).where(eq(leads.phone, from)).orderBy(...latestContactFirst).limit(1))),
  ]);
  const row = settingsRows[0];
  if (!row) throw new Error("settings row missing: are the D1 migrations applied?");
  return { settings: toStoreSettings(row), rep: senderRows[0], lead: leadRows[0], leadRep: leadRepRows[0] };
}

/**
 * An inbound text recorded as handled (`received`), as a statement for the batch that
 * writes what it did: a plain insert, so a MessageSid seen before fails the whole batch
 * (UNIQUE) and nothing of it is written.
 */
export function receivedStatement(db: Db, msg: Omit<NewMessage, "direction" | "status">) {
  return db.insert(messages).values({ ...msg, direction: "in", status: "received" }).returning({ id: messages.id });
}
