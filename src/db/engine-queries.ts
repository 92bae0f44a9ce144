// The follow-up engine's queue reads and claims: which leads, reminders and digests are
// due, and when the next one is. Every read is an indexed range read (leads_next_at,
// leads_resume_at) or a small table (reps), so its cost does not grow with the leads.
import { and, asc, eq, gt, isNotNull, isNull, lte, min, sql, type SQL } from "drizzle-orm";
import { batchInChunks, placeholders, prepared, runBatch, setKeys, type Db, type Statement } from "./client";
import { OPTED_OUT_SQL } from "./lead-queries";
import { carriedFirstContact } from "./message-queries";
import { leads, messages, optOuts, reps, series, stepSends, type Lead, type Rep, type StepSend } from "./schema";
import { boundKey, claimStatement, whereBoundKey, type StepKey } from "./step-send-queries";

/** A due lead with what its step is written with, read by the due query itself. */
export interface DueLead extends Lead {
  known: {
    rep: Rep | undefined;
    /** Its number opted out (then the step takes the long way, which stops the series). */
    optedOut: boolean;
    /** Has the store ever texted this number (else the first-contact notice goes along)? */
    texted: boolean;
  };
}

/**
 * Leads whose next step is due at `now`, oldest first (leads_next_at), each with its rep (the
 * reps table is small: read whole in the same round trip), its number's opt-out and whether
 * the store ever texted it (point reads: opt_outs' key, messages_to_kind), so a step needs
 * no read of its own before its claim.
 */
export function dueStepLeads(db: Db, now: number, limit: number): Promise<DueLead[]> {
  return leadsWithKnown(db, lte(leads.nextAt, now), limit);
}

/** One lead as the due query reads it (a step sent by hand: tests, tools). */
export async function dueLeadById(db: Db, id: number): Promise<DueLead | undefined> {
  return (await leadsWithKnown(db, eq(leads.id, id), 1))[0];
}

async function leadsWithKnown(db: Db, where: SQL | undefined, limit: number): Promise<DueLead[]> {
  const [rows, allReps] = await db.batch([
    db
      .select({
        lead: leads,
        optedOut: sql<number>`${OPTED_OUT_SQL}`.as("opted_out"),
        texted: sql<number>`EXISTS (SELECT 1 FROM messages m WHERE m.to_number = "leads"."phone" AND ${carriedFirstContact("m")})`.as("texted"),
      })
      .from(leads)
      .where(where)
      .orderBy(asc(leads.nextAt), asc(leads.id))
      .limit(limit),
    db.select().from(reps),
  ]);
  const repById = new Map(allReps.map((r) => [r.id, r]));
  return rows.map((r) => ({ ...r.lead, known: { rep: repById.get(r.lead.repId), optedOut: Boolean(r.optedOut), texted: Boolean(r.texted) } }));
}

export interface StepContext {
  lead: Lead | undefined;
  optedOut: boolean;
  rep: Rep | undefined;
  /** Has the store ever texted this number (else the first-contact notice goes along)? */
  texted: boolean;
}

function contextReads(db: Db, lead: Pick<Lead, "id" | "phone" | "repId">) {
  return [
    db.select().from(leads).where(eq(leads.id, lead.id)),
    db.select({ phone: optOuts.phone }).from(optOuts).where(eq(optOuts.phone, lead.phone)),
    // The lead's rep as it is now, not as the due query read it: a handover since moves it
    // (and may have removed the rep it had).
    db.select().from(reps).where(sql`${reps.id} = (SELECT ${leads.repId} FROM ${leads} WHERE ${leads.id} = ${lead.id})`),
    db.select({ id: messages.id }).from(messages).where(and(eq(messages.to, lead.phone), carriedFirstContact())).limit(1),
  ] as const;
}

function asContext([fresh, optedOut, rep, texted]: [Lead[], { phone: string }[], Rep[], { id: number }[]]): StepContext {
  return { lead: fresh[0], optedOut: optedOut.length > 0, rep: rep[0], texted: texted.length > 0 };
}

/** Everything a step is checked and written with, read in one round trip. */
export async function stepContext(db: Db, lead: Pick<Lead, "id" | "phone" | "repId">): Promise<StepContext> {
  const [fresh, optedOut, rep, texted] = await db.batch(contextReads(db, lead));
  return asContext([fresh, optedOut, rep, texted]);
}

/**
 * A step's claim (step-send-queries `claimStatement`) and the context it is checked with, in one
 * round trip: the reads see the lead as it is at the claim.
 */
