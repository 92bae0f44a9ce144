// What a delivery status callback means. Twilio reports some failures only after it took
// the message, and a code means here what it means on the call (twilio/errors.ts):
// - 21610 (the number opted out of this sender; a Messaging Service reports it here, not on
//   the call): the number's opt-out, as if the call had been refused; the reps of its leads
//   are told once.
// - 21211, 21614, 21612 (not a number that gets texts), and the carrier's 30005 (unknown
//   handset) and 30006 (a landline, an unreachable carrier): the customer's number will never
//   get a text, so the lead is marked undeliverable (its texts stop) and its rep told once.
// - A follow-up's photo refused (30019, 21620, 21623): the photo is dropped from the lead and
//   its rep told once (`photoRefusedLate`).
// - Any other failure (a phone off, 30003; blocked, 30004; a carrier's spam filter, 30007;
//   no reason, 30008) of a person's text to the customer (a rep's relay, the owner's text) is
//   told once, in words: they believed it went. A series step's is told when it is the second
//   in a row to the lead (`secondMissInARow`): one is often passing (the page shows it, and
//   the next step goes on schedule), two say the texts are not reaching them. Not for the
//   store's own set-up (30034 fails every text, the notice too): Results tell the owner.
// A person's text is told to the rep who sent it (series/rep-to-tell.ts). A customer's words
// forwarded to their rep's phone that the carrier did not deliver go to another rep, as a
// forward Twilio refused on the call does (series/forward-refused.ts): one hop.
import { dropLeadPhoto, getLead } from "../db/lead-queries";
import { getRep } from "../db/rep-queries";
import type { Lead, Message } from "../db/schema";
import { markUndeliverable, optOutNumber } from "../series/follow-ups";
import { forwardRefused } from "../series/forward-refused";
import { repToTell } from "../series/rep-to-tell";
import { photoRefusedLateNotice, seriesFailureNotice, seriesNotReachingNotice } from "../series/series-texts";
import { seriesTextsAround, type SeriesOutcome } from "../db/message-queries";
import { isStoreSetUpCode } from "../domain/carrier-reasons";
import { relayNotDeliveredNotice } from "./texts";
import { isOptedOut, optedInSince } from "../db/opt-out-queries";
import { type Messenger, sendText } from "../sms/messenger";
import { isMediaRefusal, UNDELIVERABLE_CODES, UNSUBSCRIBED } from "../twilio/errors";

/** The codes that say the number cannot get texts, whichever way Twilio reports them: the call's, and the carrier's 30005 and 30006. */
export const UNDELIVERABLE_STATUS_CODES: readonly string[] = [...UNDELIVERABLE_CODES.map(String), "30005", "30006"];

/** A text the carrier (or Twilio, after taking it) reported it did not deliver. */
const NOT_DELIVERED: readonly string[] = ["failed", "undelivered"];

export type CallbackVerdict = "optedout" | "undeliverable" | "failed";

/** What a callback's status and code mean, in the classes of a refused call (twilio/errors.ts); null: not a failure. */
export function callbackVerdict(status: string, errorCode: string | null): CallbackVerdict | null {
  if (status !== "undelivered" && status !== "failed") return null;
  if (errorCode === String(UNSUBSCRIBED)) return "optedout";
  return errorCode !== null && UNDELIVERABLE_STATUS_CODES.includes(errorCode) ? "undeliverable" : "failed";
}

