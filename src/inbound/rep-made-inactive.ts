// A rep the owner made inactive: the customers who wrote to them and are still waiting for an
// answer are not left waiting until they write again. Each moves to the next active rep in
// turn, who gets the customer's last text, told whose customer it was — as a customer of an
// inactive rep who writes in is (customer-text.ts, rep-in-turn `moveToNextRep`).
import { digestLeads, getLead } from "../db/lead-queries";
import { lastExchange, messagesOfLead } from "../db/message-queries";
import type { Rep } from "../db/schema";
import { movedTag, moveToNextRep } from "../series/rep-in-turn";
import { sendSoon, type Messenger } from "../sms/messenger";
import { forwardText } from "./texts";

/**
 * Moves `rep`'s customers with a reply waiting (the digest's "replies waiting": they wrote
 * last, and their number can be texted back) to the next active reps in turn, and forwards
 * each one's last text. Returns how many moved: none when no rep is active (their next text
 * is kept for the first rep in, as any is then).
 */
export async function handOnWaitingReplies(m: Messenger, rep: Rep): Promise<number> {
  const { waiting } = await digestLeads(m.db, rep.id, m.now());
  let moved = 0;
  for (const { id } of waiting) {
    const lead = await getLead(m.db, id);
    // Moved or answered since the list was read: no longer this rep's reply waiting.
    if (!lead || lead.repId !== rep.id) continue;
    const last = lastExchange(await messagesOfLead(m.db, id));
    if (last?.kind !== "customer") continue;
    const next = await moveToNextRep(m, lead);
    if (!next) break;
    moved += 1;
    const body = movedTag(rep) + forwardText(lead, last.body, last.media.length);
    await sendSoon(m, { kind: "forward", to: next.phone, body, leadId: lead.id, repId: next.id, media: last.media });
  }
  return moved;
}