export async function claimStepWithContext(db: Db, key: StepKey, lead: Pick<Lead, "id" | "phone" | "repId">, now: number): Promise<{ claimed: StepSend | undefined; context: StepContext }> {
  const [claimed, fresh, optedOut, rep, texted] = await db.batch([claimStatement(db, key, now), ...contextReads(db, lead)]);
  return { claimed: claimed[0], context: asContext([fresh, optedOut, rep, texted]) };
}

/** What a step was checked against: the step, the lead as read then, and its number. */
export interface StepCheck extends StepKey {
  updatedAt: number;
  nextAt: number | null;
  /** When the owner saved the series the step's words were made from (null: the defaults). */
  seriesSavedAt: number | null;
}

/**
 * A step's last word before its Twilio call, one round trip: the lead is as it was when the
 * step was checked (every change of a lead — a reply, sold, lost, `later`, a pause, a new
 * phone — moves its updated_at; an owner's series edit its next_at, and new words the
 * series' own updated_at) and its number has not opted out since. In the same batch the
 * step's claim is marked called (`called_at`): from here its Twilio call may begin, so a
 * run that dies after this may have sent it (`unknown`), one that died before it did not
 * (recovery sends it). Marked only when the lead is clear (the same conditions, in the
 * update itself): a step that is not was never called, so a run that dies before giving it
 * back (`releaseStep`) leaves it for recovery to send, and an owner's series save in between
 * does not take it for a step in its call (series-queries `saveSeriesEdit`).
 */
export async function stepStillClear(db: Db, check: StepCheck, now: number): Promise<boolean> {
  const [, rows] = await runBatch(db, [
    prepared(
      db,
      "stepSends.calledIfClear",
      () =>
        db
          .update(stepSends)
          .set({ calledAt: sql`${sql.placeholder("now")}` })
          .where(
            and(
              whereBoundKey(),
              eq(stepSends.status, "claimed"),
              // Only a step whose lead is clear (the read below, in the same transaction) may be called.
              sql`EXISTS (SELECT 1 FROM ${leads} WHERE ${leads.id} = ${sql.placeholder("leadId")} AND ${leads.updatedAt} = ${sql.placeholder("updatedAt")} AND ${leads.nextAt} IS ${sql.placeholder("nextAt")} AND NOT ${OPTED_OUT_SQL} AND (SELECT ${series.updatedAt} FROM ${series} WHERE ${series.key} = ${leads.seriesKey}) IS ${sql.placeholder("seriesSavedAt")})`,
            ),
          ),
      { ...boundKey(check), now, updatedAt: check.updatedAt, nextAt: check.nextAt, seriesSavedAt: check.seriesSavedAt },
    ),
    prepared(
      db,
      "leads.stillClear",
      () =>
        db
          .select({
            updatedAt: leads.updatedAt,
            nextAt: leads.nextAt,
            optedOut: sql<boolean>`${OPTED_OUT_SQL}`.mapWith(Boolean),
            seriesSavedAt: sql<number | null>`(SELECT ${series.updatedAt} FROM ${series} WHERE ${series.key} = ${leads.seriesKey})`,
          })
          .from(leads)
          .where(eq(leads.id, sql.placeholder("leadId"))),
      { leadId: check.leadId },
    ),
  ]);
  const [lead] = rows as { updatedAt: number; nextAt: number | null; optedOut: boolean; seriesSavedAt: number | null }[];
  return lead !== undefined && lead.updatedAt === check.updatedAt && lead.nextAt === check.nextAt && !lead.optedOut && lead.seriesSavedAt === check.seriesSavedAt;
}

/** The fields the engine's own progress on a lead writes (series/lead-transitions `progressPatch`). */
export type ProgressWrite = Partial<Pick<Lead, "seriesNextIndex" | "lastContactAt" | "notBefore">> & { nextAt: number | null };

/**
 * A step went out: the ledger says `sent`, and the lead's `progress` (lead-transitions
 * `progressPatch` of the state read before the send: past the step, contact now, `next_at`)
 * is written — statements for the batch that records Twilio's answer (messenger
 * `settleAlong`), so one round trip — only if nothing else changed the lead since (same
 * updated_at and next_at, still on that step). `sentStepAdvanced` reads their results:
 * false when something did, and the caller records the progress on the lead as it is now.
 */
