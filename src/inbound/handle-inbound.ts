// One inbound text, after the webhook verified and parsed it. The usual one — a known
// customer's reply to a rep who is in — is recorded, steps the series aside and queues its
// forward in one batch (customer-text.ts `forwardReplyAtOnce`). Any other: claim its
// MessageSid, then route it — compliance keywords first (from anyone), then a rep's command
// or reply, then a customer's text. Returns the texts for the sender, which go back in the
// TwiML answer.
import { getRep } from "../db/rep-queries";
import type { InboundRead } from "../db/inbound-queries";
import { claimInbound, INBOUND_STALE_MS, takeOverInbound, updateMessage } from "../db/message-queries";
import { clearOptOut, isOptedOut } from "../db/opt-out-queries";
import { latestLeadForPhone, leadsWithPhone, reassignLeadFrom } from "../db/lead-queries";
import { optOutNumber } from "../series/follow-ups";
import { plainText } from "../domain/plain-text";
import { storeNameEndingSentence } from "../domain/store-name";
import { movedTag, moveToNextRep } from "../series/rep-in-turn";
import type { Lead, Rep } from "../db/schema";
import type { InboundSms } from "../twilio/inbound-sms";
import { recordTwimlReply, sendSoon } from "../sms/messenger";
import { forwardReplyAtOnce, handleCustomerText } from "./customer-text";
import type { ClaimedText, InboundContext, TwimlTexts } from "./inbound-context";
import { inboundKeyword, isRevocation, keywordWord, twilioConfirmsOptOut } from "./keywords";
import { handleRepText } from "./rep-text";
import { infoText, optedInNotice, optedOutNotice, revokedConfirmation } from "./texts";

/**
 * `from` is the sender's number in E.164. The text is claimed by its MessageSid while it is
 * handled (status "receiving") and marked "received" when handling ended, well or not. A
 * second delivery of the sid is answered empty — unless the first handler died with its
 * Worker (still "receiving" after INBOUND_STALE_MS): then this delivery handles it, so a
 * rep's command is not lost to a crash (at least once; Twilio redelivers only when the
 * webhook URL asks it to, e.g. `#rc=3`). `known`: the sender as the webhook read it
 * (`readInbound`, which also gave it the settings), not read again here.
 */
export async function handleInbound(ctx: InboundContext, given: InboundSms, from: string, known: InboundRead): Promise<TwimlTexts> {
  // A customer's words without what only hides or reorders them (a NUL or an escape would go
  // on to a rep's phone as is). A rep's command keeps them: parse-command reads each as a space.
  const sms = known.rep ? given : { ...given, body: plainText(given.body) };
  // The usual text, a known customer's reply, is recorded and forwarded in one round trip.
  if (await forwardReplyAtOnce(ctx, sms, from, known)) return [];
  const { rep } = known;
  const first = await claimInbound(ctx.db, {
    kind: rep ? "command" : "customer",
    repId: rep?.id ?? null,
    from,
    to: sms.to,
    body: sms.body,
    media: sms.media.map((m) => m.url),
    sid: sms.sid,
    at: ctx.now(),
  });
  const claimed = first ?? (await takeOverInbound(ctx.db, sms.sid, ctx.now() - INBOUND_STALE_MS, ctx.now()));
  // The same MessageSid again (Twilio retried, or a duplicate delivery): handled, or being handled.
  if (!claimed) return [];
  const handling: ClaimedText = { id: claimed.id, received: false, retaken: first === undefined };
  try {
    return await route(ctx, sms, from, rep, handling);
  } finally {
    if (!handling.received) await updateMessage(ctx.db, handling.id, { status: "received" });
  }
}

