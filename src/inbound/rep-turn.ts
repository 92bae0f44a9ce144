// One rep text being answered: who sent it, their leads, and the one-text answer. Shared by
// rep-commands.ts and rep-vocabulary.ts (its own module, so neither imports the other's).
import type { LeadRow, RecentForward } from "../db/lead-queries";
import type { Lead, Rep } from "../db/schema";
import type { InboundSms } from "../twilio/inbound-sms";

export interface RepTurn {
  rep: Rep;
  /**
   * The rep's leads the text could name, and those of customers forwarded to the rep lately
   * (rep-text.ts), each with whether its number opted out. Not all the rep's leads.
   */
  leads: LeadRow[];
  /** The customers' texts forwarded to the rep lately, newest first (their leads are in `leads`). */
  forwards: RecentForward[];
  sms: InboundSms;
  messageId: number;
}

export interface Answer {
  text: string;
  leadId: number | null;
}

export function leadOf(turn: RepTurn, id: number): LeadRow {
  const lead = turn.leads.find((l) => l.id === id);
  // The parser only returns ids of the leads it was given.
  if (!lead) throw new Error(`lead ${id} is not this rep's`);
  return lead;
}
