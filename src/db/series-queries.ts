// The owner's follow-up series as saved (src/series/series-steps.ts adds the built-in
// default words for a key with no row).
import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { leads, messages, series, stepSends, type SeriesKey, type SeriesStepRow } from "./schema";

/** The owner's saved steps of a series with when they were saved; undefined: never saved. */
export function savedSeriesRow(db: Db, key: SeriesKey): Promise<{ steps: SeriesStepRow[]; updatedAt: number } | undefined> {
  return db.select({ steps: series.steps, updatedAt: series.updatedAt }).from(series).where(eq(series.key, key)).get();
}

/** What a save edits: the saved steps, when, and the steps kept while it has none (null: never saved). */
export function seriesForEdit(db: Db, key: SeriesKey) {
  return db.select({ steps: series.steps, updatedAt: series.updatedAt, emptiedSteps: series.emptiedSteps, lastEdit: series.lastEdit }).from(series).where(eq(series.key, key)).get();
}

/** A whole number of ours, written into the SQL (no bound parameters: D1 allows 100 a statement). */
const int = (n: number | null) => sql.raw(n === null ? "NULL" : String(Math.trunc(n)));

/** `CASE <of> WHEN k THEN map[k] … ELSE <otherwise> END`. */
function caseOf(of: SQL, map: readonly (number | null | SQL)[], otherwise: SQL): SQL {
  if (map.length === 0) return otherwise;
  const whens = map.map((v, k) => sql`WHEN ${int(k)} THEN ${v === null || typeof v === "number" ? int(v) : v}`);
  return sql`CASE ${of} ${sql.join(whens, sql` `)} ELSE ${otherwise} END`;
}

/** Where a lead goes on (series-edit.ts `Place`, `placeOf`), from its own series start and when it was last texted. */
type Place = { from: number; run: readonly { delayMs: number; byLast: boolean }[] };
function placeSql(place: Place): SQL {
  const ahead = place.run.flatMap((step, i) =>
    step.byLast ? [] : [sql`WHEN ${leads.lastContactAt} IS NULL OR ${leads.seriesStartedAt} IS NULL OR ${leads.seriesStartedAt} + ${int(step.delayMs)} > ${leads.lastContactAt} THEN ${int(place.from + i)}`],
  );
  const end = int(place.from + place.run.length);
  return ahead.length === 0 ? end : sql`(CASE ${sql.join(ahead, sql` `)} ELSE ${end} END)`;
}

/**
 * Saves the owner's new steps of a series over the ones read (saved at `fromSavedAt`; null:
 * the defaults, never saved) and, in the same batch, carries out `edit`
 * (series/series-edit.ts) on everything that names a step by its position: each lead of the
 * series goes on from its place (`plan`, with when the lead was last texted), and the ledger of steps done and the texts sent
 * follow their step (`moves`; a removed step's texts keep no step). A lead whose step is in
 * its Twilio call now (claimed and past its last word) goes to that step's new position
 * (`inCall`), where the call's outcome is written (the dispatcher finds the ledger row by its
 * message); its `updated_at` moves, so the call's own progress write, made for the old
 * position, does not apply — also when nothing moves, for a step whose time or the next
 * one's changed. A moved claim still before its last word is dropped (that word fails: the
 * series was saved over). `emptiedSteps`: saved with no steps, the steps it had (the next
 * save's edit is from those). The save keeps `edit.plan` with its time and the time it replaced
 * (a rep's `undo` maps a lead's old place through them). Every statement applies only if the series is still as read, the
 * save last: false, with nothing written, when another save came first — read it again.
 */
