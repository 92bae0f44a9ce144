// What a delivery status callback means for a lead. Carriers report some failures only
// after Twilio accepted the message: an unknown handset (30005) or a landline or
// unreachable carrier (30006) will never get a text, so the lead is marked undeliverable
// and its rep told once, as for Twilio's immediate 21211/21614.
import { getLead } from "../db/lead-queries";
import { getRep } from "../db/rep-queries";
import type { Message } from "../db/schema";
import { markUndeliverable } from "../series/follow-ups";
import { seriesFailureNotice } from "../series/series-texts";
import { type Messenger, sendText } from "../sms/messenger";

export const UNDELIVERABLE_STATUS_CODES = ["30005", "30006"];

export async function handleDeliveryStatus(m: Messenger, message: Message): Promise<void> {
  const failed = message.status === "undelivered" || message.status === "failed";
  if (!failed || !UNDELIVERABLE_STATUS_CODES.includes(message.errorCode ?? "") || message.leadId === null) return;
  const lead = await getLead(m.db, message.leadId);
  // Only a text to the customer says something about the customer's number.
  if (!lead || lead.phone !== message.to) return;
  const flipped = await markUndeliverable(m.db, lead.id, m.now());
  const rep = flipped ? await getRep(m.db, flipped.repId) : undefined;
  if (flipped && rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesFailureNotice(flipped, "undeliverable"), leadId: lead.id, repId: rep.id });
}
