// A series' steps as they are sent: the owner's saved words, or the built-in defaults.
import type { Db } from "../db/client";
import type { SeriesKey, SeriesStepRow } from "../db/schema";
import { savedSeries } from "../db/series-queries";
import { stepsOrDefault } from "./default-series";

export async function seriesSteps(db: Db, key: SeriesKey): Promise<SeriesStepRow[]> {
  return stepsOrDefault(key, await savedSeries(db, key));
}