export async function saveSeriesEdit(db: Db, key: SeriesKey, steps: SeriesStepRow[], fromSavedAt: number | null, edit: { moves: readonly (number | null)[]; plan: readonly Place[]; inCall: readonly Place[] }, now: number, emptiedSteps: SeriesStepRow[] | null): Promise<boolean> {
  const lastEdit = { from: fromSavedAt, at: now, plan: edit.plan.map((p) => ({ from: p.from, run: [...p.run] })) };
  const asRead =
    fromSavedAt === null
      ? sql`NOT EXISTS (SELECT 1 FROM ${series} WHERE ${series.key} = ${key})`
      : sql`(SELECT ${series.updatedAt} FROM ${series} WHERE ${series.key} = ${key}) = ${fromSavedAt}`;
  const save =
    fromSavedAt === null
      ? db.insert(series).values({ key, steps, updatedAt: now, emptiedSteps, lastEdit }).onConflictDoNothing().returning({ key: series.key })
      : db.update(series).set({ steps, updatedAt: now, emptiedSteps, lastEdit }).where(and(eq(series.key, key), eq(series.updatedAt, fromSavedAt))).returning({ key: series.key });
  const inCall = sql`EXISTS (SELECT 1 FROM ${stepSends} WHERE ${stepSends.leadId} = ${leads.id} AND ${stepSends.seriesKey} = ${key} AND ${stepSends.stepIndex} = ${leads.seriesNextIndex} AND ${stepSends.status} = 'claimed' AND ${stepSends.calledAt} IS NOT NULL)`;
  const index = sql`${leads.seriesNextIndex}`;
  const place = sql`(CASE WHEN ${inCall} THEN ${caseOf(index, edit.inCall.map(placeSql), index)} ELSE ${caseOf(index, edit.plan.map(placeSql), index)} END)`;
  const moved = edit.moves.flatMap((j, i) => (j === i ? [] : [i]));
  const removed = edit.moves.flatMap((j, i) => (j === null ? [i] : []));
  const results = await db.batch([
    // Rows of steps past the end of the steps read: left by saves before places were kept (a
    // series shortened, or emptied with no steps kept). They name no step now.
    db.delete(stepSends).where(and(eq(stepSends.seriesKey, key), gte(stepSends.stepIndex, edit.moves.length), asRead)),
    db
      .update(messages)
      .set({ stepIndex: null })
      .where(and(eq(messages.kind, "series"), eq(messages.seriesKey, key), gte(messages.stepIndex, edit.moves.length), asRead)),
    db
      .update(leads)
      // A new stamp, later than the lead's own: an `undo` of a command just before sees the change.
      .set({ seriesNextIndex: sql`${place}`, updatedAt: sql`max(${leads.updatedAt} + 1, ${now})` })
      .where(and(eq(leads.seriesKey, key), sql`(${place} <> ${leads.seriesNextIndex} OR ${inCall})`, asRead)),
    db
      .delete(stepSends)
      .where(and(eq(stepSends.seriesKey, key), inArray(stepSends.stepIndex, moved), or(inArray(stepSends.stepIndex, removed), and(eq(stepSends.status, "claimed"), isNull(stepSends.calledAt))), asRead)),
    // Through negative positions: the primary key holds at every row.
    db
      .update(stepSends)
      .set({ stepIndex: sql`-1 - ${caseOf(sql`${stepSends.stepIndex}`, edit.moves, sql`${stepSends.stepIndex}`)}` })
      .where(and(eq(stepSends.seriesKey, key), inArray(stepSends.stepIndex, moved), asRead)),
    db
      .update(stepSends)
      .set({ stepIndex: sql`-1 - ${stepSends.stepIndex}` })
      .where(and(eq(stepSends.seriesKey, key), lt(stepSends.stepIndex, 0), asRead)),
    db
      .update(messages)
      .set({ stepIndex: sql`${caseOf(sql`${messages.stepIndex}`, edit.moves, sql`${messages.stepIndex}`)}` })
      .where(and(eq(messages.kind, "series"), eq(messages.seriesKey, key), inArray(messages.stepIndex, moved), asRead)),
    save,
  ]);
  return (results.at(-1) as unknown[]).length > 0;
}
