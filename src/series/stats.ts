// What works: per series and step, how many texts went out in the period, how many were
// delivered, how many leads replied to that step within 48 hours (it was the last text
// Beback or a rep sent them before their reply), and how many bought after it (it was the
// last be-back text before the sale) and for how much; per rep, leads, replies (to a series
// text or the rep's own) and sales. Pure: rows in, counts out; the period's start is passed in.
import type { SeriesKey } from "../db/schema";

/** A reply counts for a step only within this long after the step's text. */
export const REPLY_WINDOW_MS = 48 * 3_600_000;

export interface SentStep {
  leadId: number;
  seriesKey: SeriesKey;
  stepIndex: number;
  at: number;
  /** Twilio's last word on the text (queued, sent, delivered, undelivered, failed). */
  status?: string;
}

export interface Reply {
  leadId: number;
  at: number;
}

export interface Sale {
  leadId: number;
  at: number;
  amountCents?: number | null;
  /** The rep who marked the sale (it counts for them whoever has the lead now); absent: the lead's rep. */
  repId?: number;
}

export interface StepStats {
  step: number;
  after: string;
  sent: number;
  delivered: number;
  replied: number;
  sold: number;
  /** The sales credited to this step, in cents (sales without an amount add nothing). */
  amountCents: number;
}

export interface RepStats {
  /** Null for the row of reps no longer on file (`FORMER_REPS`). */
  repId: number | null;
  name: string;
  active: boolean;
  /** Leads this rep added in the period (whoever has them now). */
  leads: number;
  /** Leads this rep has now who texted back in the period. */
  replied: number;
  /** Sales this rep marked in the period (whoever has the lead now) and their total, in cents. */
  sold: number;
  amountCents: number;
}

/** The last series text sent to the lead at or before `at` (texts sorted by time). */
function lastBefore(sent: SentStep[], at: number, key?: SeriesKey): SentStep | undefined {
  let found: SentStep | undefined;
  for (const s of sent) {
    if (s.at > at) break;
    if (!key || s.seriesKey === key) found = s;
  }
  return found;
}

const stepId = (s: SentStep) => `${s.seriesKey}/${s.stepIndex}`;

/** A reply and the series text it answers. */
interface Answer extends Reply {
  step: SentStep;
}

/**
 * The replies that answer a series text: the last text sent to the lead before the reply
 * is a series text, at most REPLY_WINDOW_MS before it. A reply after a rep's own text to the
 * customer (`repTexts`: a relay) answers the rep, not the step before it. What a step's
 * Replied counts.
 */
function answersToSeries(sent: SentStep[], replies: Reply[], repTexts: Reply[] = []): Answer[] {
  const byLead = Map.groupBy([...sent].sort((a, b) => a.at - b.at), (s) => s.leadId);
  const repLast = Map.groupBy([...repTexts].sort((a, b) => a.at - b.at), (t) => t.leadId);
  return replies.flatMap((r) => {
    const step = lastBefore(byLead.get(r.leadId) ?? [], r.at);
    if (step === undefined || r.at - step.at > REPLY_WINDOW_MS) return [];
    const repText = (repLast.get(r.leadId) ?? []).findLast((t) => t.at <= r.at);
    return repText !== undefined && repText.at >= step.at ? [] : [{ ...r, step }];
  });
}

/**
 * The replies that answer a text sent to the lead, within REPLY_WINDOW_MS of the last one
 * before them: a series text or a rep's own (`repTexts`). What a rep's Replied counts: a
 * customer who answers the rep's own text replied to that rep. A number's first text to the
 * store (an inbound lead) answers nothing yet.
 */
export function repliesToTexts(sent: SentStep[], replies: Reply[], repTexts: Reply[] = []): Reply[] {
  const outbound = Map.groupBy([...sent, ...repTexts].sort((a, b) => a.at - b.at), (t) => t.leadId);
  return replies.filter((r) => {
    const last = (outbound.get(r.leadId) ?? []).findLast((t) => t.at <= r.at);
    return last !== undefined && r.at - last.at <= REPLY_WINDOW_MS;
  });
}