/** Called once per message when a callback first moves it to a later status (`updateStatusBySid`). */
export async function handleDeliveryStatus(m: Messenger, message: Message): Promise<void> {
  let verdict = callbackVerdict(message.status, message.errorCode);
  if (verdict === null) return;
  // A 21610 for a text sent before the number opted back in (START, UNSTOP, YES: Twilio lifts
  // its block at the same word) is stale: the text did not reach them, but a late report never
  // overrides their word (compliance audit: it opted a customer, and a rep's phone, out again).
  if (verdict === "optedout" && (await optedInSince(m.db, message.to, message.at))) verdict = "failed";
  // A forward the carrier (or Twilio, after taking it) did not deliver to the rep's phone: on
  // to another rep, one hop at most; a 21610 opts the phone out either way.
  if (message.kind === "forward") return forwardRefused(m, message, verdict);
  const relay = message.kind === "relay";
  if (verdict === "optedout") {
    const { isNew, leads } = await optOutNumber(m.db, message.to, m.now());
    if (!isNew) return;
    for (const lead of leads) {
      const rep = relay && lead.id === message.leadId ? await repToTell(m.db, message, lead) : await getRep(m.db, lead.repId);
      if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesFailureNotice(lead, "optedout"), leadId: lead.id, repId: rep.id });
    }
    return;
  }
  const photoRefused = verdict === "failed" && message.kind === "series" && isMediaRefusal(message.errorCode);
  const stepMissed = verdict === "failed" && message.kind === "series" && !photoRefused && !isStoreSetUpCode(message.errorCode);
  if (message.leadId === null || (verdict === "failed" && !relay && !photoRefused && !stepMissed)) return;
  const lead = await getLead(m.db, message.leadId);
  // Only a text to the customer says something about the customer's number.
  if (!lead || lead.phone !== message.to) return;
  if (photoRefused) return photoRefusedLate(m, message, lead);
  if (stepMissed) return secondMissInARow(m, message, lead);
  if (verdict === "failed") {
    const rep = await repToTell(m.db, message, lead);
    if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: relayNotDeliveredNotice(lead, message.body, message.errorCode), leadId: lead.id, repId: rep.id });
    return;
  }
  const flipped = await markUndeliverable(m.db, lead.id, m.now());
  if (!flipped) return;
  const rep = relay ? await repToTell(m.db, message, flipped) : await getRep(m.db, flipped.repId);
  if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesFailureNotice(flipped, "undeliverable"), leadId: lead.id, repId: rep.id });
}

/**
 * A follow-up the carrier did not deliver: the lead's rep is told when it makes a run of two
 * or more misses in a row to the same number (its neighbours' reports may have come first,
 * in any order), once for each run: with the runs on either side of it each shorter than two,
 * none was told before. Not the store's own set-up (30034 is no miss of the customer's), and
 * not once the number opted out or the lead is lost (nothing more goes to it).
 */
async function secondMissInARow(m: Messenger, message: Message, lead: Lead): Promise<void> {
  const { before, after } = await seriesTextsAround(m.db, lead.id, message.to, message.id, 2);
  const missed = (t: SeriesOutcome | undefined) => t !== undefined && NOT_DELIVERED.includes(t.status) && !isStoreSetUpCode(t.errorCode);
  const run = (side: SeriesOutcome[]) => (missed(side[0]) ? (missed(side[1]) ? 2 : 1) : 0);
  const [left, right] = [run(before), run(after)];
  if (left + right === 0 || left >= 2 || right >= 2) return;
  if (lead.status === "lost" || (await isOptedOut(m.db, lead.phone))) return;
  const rep = await getRep(m.db, lead.repId);
  if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: seriesNotReachingNotice(lead, message.errorCode), leadId: lead.id, repId: rep.id });
}

/**
 * A follow-up's photo refused after Twilio took the text (30019, too large for the carrier,
 * comes only this way): the customer got nothing. The photo is dropped from the lead, so its
 * later photo steps go in their words alone, and the rep is told once, when it is dropped,
 * with the words to send themselves. The step is not sent again from here: a callback is no
 * place to send from (a burst of them would pass the number's pace).
 */
async function photoRefusedLate(m: Messenger, message: Message, lead: Lead): Promise<void> {
  if (lead.photoUrl === null || !message.media.includes(lead.photoUrl)) return;
  if (!(await dropLeadPhoto(m.db, lead.id, lead.photoUrl, m.now()))) return;
  const rep = await getRep(m.db, lead.repId);
  if (rep?.active) await sendText(m, { kind: "notice", to: rep.phone, body: photoRefusedLateNotice(lead, message.stepIndex, message.errorCode), leadId: lead.id, repId: rep.id });
}
