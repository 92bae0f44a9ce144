// A customer's words that Twilio refused for good on their way to a rep's phone go on to
// another rep, told whose customer it is: on the webhook's own try (sms/messenger.ts
// `sendSoon`), in a status callback (inbound/delivery-status.ts), and on the pending-texts
// job's later try (series/dispatcher.ts). One rule for all three, so no words are lost, and
// they go one hop at most.
import { getLead } from "../db/lead-queries";
import { getRep } from "../db/rep-queries";
import type { Message, Rep } from "../db/schema";
import { firstName } from "../domain/lead-tag";
import { clipBody, sendSoon, type Messenger } from "../sms/messenger";
import { isMediaRefusal } from "../twilio/errors";
import { optOutNumber } from "./follow-ups";
import { pickCover } from "./rep-in-turn";

/** What a covering rep's forward starts with: "[Sam Rivera's customer; Sam is away] " (`why` after the first name). */
export function coverTag(rep: Pick<Rep, "name">, why: string): string {
  return `[${rep.name}'s customer; ${firstName(rep.name)}${why}] `;
}

/**
 * Twilio finally refused a customer's words on their way to a rep's phone (21610: that phone
 * texted STOP to the store number; 21211: not a number that gets texts; another refusal):
 * the words go to another rep who can take them, told whose customer it is, so they are not
 * lost: the lead's cover, claimed on the lead as for an away rep (`pickCover`), so the
 * customer's next texts reach the same one (a refused photo: the words alone, to the same
 * phone). A 21610 also opts the phone out, as a status
 * callback's would, so the next texts go to the cover at once. One hop: only words on their
 * way to the lead's own rep go on; a cover's stop there, so two phones that cannot get texts
 * never pass them back and forth.
 */
export async function forwardRefused(m: Messenger, message: Message, verdict: "optedout" | "undeliverable" | "failed"): Promise<void> {
  if (message.kind !== "forward" || message.repId === null) return;
  // Twilio refused the customer's photo, not the rep's phone: the words go again to the same
  // phone without it (and, refused again, on to a cover as below: without media, never a loop).
  if (verdict === "failed" && message.media.length > 0 && isMediaRefusal(message.errorCode)) {
    const body = clipBody(`${message.body}\n(Their photo could not be sent on: Twilio refused it, error ${message.errorCode}. The owner's page shows it.)`);
    await sendSoon(m, { kind: "forward", to: message.to, body, leadId: message.leadId, repId: message.repId, media: [] });
    return;
  }
  if (verdict === "optedout") await optOutNumber(m.db, message.to, m.now());
  const lead = message.leadId === null ? undefined : await getLead(m.db, message.leadId);
  if (!lead) return;
  if (lead.repId !== message.repId) {
    // A cover's words stop here: one hop.
    if (lead.coverRepId === message.repId) return;
    // The lead was handed to another rep since: the words go to its rep now, the one they
    // were always for (not a second hop); a rep no longer active gets nothing here.
    const current = await getRep(m.db, lead.repId);
    if (current?.active) await sendSoon({ ...m, refused: undefined }, { kind: "forward", to: current.phone, body: message.body, leadId: lead.id, repId: current.id, media: message.media });
    return;
  }
  const [rep, cover] = await Promise.all([getRep(m.db, message.repId), pickCover(m, lead, message.repId)]);
  if (!rep || !cover) return;
  // Said as Twilio said it: another refusal (a carrier's filter, the store's own set-up) is not the phone's fault.
  const code = message.errorCode ? ` (error ${message.errorCode})` : "";
  const why = verdict === "optedout" ? "'s phone texted STOP" : verdict === "undeliverable" ? "'s phone can't get texts" : `'s phone didn't get it${code}`;
  const body = `${coverTag(rep, why)}${message.body}`;
  await sendSoon({ ...m, refused: undefined }, { kind: "forward", to: cover.phone, body: clipBody(body), leadId: message.leadId, repId: cover.id, media: message.media });
}