export function finishSentStatements(db: Db, key: StepKey, lead: Pick<Lead, "updatedAt" | "nextAt">, progress: ProgressWrite, now: number): Statement[] {
  const at = boundKey(key);
  const sets = setKeys(progress);
  const waited = lead.nextAt !== null;
  return [
    prepared(
      db,
      "stepSends.sent",
      () =>
        db
          .update(stepSends)
          .set({ ...placeholders<{ doneAt: number }>(["doneAt"]), status: "sent" })
          // Still this step's claim: an owner's edit during the call may have moved it, and put another step's row here.
          .where(and(whereBoundKey(), eq(stepSends.status, "claimed"))),
      { ...at, doneAt: now },
    ),
    prepared(
      db,
      `leads.progress:${sets}:${waited ? "next" : "none"}`,
      () =>
        db
          .update(leads)
          .set(placeholders(sets))
          .where(
            and(
              eq(leads.id, sql.placeholder("leadId")),
              eq(leads.seriesKey, sql.placeholder("seriesKey")),
              eq(leads.seriesNextIndex, sql.placeholder("stepIndex")),
              eq(leads.updatedAt, sql.placeholder("$updatedAt")),
              waited ? eq(leads.nextAt, sql.placeholder("$nextAt")) : isNull(leads.nextAt),
            ),
          )
          .returning({ id: leads.id }),
      { ...progress, ...at, $updatedAt: lead.updatedAt, $nextAt: lead.nextAt },
    ),
  ];
}

/**
 * Writes the engine's progress on a lead (lead-transitions `progressPatch`: a step done, a
 * retry's backoff, or only `next_at`), with its `next_at`, in one statement — only if the
 * lead is still as the patch was computed from (same updated_at, same series and place) and,
 * given `seriesSavedAt`, the series' steps are the ones it was computed with (saved then).
 * False when something changed in between: compute again from things as they are now.
 */
export async function writeProgress(db: Db, lead: Pick<Lead, "id" | "updatedAt" | "seriesKey" | "seriesNextIndex">, patch: ProgressWrite, seriesSavedAt?: number | null): Promise<boolean> {
  const written = await db
    .update(leads)
    .set(patch)
    .where(
      and(
        eq(leads.id, lead.id),
        eq(leads.updatedAt, lead.updatedAt),
        lead.seriesKey === null ? isNull(leads.seriesKey) : eq(leads.seriesKey, lead.seriesKey),
        eq(leads.seriesNextIndex, lead.seriesNextIndex),
        seriesSavedAt === undefined || lead.seriesKey === null ? undefined : sql`(SELECT ${series.updatedAt} FROM ${series} WHERE ${series.key} = ${lead.seriesKey}) IS ${seriesSavedAt}`,
      ),
    )
    .returning({ id: leads.id });
  return written.length > 0;
}

/** Did `finishSentStatements` (their results, in order) move the lead on? */
export function sentStepAdvanced(results: unknown[]): boolean {
  const advanced = results[1];
  return Array.isArray(advanced) && advanced.length > 0;
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

/** The `later` reminders and reps' `away` that end after `now`: what keeps its wall clock when the store's zone changes. */
export async function timesNamedAfter(db: Db, now: number): Promise<{ leads: { id: number; at: number }[]; reps: { id: number; at: number }[] }> {
  const [laterRows, awayRows] = await db.batch([
    db.select({ id: leads.id, at: leads.resumeAt }).from(leads).where(gt(leads.resumeAt, now)),
    db.select({ id: reps.id, at: reps.awayUntil }).from(reps).where(gt(reps.awayUntil, now)),
  ]);
  const named = (rows: { id: number; at: number | null }[]) => rows.flatMap((r) => (r.at === null ? [] : [{ id: r.id, at: r.at }]));
  return { leads: named(laterRows), reps: named(awayRows) };
}

/** Moves those times, each only if it still holds the value read (a `later` or `back` in between wins). */
export async function moveNamedTimes(db: Db, moves: { leads: { id: number; from: number; to: number }[]; reps: { id: number; from: number; to: number }[] }): Promise<void> {
  await batchInChunks(db, [
    ...moves.leads.map((m) => db.update(leads).set({ resumeAt: m.to }).where(and(eq(leads.id, m.id), eq(leads.resumeAt, m.from)))),
    ...moves.reps.map((m) => db.update(reps).set({ awayUntil: m.to }).where(and(eq(reps.id, m.id), eq(reps.awayUntil, m.from)))),
  ]);
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
    .set({ resumeAt: null, laterResumes: true })
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

/**
 * A step whose last word marked it called (`stepStillClear`) and that was then canceled before
 * its Twilio call: an owner's series save in between took it for a step in its call and put
 * the lead past it (series-queries `saveSeriesEdit`). It was not called, so the lead goes back
 * to it, at the place the save gave it (`k`), if the lead is still right past it. True if so.
 */
export async function backToUncalledStep(db: Db, k: StepKey): Promise<boolean> {
  const rows = await db
    .update(leads)
    .set({ seriesNextIndex: k.stepIndex })
    .where(and(eq(leads.id, k.leadId), eq(leads.seriesKey, k.seriesKey), eq(leads.seriesNextIndex, k.stepIndex + 1)))
    .returning({ id: leads.id });
  return rows.length > 0;
}
