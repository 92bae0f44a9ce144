// The exactly-once ledger of series steps: one row per (lead, series, step).
import { and, eq, inArray, isNull, max, sql } from "drizzle-orm";
import { prepared, type Db, type Statement } from "./client";
import { messages, stepSends, type SeriesKey, type StepSend } from "./schema";

export interface StepKey {
  leadId: number;
  seriesKey: SeriesKey;
  stepIndex: number;
}

/** `whereKey` of a prepared statement: the key bound as `leadId`, `seriesKey`, `stepIndex` (`boundKey`). */
export const whereBoundKey = () =>
  and(eq(stepSends.leadId, sql.placeholder("leadId")), eq(stepSends.seriesKey, sql.placeholder("seriesKey")), eq(stepSends.stepIndex, sql.placeholder("stepIndex")));

/** A step's key as the values `whereBoundKey`'s placeholders take. */
export const boundKey = (k: StepKey) => ({ leadId: k.leadId, seriesKey: k.seriesKey, stepIndex: k.stepIndex });

function whereKey(k: StepKey) {
  return and(eq(stepSends.leadId, k.leadId), eq(stepSends.seriesKey, k.seriesKey), eq(stepSends.stepIndex, k.stepIndex));
}

/**
 * Claims a step before the send, as a statement for a batch (engine-queries
 * `claimStepWithContext`). Returns the row when the step was never claimed, or when its
 * last attempt ended in `retry` (a 429/5xx); the primary key makes a second concurrent or
 * repeated claim return no row.
 */
export function claimStatement(db: Db, k: StepKey, now: number) {
  return db
    .insert(stepSends)
    .values({ ...k, status: "claimed", attempts: 1, claimedAt: now })
    .onConflictDoUpdate({
      target: [stepSends.leadId, stepSends.seriesKey, stepSends.stepIndex],
      set: { status: "claimed", attempts: sql`${stepSends.attempts} + 1`, claimedAt: now, messageId: null, calledAt: null },
      setWhere: eq(stepSends.status, "retry"),
    })
    .returning();
}

/**
 * A first claim, as a plain insert for the batch that records the step's message (messenger
 * `recordBefore`): if the step was claimed before (a retry, another run), the whole batch
 * fails on the primary key and nothing of it is written; the caller then takes the long way
 * (`claimStatement`, which re-claims a retry, or recovery).
 */
export function firstClaimStatement(db: Db, k: StepKey, now: number): Statement {
  return prepared(
    db,
    "stepSends.firstClaim",
    () =>
      db.insert(stepSends).values({
        leadId: sql.placeholder("leadId"),
        seriesKey: sql.placeholder("seriesKey"),
        stepIndex: sql.placeholder("stepIndex"),
        status: "claimed",
        attempts: 1,
        claimedAt: sql.placeholder("claimedAt"),
      }),
    { ...boundKey(k), claimedAt: now },
  );
}

/**
 * Where a step's claim is now, found by the message it was sent as: an owner's series edit
 * (series-edit.ts) may have moved it to another position during its Twilio call, or removed
 * it (undefined: no claim holds that message any more).
 */
export async function stepKeyNow(db: Db, k: StepKey, messageId: number): Promise<StepKey | undefined> {
  const row = await db
    .select({ stepIndex: stepSends.stepIndex })
    .from(stepSends)
    .where(and(eq(stepSends.leadId, k.leadId), eq(stepSends.seriesKey, k.seriesKey), eq(stepSends.messageId, messageId)))
    .get();
  return row ? { ...k, stepIndex: row.stepIndex } : undefined;
}

export function getStep(db: Db, k: StepKey): Promise<StepSend | undefined> {
  return db.select().from(stepSends).where(whereKey(k)).get();
}

/**
 * Takes over a claim left by a run that died before it called Twilio (no `called_at`): the
 * message row it recorded, if any, is canceled — it never left — and unlinked, so the
 * number's first text is still owed its notice and the step records a new row.
 */
export async function reclaimStale(db: Db, k: StepKey, staleBefore: number, now: number): Promise<StepSend | undefined> {
  const stale = and(whereKey(k), eq(stepSends.status, "claimed"), isNull(stepSends.calledAt), sql`${stepSends.claimedAt} < ${staleBefore}`);
  const left = db.select({ id: stepSends.messageId }).from(stepSends).where(stale);
  const [, [row]] = await db.batch([
    db.update(messages).set({ status: "canceled" }).where(and(inArray(messages.id, left), isNull(messages.sid), eq(messages.status, "queued"))),
    db.update(stepSends).set({ claimedAt: now, messageId: null }).where(stale).returning(),
  ]);
  return row;
}

/** Gives a claim back: the step was not sent (STOP, a reply or quiet hours came first). */
export async function releaseStep(db: Db, k: StepKey): Promise<void> {
  await db.delete(stepSends).where(and(whereKey(k), eq(stepSends.status, "claimed"), sql`${stepSends.attempts} = 1`)).run();
  await db.update(stepSends).set({ status: "retry" }).where(and(whereKey(k), eq(stepSends.status, "claimed"))).run();
}

/**
 * Links a claim to the step's latest message row (a statement for the row's own batch,
 * written right after its insert: messenger `recordAlong`). From then on the claim means
 * "Twilio may have been called".
 */
export function linkStepMessage(db: Db, k: StepKey): Statement {
  return prepared(
    db,
    "stepSends.linkMessage",
    () => {
      const latest = db
        .select({ id: max(messages.id) })
        .from(messages)
        .where(and(eq(messages.leadId, sql.placeholder("leadId")), eq(messages.seriesKey, sql.placeholder("seriesKey")), eq(messages.stepIndex, sql.placeholder("stepIndex"))));
      return db.update(stepSends).set({ messageId: sql`(${latest})` }).where(whereBoundKey());
    },
    boundKey(k),
  );
}

/** Settles a step; `messageId`: its message row still waiting for Twilio's answer is settled with it (a claim recovery finds `unknown`). */
export async function finishStep(db: Db, k: StepKey, status: "sent" | "failed" | "skipped" | "unknown" | "retry", now: number, messageId?: number | null): Promise<void> {
  const step = db.update(stepSends).set({ status, doneAt: status === "retry" ? null : now }).where(whereKey(k));
  if (messageId === undefined || messageId === null) {
    await step.run();
    return;
  }
  await db.batch([step, db.update(messages).set({ status }).where(and(eq(messages.id, messageId), isNull(messages.sid), eq(messages.status, "queued")))]);
}

/** Records a step's end whether or not it was claimed (a poisoned lead's step is skipped so). */
export async function settleStep(db: Db, k: StepKey, status: "failed" | "unknown", now: number): Promise<void> {
  await db
    .insert(stepSends)
    .values({ ...k, status, attempts: 1, claimedAt: now, doneAt: now })
    .onConflictDoUpdate({ target: [stepSends.leadId, stepSends.seriesKey, stepSends.stepIndex], set: { status, doneAt: now } })
    .run();
}