/** Per series step, over the texts sent at or after `since` (and what followed them). */
export function stepStats(
  series: Record<SeriesKey, { after: string }[]>,
  allSent: SentStep[],
  replies: Reply[],
  sales: Sale[],
  since = -Infinity,
  repTexts: Reply[] = [],
): Record<SeriesKey, StepStats[]> {
  const sent = allSent.filter((s) => s.at >= since);
  const byLead = Map.groupBy([...sent].sort((a, b) => a.at - b.at), (s) => s.leadId);
  // One reply and one sale per (lead, step): a chatty customer counts once.
  const replied = new Map<string, Set<number>>();
  for (const { leadId, step } of answersToSeries(allSent, replies, repTexts)) {
    if (step.at < since) continue;
    const set = replied.get(stepId(step)) ?? new Set<number>();
    replied.set(stepId(step), set.add(leadId));
  }
  const sold = new Map<string, Map<number, number>>();
  for (const sale of sales) {
    const s = lastBefore(byLead.get(sale.leadId) ?? [], sale.at, "beback");
    if (!s) continue;
    const leads = sold.get(stepId(s)) ?? new Map<number, number>();
    sold.set(stepId(s), leads.set(sale.leadId, sale.amountCents ?? 0));
  }
  const build = (key: SeriesKey): StepStats[] =>
    series[key].map((step, i) => {
      const mine = sent.filter((s) => s.seriesKey === key && s.stepIndex === i);
      const sales = sold.get(`${key}/${i}`) ?? new Map<number, number>();
      return {
        step: i,
        after: step.after,
        sent: mine.length,
        // "read" comes after "delivered" (RCS): read, it was delivered.
        delivered: mine.filter((s) => s.status === "delivered" || s.status === "read").length,
        replied: replied.get(`${key}/${i}`)?.size ?? 0,
        sold: sales.size,
        amountCents: [...sales.values()].reduce((a, b) => a + b, 0),
      };
    });
  return { beback: build("beback"), aftersale: build("aftersale") };
}

/** The name of the row that keeps what removed reps did: their leads and sales still count in the store's totals. */
export const FORMER_REPS = "Former reps";

/** Per rep (every rep, in the order given, then one row for reps removed since), what happened at or after `since`. */
export function repStats(
  reps: { id: number; name: string; active: boolean }[],
  leads: { id: number; repId: number; addedBy?: number; createdAt: number }[],
  replies: Reply[],
  sales: Sale[],
  since = -Infinity,
): RepStats[] {
  const repOf = new Map(leads.map((l) => [l.id, l.repId]));
  const stats = new Map<number, RepStats>(reps.map((r) => [r.id, { repId: r.id, name: r.name, active: r.active, leads: 0, replied: 0, sold: 0, amountCents: 0 }]));
  const former: RepStats = { repId: null, name: FORMER_REPS, active: false, leads: 0, replied: 0, sold: 0, amountCents: 0 };
  const rowOf = (repId: number | undefined) => (repId === undefined ? undefined : (stats.get(repId) ?? former));
  for (const l of leads) {
    const row = rowOf(l.addedBy ?? l.repId);
    if (row && l.createdAt >= since) row.leads += 1;
  }
  const repliedLeads = new Set(replies.filter((r) => r.at >= since).map((r) => r.leadId));
  for (const id of repliedLeads) {
    const row = rowOf(repOf.get(id));
    if (row) row.replied += 1;
  }
  for (const sale of sales) {
    const row = rowOf(sale.repId ?? repOf.get(sale.leadId));
    if (!row || sale.at < since) continue;
    row.sold += 1;
    row.amountCents += sale.amountCents ?? 0;
  }
  const rows = [...stats.values()];
  return former.leads + former.replied + former.sold > 0 ? [...rows, former] : rows;
}
