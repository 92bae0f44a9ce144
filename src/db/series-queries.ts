// The owner's follow-up series; a key with no row uses the built-in default words.
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { series, type SeriesKey, type SeriesStepRow } from "./schema";
import { DEFAULT_SERIES } from "../series/default-series";

export async function loadSeries(db: Db, key: SeriesKey): Promise<SeriesStepRow[]> {
  const row = await db.select().from(series).where(eq(series.key, key)).get();
  return row?.steps ?? DEFAULT_SERIES[key];
}

export async function saveSeries(db: Db, key: SeriesKey, steps: SeriesStepRow[], now: number): Promise<void> {
  await db
    .insert(series)
    .values({ key, steps, updatedAt: now })
    .onConflictDoUpdate({ target: series.key, set: { steps, updatedAt: now } })
    .run();
}
