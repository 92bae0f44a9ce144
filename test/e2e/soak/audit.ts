// The fault soak's audit: the fake Twilio's log held against the database and the
// scenario. Pure: it takes what was recorded and returns the counts and every violation,
// each with the lead's id and the events that led there.
import type { FakeTwilioRequest } from "../harness";
import { stepOfBody, type Scenario, type SoakEvent } from "./scenario";

export interface DbRows {
  leads: { id: number; phone: string; status: string; next_at: number | null }[];
  stepSends: { lead_id: number; series_key: string; step_index: number; status: string; attempts: number }[];
  inbound: { sid: string }[];
}

export interface SoakRecord {
  scenario: Scenario;
  /** Customer phone → when Beback answered its STOP webhook (ms). */
  stoppedAt: Map<string, number>;
  /** Every inbound MessageSid the scenario delivered (duplicates once). */
  inboundSids: Set<string>;
  /** When the Worker was SIGKILLed. */
  kills: number[];
  /** The quiet-hours window in real time [start, end). */
  quiet: { start: number; end: number };
  /** When the audit's snapshot was taken. */
  endedAt: number;
  requests: FakeTwilioRequest[];
  db: DbRows;
  /** Beback's send timeout: an answer later than this is no answer. */
  sendTimeoutMs: number;
}

export interface Violation {
  rule: string;
  lead: number | null;
  detail: string;
}

export interface SoakAudit {
  counts: Record<string, number>;
  violations: Violation[];
  /** Why each `unknown` step ended so. */
  unknownWhy: Record<string, number>;
}

/**
 * A race, not a rule broken: a call already on its way to Twilio (its last check read the
 * opt-outs just before the STOP was recorded). Beback answers a STOP only after recording it
 * and telling the reps, so such a call can even reach Twilio after that answer. Counted and
 * printed apart; anything later is a violation.
 */
const STOP_RACE_MS = 1_000;
/** A due step may wait this long (a restart, a full pacing queue) before it counts as lost. */
const OVERDUE_MS = 60_000;

const field = (r: FakeTwilioRequest, key: string) => r.form.find(([k]) => k === key)?.[1] ?? null;

