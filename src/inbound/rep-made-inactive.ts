// A rep the owner made inactive: the customers who wrote to them and are still waiting for an
// answer are not left waiting until they write again. Each moves to the next active rep in
// turn, who gets the customer's last text, told whose customer it was — as a customer of an
// inactive rep who writes in is (customer-text.ts, rep-in-turn `moveToNextRep`).
import { digestLeads, getLead } from "../db/lead-queries";
import { lastExchange, messagesOfLead } from "../db/message-queries";
import type { Rep } from "../db/schema";
import { movedTag, moveToNextRep } from "../series/rep-in-turn";
import { sendSoon, type Messenger } from "../sms/messenger";
import { repliesAmong } from "./keywords";
import { forwardText, movedAlreadyForwardedText } from "./texts";

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
    const history = await messagesOfLead(m.db, id);
    const last = lastExchange(history);
    if (last?.kind !== "customer") continue;
    // A START after their STOP, or a HELP, was answered already: no reply waits on it (docs
    // audit: a bare START was handed on as one). A "Yes" from a number not opted out is words.
    const said = history.filter((t) => t.kind === "customer").map((t) => ({ ...t, phone: t.from }));
    if (!repliesAmong(said).some((t) => t.id === last.id)) continue;
    const next = await moveToNextRep(m, lead);
    if (!next) break;
    moved += 1;
    // The rep who covered for them while their rep was away got these words already (docs audit).
    const had = history.some((t) => t.kind === "forward" && t.repId === next.id && t.at >= last.at);
    if (had) {
      await sendSoon(m, { kind: "notice", to: next.phone, body: movedTag(rep) + movedAlreadyForwardedText(lead, last.body, last.media.length), leadId: lead.id, repId: next.id });
      continue;
    }
    const body = movedTag(rep) + forwardText(lead, last.body, last.media.length);
    await sendSoon(m, { kind: "forward", to: next.phone, body, leadId: lead.id, repId: next.id, media: last.media });
  }
  return moved;
}
