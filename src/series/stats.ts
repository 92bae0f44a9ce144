// What works: per series and step, how many texts went out, how many leads replied to that
// step (it was the last series text before their reply), and how many bought after it (it
// was the last be-back text before the sale). Pure: rows in, counts out.
import type { SeriesKey } from "../db/schema";

export interface SentStep {
  leadId: number;
  seriesKey: SeriesKey;
  stepIndex: number;
  at: number;
}

export interface StepStats {
  step: number;
  after: string;
  sent: number;
  replied: number;
  sold: number;
}

/** The last series text sent to the lead before `at` (texts sorted by time). */
function lastBefore(sent: SentStep[], at: number, key?: SeriesKey): SentStep | undefined {
  let found: SentStep | undefined;
  for (const s of sent) {
    if (s.at > at) break;
    if (!key || s.seriesKey === key) found = s;
  }
  return found;
}

export function stepStats(
  series: Record<SeriesKey, { after: string }[]>,
  sent: SentStep[],
  replies: { leadId: number; at: number }[],
  sales: { leadId: number; at: number }[],
): Record<SeriesKey, StepStats[]> {
  const byLead = Map.groupBy([...sent].sort((a, b) => a.at - b.at), (s) => s.leadId);
  const repliedTo = new Set<string>();
  for (const r of replies) {
    const s = lastBefore(byLead.get(r.leadId) ?? [], r.at);
    if (s) repliedTo.add(`${s.leadId}/${s.seriesKey}/${s.stepIndex}`);
  }
  const soldAfter = new Set<string>();
  for (const sale of sales) {
    const s = lastBefore(byLead.get(sale.leadId) ?? [], sale.at, "beback");
    if (s) soldAfter.add(`${s.leadId}/${s.seriesKey}/${s.stepIndex}`);
  }
  const count = (set: Set<string>, key: SeriesKey, i: number) => [...set].filter((k) => k.endsWith(`/${key}/${i}`)).length;
  const build = (key: SeriesKey): StepStats[] =>
    series[key].map((step, i) => ({
      step: i,
      after: step.after,
      sent: sent.filter((s) => s.seriesKey === key && s.stepIndex === i).length,
      replied: count(repliedTo, key, i),
      sold: count(soldAfter, key, i),
    }));
  return { beback: build("beback"), aftersale: build("aftersale") };
}
