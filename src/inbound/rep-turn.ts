// One rep text being answered: who sent it, their leads, and the one-text answer. Shared by
// rep-commands.ts and rep-vocabulary.ts (its own module, so neither imports the other's).
import { isUniqueViolation } from "../db/client";
import type { LeadRow, RecentForward } from "../db/lead-queries";
import type { Rep } from "../db/schema";
import type { InboundSms } from "../twilio/inbound-sms";

export interface RepTurn {
  rep: Rep;
  /**
   * The rep's leads the text could name, and those of customers forwarded to the rep lately
   * (rep-text.ts), each with whether its number opted out. Not all the rep's leads.
   */
  leads: LeadRow[];
  /**
   * The customers' texts forwarded to the rep lately, newest first; their leads are in
   * `leads`, except those moved to another rep since (lead-queries `mayAnswerForwarded`).
   */
  forwards: RecentForward[];
  sms: InboundSms;
  messageId: number;
  /** The text was taken over from a handler that died with its Worker (handle-inbound.ts). */
  retaken?: boolean;
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

/**
 * Runs a command that gives a lead a number (`new`, `fix … phone`). When another text gave
 * that number to an open lead between this one's read and its write, the database's
 * one-open-lead-a-number index refuses the write (nothing of it is written), and the
 * command runs once more: its second read sees who has the number, and the answer says so.
 */
export async function againIfNumberTaken(run: () => Promise<Answer>): Promise<Answer> {
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return run();
  }
}
