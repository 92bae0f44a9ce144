// A series' steps as they are sent: the owner's saved words, or the built-in defaults.
import type { Db } from "../db/client";
import type { SeriesKey, SeriesStepRow } from "../db/schema";
import { savedSeriesRow } from "../db/series-queries";
import { stepsOrDefault } from "./default-series";

export async function seriesSteps(db: Db, key: SeriesKey): Promise<SeriesStepRow[]> {
  return (await seriesStepsSaved(db, key)).steps;
}

/**
 * A series' steps with when the owner saved them (null: never, the defaults), in one read:
 * a step's last word before its send compares the time, so a step is not sent in words the
 * owner has saved over since it was written.
 */
export async function seriesStepsSaved(db: Db, key: SeriesKey): Promise<{ steps: SeriesStepRow[]; savedAt: number | null }> {
  const row = await savedSeriesRow(db, key);
  return { steps: stepsOrDefault(key, row?.steps ?? null), savedAt: row?.updatedAt ?? null };
}
