// What a delivery status callback means for a lead. Carriers report some failures only
// after Twilio accepted the message: an unknown handset (30005) or a landline or
// unreachable carrier (30006) will never get a text, so the lead is marked undeliverable
// and its rep told once, as for Twilio's immediate 21211/21614. Any other failure of a
// person's text to the customer (a rep's relay, the owner's text: a phone off, 30003; a
// carrier's spam filter, 30007) is told to the lead's rep once, in words: they believed
// it went. A series step's is not (the page shows it; the next step goes on schedule).
// Twilio's 21610 (the number opted out of this sender) may come here too — a Messaging
// Service reports it in the callback, not on the call: it is the number's opt-out, as if
// the call had been refused, and the reps of its leads are told once.
import { getLead } from "../db/lead-queries";
import { getRep } from "../db/rep-queries";
import type { Message } from "../db/schema";
import { markUndeliverable, optOutNumber } from "../series/follow-ups";
import { seriesFailureNotice } from "../series/series-texts";
import { forwardRefused } from "./customer-text";
import { relayNotDeliveredNotice } from "./texts";
import { type Messenger, sendText } from "../sms/messenger";
import { UNSUBSCRIBED } from "../twilio/errors";

export const UNDELIVERABLE_STATUS_CODES = ["30005", "30006"];

/** Called once per message when a callback first moves it to a later status (`updateStatusBySid`). */
export async function handleDeliveryStatus(m: Messenger, message: Message): Promise<void> {
  const failed = message.status === "undelivered" || message.status === "failed";
  if (failed && message.errorCode === String(UNSUBSCRIBED)) {
    // A rep's phone that texted STOP: the customer's words it refused go to another rep.
    if (message.kind === "forward") return forwardRefused(m, message, "optedout");
    const { isNew, leads } = await optOutNumber(m.db, message.to, m.now());
    if (!isNew) return;
    for (const lead of leads) {
      const rep = await getRep(m.db, lead.repId);
      if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesFailureNotice(lead, "optedout"), leadId: lead.id, repId: rep.id });
    }
    return;
  }
  const undeliverable = UNDELIVERABLE_STATUS_CODES.includes(message.errorCode ?? "");
  if (!failed || message.leadId === null || (!undeliverable && message.kind !== "relay")) return;
  const lead = await getLead(m.db, message.leadId);
  // Only a text to the customer says something about the customer's number.
  if (!lead || lead.phone !== message.to) return;
  if (!undeliverable) {
    const rep = await getRep(m.db, lead.repId);
    if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: relayNotDeliveredNotice(lead, message.body, message.errorCode), leadId: lead.id, repId: rep.id });
    return;
  }
  const flipped = await markUndeliverable(m.db, lead.id, m.now());
  const rep = flipped ? await getRep(m.db, flipped.repId) : undefined;
  if (flipped && rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesFailureNotice(flipped, "undeliverable"), leadId: lead.id, repId: rep.id });
}
