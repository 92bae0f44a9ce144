// The owner's follow-up series as saved (src/series/series-steps.ts adds the built-in
// default words for a key with no row).
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { series, type SeriesKey, type SeriesStepRow } from "./schema";

/** The owner's saved steps of `key`, or null when the owner never saved that series. */
export async function savedSeries(db: Db, key: SeriesKey): Promise<SeriesStepRow[] | null> {
  return (await savedSeriesRow(db, key))?.steps ?? null;
}

/** The owner's saved steps of a series with when they were saved; undefined: never saved. */
export function savedSeriesRow(db: Db, key: SeriesKey): Promise<{ steps: SeriesStepRow[]; updatedAt: number } | undefined> {
  return db.select({ steps: series.steps, updatedAt: series.updatedAt }).from(series).where(eq(series.key, key)).get();
}

export async function saveSeries(db: Db, key: SeriesKey, steps: SeriesStepRow[], now: number): Promise<void> {
  await db
    .insert(series)
    .values({ key, steps, updatedAt: now })
    .onConflictDoUpdate({ target: series.key, set: { steps, updatedAt: now } })
    .run();
}
