// What an inbound text is routed by, read in one query: the store's settings, the rep whose
// phone sent it, and the sender's latest lead and that lead's rep. Every read is a
// point or indexed read (settings id, reps_phone, leads_phone, messages_unlinked_from), so
// the cost is the same with 100,000 leads as with 1,000.
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { oncePerHandle, placeholders, prepared, setKeys, type Db, type Statement } from "./client";
import { latestContactFirst } from "./lead-queries";
import { unlinkedTextsFrom } from "./message-queries";
import { leads, messages, optOuts, reps, settings, type Lead, type NewMessage, type Rep } from "./schema";
import { toStoreSettings, type StoreSettings } from "./settings-queries";

export interface InboundRead {
  settings: StoreSettings;
  /** The rep whose phone sent the text (a rep's command or reply). */
  rep: Rep | undefined;
  /** The sender's latest lead (lead-queries `latestLeadForPhone`), and its rep. */
  lead: Lead | undefined;
  leadRep: Rep | undefined;
  /** The lead's rep's phone opted out of the store's texts (the rep texted STOP). */
  leadRepOptedOut: boolean;
  /** The sender's number opted out. */
  senderOptedOut: boolean;
  /** The sender has texts kept while no active rep could take them (message-queries `unlinkedTextsFrom`): the next rep gets them with this one. */
  keptTexts: boolean;
}

export async function readInbound(db: Db, from: string): Promise<InboundRead> {
  const [row] = await inboundQuery(db).all({ from });
  if (!row) throw new Error("settings row missing: are the D1 migrations applied?");
  return { settings: toStoreSettings(row.settings), rep: row.sender ?? undefined, lead: row.lead ?? undefined, leadRep: row.leadRep ?? undefined, leadRepOptedOut: row.leadRepOptedOut !== null, senderOptedOut: row.senderOptedOut !== null, keptTexts: row.kept !== null };
}

// One query, built once per handle (drizzle's prepared query): it runs for every inbound
// text, and building its SQL (four tables, every column) cost more of the Worker's time than
// the round trip. The settings row, joined to the rep whose phone sent the text, the
// sender's latest lead (`latestLeadForPhone`'s order), that lead's rep, and the opt-outs of
// that rep's phone and of the sender's number (point reads by the primary key), and whether
// the sender has texts kept for the next rep (a partial index of those alone).
const inboundQuery = oncePerHandle((db) => {
  const sender = alias(reps, "sender");
  const leadRep = alias(reps, "lead_rep");
  const repOptOut = alias(optOuts, "rep_opt_out");
  const senderOptOut = alias(optOuts, "sender_opt_out");
  const latest = db.select({ id: leads.id }).from(leads).where(eq(leads.phone, sql.placeholder("from"))).orderBy(...latestContactFirst).limit(1);
  const kept = db.select({ id: messages.id }).from(messages).where(unlinkedTextsFrom(sql.placeholder("from"))).limit(1);
  return db
    .select({ settings, sender, lead: leads, leadRep, leadRepOptedOut: repOptOut.phone, senderOptedOut: senderOptOut.phone, kept: sql<number | null>`(${kept})` })
    .from(settings)
    .leftJoin(sender, eq(sender.phone, sql.placeholder("from")))
    .leftJoin(leads, eq(leads.id, latest))
    .leftJoin(leadRep, eq(leadRep.id, leads.repId))
    .leftJoin(repOptOut, eq(repOptOut.phone, leadRep.phone))
    .leftJoin(senderOptOut, eq(senderOptOut.phone, sql.placeholder("from")))
    .where(eq(settings.id, 1))
    .prepare();
});

/**
 * An inbound text recorded as handled (`received`), as a statement for the batch that
 * writes what it did: a plain insert, so a MessageSid seen before fails the whole batch
 * (UNIQUE) and nothing of it is written.
 */
export function receivedStatement(db: Db, msg: Omit<NewMessage, "direction" | "status">): Statement {
  const keys = setKeys(msg);
  return prepared(
    db,
    `messages.received:${keys}`,
    () => db.insert(messages).values({ ...placeholders<NewMessage>(keys), direction: "in", status: "received" }).returning({ id: messages.id }),
    msg,
  );
}