async function route(ctx: InboundContext, sms: InboundSms, from: string, rep: Rep | undefined, claimed: ClaimedText): Promise<TwimlTexts> {
  const claimedId = claimed.id;

  const keyword = inboundKeyword(sms.body, sms.optOutType);
  // A customer's plain-language revocation ("stop texting me", "wrong number") is an opt-out
  // exactly like STOP (FCC 24-18). A rep's texts are commands and replies, never revocations.
  const revoking = !rep && keyword === null && isRevocation(sms.body);
  // "Yes" from a number that never opted out is an answer, not an opt-in: a customer's
  // "Yes" reaches their rep, a rep's "Yes" reaches the customer.
  const optingIn = keyword === "optin" && (await isOptedOut(ctx.db, from));
  if (keyword === "optout" || revoking) {
    const { isNew, leads: changed } = await optOutNumber(ctx.db, from, ctx.now());
    const linked = await linkToLead(ctx, claimedId, changed, from);
    // A rep's STOP opts their own phone out too: Twilio blocks the store number from texting
    // it (forwards, reminders) until START. Every rep text gets an answer, so this one does.
    if (rep) return repAnswer(ctx, rep, REP_OPTED_OUT);
    // A repeated STOP changes nothing and tells no one again.
    if (!isNew) return [];
    await tellReps(ctx, changed, (leads, prefix) => optedOutNotice(leads, revoking ? { words: sms.body } : { keyword: keywordWord(sms.body) }, prefix));
    // Twilio answers STOP itself on long codes, so Beback sends no second confirmation. It
    // does not recognise plain words (nor, maybe, "Stop!!"): Beback confirms those once
    // (FCC 24-18 allows one).
    if (!revoking && twilioConfirmsOptOut(sms.body, sms.optOutType)) return [];
    const text = revokedConfirmation(ctx.settings.storeName);
    await recordTwimlReply(ctx, from, text, "courtesy", linked?.id ?? null, linked?.repId ?? null);
    return [text];
  }
  if (optingIn) {
    // Only the customer lifts an opt-out. Nothing restarts: every series stopped at STOP.
    await clearOptOut(ctx.db, from, ctx.now());
    if (rep) return repAnswer(ctx, rep, REP_OPTED_IN);
    const changed = await leadsWithPhone(ctx.db, from);
    await linkToLead(ctx, claimedId, changed, from);
    await tellReps(ctx, changed, (leads, prefix) => optedInNotice(leads, keywordWord(sms.body), prefix));
    return [];
  }
  if (rep && !rep.active) {
    const text = `This number is not an active rep at ${storeNameEndingSentence(ctx.settings.storeName)} Ask the owner to turn it back on.`;
    await recordTwimlReply(ctx, from, text, "reply", null, rep.id);
    return [text];
  }
  if (rep) return handleRepText(ctx, rep, sms, claimed);
  if (keyword === "info") {
    // Answered even after an opt-out (a HELP is always answered), in words that say so; the
    // HELP and its answer show in the conversation of the number's lead, as STOP and START do.
    const lead = await linkToLead(ctx, claimedId, [], from);
    const text = infoText(ctx.settings.storeName, await isOptedOut(ctx.db, from));
    await recordTwimlReply(ctx, from, text, "courtesy", lead?.id ?? null, lead?.repId ?? null);
    return [text];
  }
  return handleCustomerText(ctx, sms, from, claimedId);
}

const REP_OPTED_OUT = "Your phone opted out of texts from the store number: your customers' replies go to another rep, reminders stop. Text START to turn them back on.";
const REP_OPTED_IN = "Texts from the store number to your phone are back on: customers' replies and reminders reach you again.";

/** An answer to a rep, recorded. */
async function repAnswer(ctx: InboundContext, rep: Rep, text: string): Promise<TwimlTexts> {
  await recordTwimlReply(ctx, rep.phone, text, "reply", null, rep.id);
  return [text];
}

/**
 * The STOP, START or HELP shows in the conversation of the lead it concerns, as its rep's
 * customer's text (that lead is returned).
 */
async function linkToLead(ctx: InboundContext, messageId: number, changed: Lead[], from: string): Promise<Lead | undefined> {
  const lead = leadsToTell(changed)[0] ?? (await latestLeadForPhone(ctx.db, from));
  if (lead) await updateMessage(ctx.db, messageId, { leadId: lead.id, repId: lead.repId });
  return lead;
}

/**
 * Whose a number's STOP or START is: its open leads (a customer is one rep's while open); with
 * none, its sold ones (their after-sale texts); with none, the one that last had contact. A
 * rep who closed a lead whose number is another rep's customer now is not told.
 */
function leadsToTell(changed: Lead[]): Lead[] {
  const open = changed.filter((l) => l.status === "active" || l.status === "paused");
  if (open.length > 0) return open;
  const sold = changed.filter((l) => l.status === "sold");
  if (sold.length > 0) return sold;
  const latest = changed.toSorted((a, b) => (b.lastContactAt ?? -1) - (a.lastContactAt ?? -1) || b.id - a.id)[0];
  return latest ? [latest] : [];
}

/** One notice per rep, naming every lead of theirs that changed (`leadsToTell`). */
async function tellReps(ctx: InboundContext, changed: Lead[], text: (leads: Lead[], prefix: string) => string): Promise<void> {
  const byRep = Map.groupBy(leadsToTell(changed), (l) => l.repId);
  for (const [repId, leads] of byRep) {
    let rep = await getRep(ctx.db, repId);
    // A rep made inactive hears nothing: the leads move to the next active rep, as with any
    // text of the customer's (forwardKnown), so a STOP or START reaches someone who can act on it.
    let movedFrom: Rep | undefined;
    if (!rep?.active) {
      const [first, ...rest] = leads;
      const next = first ? await moveToNextRep(ctx, first) : null;
      if (!next) continue;
      for (const l of rest) await reassignLeadFrom(ctx.db, l.id, l.repId, next.id, ctx.now());
      [movedFrom, rep] = [rep, next];
    }
    // Sent as a forward: it carries the customer's own text (their STOP, their START), so it is
    // the latest a rep heard from them — a plain reply after it is for them (and, to a number
    // that opted out, refused), not for whoever wrote before.
    const body = text(leads, movedFrom ? movedTag(movedFrom) : "");
    await sendSoon(ctx, { kind: "forward", to: rep.phone, body, leadId: leads[0]?.id ?? null, repId: rep.id });
  }
}