export function audit(rec: SoakRecord): SoakAudit {
  const violations: Violation[] = [];
  // Leads by the database (a `new` whose answer was lost to a kill still made its lead).
  const leadOfPhone = new Map(rec.db.leads.map((l) => [l.phone, l.id]));
  const indexOfPhone = new Map(rec.scenario.customerPhones.map((phone, i) => [phone, i]));
  const indexOfLead = new Map(rec.db.leads.map((l) => [l.id, indexOfPhone.get(l.phone)]));
  const statusOf = new Map(rec.db.leads.map((l) => [l.id, l.status]));
  const story = (leadId: number | null) => {
    if (leadId === null) return "";
    const i = indexOfLead.get(leadId);
    const events = rec.scenario.events.filter((e: SoakEvent) => e.lead === i).map((e) => (e.kind === "rep" ? e.verb : e.kind));
    return ` (lead #${leadId}: ${events.join(" → ")})`;
  };

  // Series sends at the fake Twilio, by step key "lead/series/step".
  const creates = rec.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Messages.json"));
  let inStopWindow = 0;
  const accepted = new Map<string, FakeTwilioRequest[]>();
  const attempts = new Map<string, FakeTwilioRequest[]>();
  for (const r of creates) {
    const to = field(r, "To") ?? "";
    const step = stepOfBody(field(r, "Body") ?? "");
    const lead = leadOfPhone.get(to) ?? null;
    // Nothing to a number after its STOP, whatever sent it.
    const stop = rec.stoppedAt.get(to);
    if (stop !== undefined && r.at > stop && r.at <= stop + STOP_RACE_MS) inStopWindow += 1;
    if (stop !== undefined && r.at > stop + STOP_RACE_MS) {
      violations.push({ rule: "sent after STOP", lead, detail: `${step ?? "a text"} reached Twilio ${r.at - stop} ms after the STOP${story(lead)}` });
    }
    if (!step || lead === null) continue;
    const key = `${lead}/${step}`;
    attempts.set(key, [...(attempts.get(key) ?? []), r]);
    if (r.answer === 201) accepted.set(key, [...(accepted.get(key) ?? []), r]);
    if (r.at >= rec.quiet.start + STOP_RACE_MS && r.at < rec.quiet.end) {
      violations.push({ rule: "sent in quiet hours", lead, detail: `${step} reached Twilio inside the quiet window${story(lead)}` });
    }
  }
  for (const [key, list] of accepted) {
    if (list.length > 1) violations.push({ rule: "sent twice", lead: Number(key.split("/")[0]), detail: `${key} accepted ${list.length} times${story(Number(key.split("/")[0]))}` });
  }

  // Steps as the ledger has them.
  const ledger = new Map(rec.db.stepSends.map((s) => [`${s.lead_id}/${s.series_key}/${s.step_index}`, s]));
  const unknownWhy: Record<string, number> = {};
  for (const [key, s] of ledger) {
    const lead = s.lead_id;
    const tries = attempts.get(key) ?? [];
    if (s.status === "sent" && !accepted.has(key)) {
      violations.push({ rule: "lost", lead, detail: `${key} is marked sent but Twilio never accepted it${story(lead)}` });
    }
    if (s.status === "unknown") {
      const why = unknownCause(tries.at(-1), rec);
      unknownWhy[why] = (unknownWhy[why] ?? 0) + 1;
      // Only a dropped or late answer, or a Worker killed around the call, may leave a step unknown.
      if (why === "no cause") violations.push({ rule: "unknown without cause", lead, detail: `${key}: Twilio answered ${tries.map((t) => t.answer).join(", ") || "nothing"}${story(lead)}` });
    }
    // A claim whose lead then stepped aside (a reply, STOP, sold, lost) is rightly never sent.
    if (s.status === "claimed" && statusOf.get(lead) === "active") violations.push({ rule: "lost", lead, detail: `${key} is still claimed, never finished${story(lead)}` });
  }
  for (const l of rec.db.leads) {
    if (l.next_at !== null && l.next_at < rec.endedAt - OVERDUE_MS) {
      violations.push({ rule: "lost", lead: l.id, detail: `due ${Math.round((rec.endedAt - l.next_at) / 1000)} s before the end, never attempted${story(l.id)}` });
    }
  }

  // Every inbound text the scenario delivered is recorded exactly once.
  const inboundCount = new Map<string, number>();
  for (const m of rec.db.inbound) inboundCount.set(m.sid, (inboundCount.get(m.sid) ?? 0) + 1);
  let inboundOnce = 0;
  for (const sid of rec.inboundSids) {
    const n = inboundCount.get(sid) ?? 0;
    if (n === 1) inboundOnce++;
    else violations.push({ rule: "inbound not recorded once", lead: null, detail: `${sid} recorded ${n} times` });
  }

  const byStatus = (status: string) => rec.db.stepSends.filter((s) => s.status === status).length;
  const counts = {
    "leads created": rec.db.leads.length,
    "claimed, then the lead stepped aside (not sent)": rec.db.stepSends.filter((s) => s.status === "claimed" && statusOf.get(s.lead_id) !== "active").length,
    ...Object.fromEntries(["beback/0", "beback/1", "aftersale/0"].map((step) => [`steps ${step} in the ledger`, [...ledger.keys()].filter((k) => k.endsWith(`/${step}`)).length])),
    ...Object.fromEntries(["active", "paused", "sold", "lost"].map((st) => [`leads ${st} at the end`, rec.db.leads.filter((l) => l.status === st).length])),
    "leads with a text still scheduled": rec.db.leads.filter((l) => l.next_at !== null).length,
    "steps due (in the ledger)": ledger.size,
    "sent once": [...accepted.values()].filter((l) => l.length === 1).length,
    "sent twice (must be 0)": violations.filter((v) => v.rule === "sent twice").length,
    "sent after STOP (must be 0)": violations.filter((v) => v.rule === "sent after STOP").length,
    [`reached Twilio after the STOP was answered, within ${STOP_RACE_MS} ms (already on its way)`]: inStopWindow,
    "sent in quiet hours (must be 0)": violations.filter((v) => v.rule === "sent in quiet hours").length,
    "lost (must be 0)": violations.filter((v) => v.rule === "lost").length,
    "unknown": byStatus("unknown"),
    "unknown without cause (must be 0)": violations.filter((v) => v.rule === "unknown without cause").length,
    "failed (4xx, or retries used up)": byStatus("failed"),
    "retry pending at the end": byStatus("retry"),
    "Twilio calls (all answers)": creates.length,
    "Twilio answered 5xx / 429 / dropped": creates.filter((r) => r.answer === 500 || r.answer === 429 || r.answer === "dropped").length,
    "inbound texts delivered": rec.inboundSids.size,
    "inbound recorded once": inboundOnce,
    "STOPs": rec.stoppedAt.size,
    "restarts (SIGKILL)": rec.kills.length,
  };
  return { counts, violations, unknownWhy };
}

/** Why a step's last call left it unknown. */
function unknownCause(last: FakeTwilioRequest | undefined, rec: SoakRecord): string {
  if (last?.answer === "dropped") return "connection dropped";
  if (last?.answeredAt !== undefined && last.answeredAt - last.at >= rec.sendTimeoutMs) return "answered after the timeout";
  // A kill during the call (or between recording the message and calling, when no request came).
  const from = last?.at ?? rec.kills[0] ?? Infinity;
  if (rec.kills.some((k) => (last ? k >= from && k - from < rec.sendTimeoutMs + 1_000 : true))) return "Worker killed during the call";
  return "no cause";
}
