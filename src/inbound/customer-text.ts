// A text from someone who is not a rep: a known customer's reply, or a new lead.
// Known: forwarded to the owning rep with the lead's tag, and the series steps aside.
// Unknown: a lead is created for the next rep in the round-robin, the text forwarded, and
// the sender gets a short courtesy reply.
import { getRep } from "../db/rep-queries";
import { insertLead, latestLeadForPhone } from "../db/lead-queries";
import { isUniqueViolation } from "../db/client";
import { receivedStatement, type InboundRead } from "../db/inbound-queries";
import { answeredAsRepSince, keptTextsFrom, linkKeptTexts, numbersWithKeptTexts, repWhoTextedNumber, sentKindSince, updateMessageStatement } from "../db/message-queries";
import { isOptedOut, optedOutAmong } from "../db/opt-out-queries";
import type { Lead, Rep } from "../db/schema";
import { MAX_MEDIA, type InboundSms } from "../twilio/inbound-sms";
import { withLaterSuggestion } from "../domain/customer-date";
import { unnamedLeadName } from "../domain/lead-tag";
import { isAway } from "../series/assign-rep";
import { isQuiet } from "../series/quiet-hours";
import { markReplied, replyStatement } from "../series/follow-ups";
import { coverTag } from "../series/forward-refused";
import { giveBackTurn, moveToNextRep, movedTag, pickCover, roundRobinTurn, type TurnPick } from "../series/rep-in-turn";
import { recordTwimlReply, sendSoon } from "../sms/messenger";
import type { InboundContext, TwimlTexts } from "./inbound-context";
import { INFO_KEYWORDS, inboundKeyword, isRevocation, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, wordsForTheRep } from "./keywords";
import { courtesyText, forwardText, newInboundForwardText, noRepCourtesyText } from "./texts";

/** How long a removed rep's phone is still answered as one (not made a customer's lead). */
const FORMER_REP_MS = 90 * 86_400_000;
/** With no rep in, a number that keeps texting is thanked once in this long. */
const NO_REP_COURTESY_EVERY_MS = 86_400_000;

/** A customer's text as it is forwarded: its words and its photos' addresses. */
interface TextForRep {
  body: string;
  media: readonly string[];
}

export async function handleCustomerText(ctx: InboundContext, sms: InboundSms, from: string, messageId: number): Promise<TwimlTexts> {
  const text = { body: sms.body, media: sms.media.map((m) => m.url) };
  const known = await latestLeadForPhone(ctx.db, from);
  if (known) return forwardKnown(ctx, known, text, messageId);
  // A rep the owner removed, texting a command out of habit: not a new customer (whose lead
  // would then keep the owner from adding the phone back as a rep's). After a while, a number
  // like any other.
  const former = await answeredAsRepSince(ctx.db, from, ctx.now() - FORMER_REP_MS);
  if (former) {
    // The rep is still one, on another phone (the owner changed it): that one is theirs now.
    const still = former.repId !== null && (await getRep(ctx.db, former.repId));
    const what = still ? "If you are a rep here, text from the phone the owner has for you." : "Ask the owner to add it again.";
    const text = `This number is no longer a rep's at ${ctx.settings.storeName}: its texts are not read as commands. ${what}`;
    // A command, not a customer's words: a lead made later for this number does not take it
    // in as what they "texted before a rep was in" (linkKeptTexts reads customer texts).
    await recordTwimlReply(ctx, from, text, "reply", null, null, [updateMessageStatement(ctx.db, messageId, { kind: "command" })]);
    return [text];
  }

  // No lead has the number now, but the store texted it for a rep (a lead's number fixed since): to that rep.
  // With every rep away, a new customer is still a lead: the next rep in turn gets it, as an
  // away rep's own customer's text goes to them when nobody covers.
  const pick = await roundRobinTurn(ctx, { preferred: await repWhoTextedNumber(ctx.db, from), orAway: true });
  if (!pick) return keptForTheNextRep(ctx, from, await isOptedOut(ctx.db, from), null);
  const made = await newLeadFromText(ctx, from, pick, text, messageId);
  // Made a lead by its other text meanwhile (forwarded as that lead's), or opted out: no courtesy.
  if (!made || made.optedOut) return [];
  const courtesy = courtesyText(ctx.settings.storeName, pick.rep.name, isQuiet(ctx.now(), ctx.settings.quietHours, ctx.settings.timezone));
  await recordTwimlReply(ctx, from, courtesy, "courtesy", made.lead.id, pick.rep.id);
  return [courtesy];
}

/**
 * A number that is nobody's lead becomes `pick`'s rep's, and its text (the row `messageId`)
 * is forwarded to them with the texts it sent while no rep was in. Null when the number
 * became a lead meanwhile: the text went to that lead's rep instead.
 */
async function newLeadFromText(ctx: InboundContext, from: string, pick: TurnPick, text: TextForRep, messageId: number, handedOn = false): Promise<{ lead: Lead; optedOut: boolean } | null> {
  const { rep } = pick;
  const optedOut = await isOptedOut(ctx.db, from);
  let lead: Lead;
  try {
    lead = await insertLead(
      ctx.db,
      { name: unnamedLeadName(from), phone: from, product: "", repId: rep.id, photoUrl: null, source: "inbound" },
      ctx.now(),
    );
  } catch (error) {
    // A rep's `new` (or the number's other first text) made it a lead since the read above:
    // the database holds one open lead a number, so this is that lead's reply.
    const since = isUniqueViolation(error) ? await latestLeadForPhone(ctx.db, from) : undefined;
    if (!since) throw error;
    // The number's other text (a photo and its words come as two) made the lead: its turn was the one.
    await giveBackTurn(ctx, pick);
    await forwardKnown(ctx, since, text, messageId, handedOn);
    return null;
  }
  // Its texts that came while no rep was in go with it: in the lead's conversation, and the
  // words of those that were not a STOP, START or HELP in the forward. Handed on, they are
  // claimed: another run that took them first forwards them.
  const linked = handedOn ? await linkKeptTexts(ctx.db, from, messageId, lead, true) : await linkKeptTexts(ctx.db, from, messageId, lead);
  if (!linked) return null;
  const earlier = wordsForTheRep(linked);
  const allMedia = [...earlier.flatMap((t) => t.media), ...text.media].slice(-MAX_MEDIA);
  await sendSoon(ctx, { kind: "forward", to: rep.phone, body: newInboundForwardText(lead, text.body, text.media.length, optedOut, earlier), leadId: lead.id, repId: rep.id, media: allMedia });
  return { lead, optedOut };
}

/** How many numbers' kept texts a rep's coming in hands on at once (the owner's request waits for them); the rest go with each customer's next text. */
const HAND_ON_AT_MOST = 100;

/**
 * A rep is in again — made active, or added — after a time with none: each number's texts
 * kept meanwhile (keptForTheNextRep) go to a rep now, as the customer's next text would
 * have taken them, and not only then: she was told "We got your message", and may wait for
 * an answer without writing again. Its newest text is forwarded with the earlier ones'
 * words, as that lead's rep (or the next active rep in turn) or as a new lead in turn; a
 * number that only texted STOP, START or HELP (answered already) is left as it is, and so is a
 * number that is a rep's phone now (its texts were a rep's, before the owner added them): the
 * query leaves both out (`numbersWithKeptTexts`); a plain-words opt-out alone is left here.
 * Each number's texts are claimed as they are linked, so two runs at once (two reps made
 * active, a double click) or the number's own next text forward them once.
 * Returns how many numbers' texts went.
 */
export async function handOnKeptTexts(ctx: InboundContext): Promise<number> {
  let handed = 0;
  for (const phone of await numbersWithKeptTexts(ctx.db, HAND_ON_AT_MOST, [...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...INFO_KEYWORDS])) {
    const kept = await keptTextsFrom(ctx.db, phone);
    const last = kept.at(-1);
    if (!last || wordsForTheRep(kept).length === 0) continue;
    const known = await latestLeadForPhone(ctx.db, phone);
    if (known) {
      if (await forwardKnown(ctx, known, last, last.id, true)) handed += 1;
      continue;
    }
    const pick = await roundRobinTurn(ctx, { preferred: await repWhoTextedNumber(ctx.db, phone), orAway: true });
    if (!pick) break;
    if (await newLeadFromText(ctx, phone, pick, last, last.id, true)) handed += 1;
  }
  return handed;
}

/**
 * No active rep to forward to: the text is kept (left without a lead), and the number's lead
 * takes it in once a rep is there to take its next text (linkKeptTexts). The sender is told
 * we got it, and not promised an answer "shortly" that no one is there to give; once a day,
 * not at every text. `leadId`: the number's lead, whose conversation shows the thanks.
 */
async function keptForTheNextRep(ctx: InboundContext, from: string, optedOut: boolean, leadId: number | null): Promise<TwimlTexts> {
  if (optedOut || (await sentKindSince(ctx.db, from, "courtesy", ctx.now() - NO_REP_COURTESY_EVERY_MS))) return [];
  const text = noRepCourtesyText(ctx.settings.storeName);
  await recordTwimlReply(ctx, from, text, "courtesy", leadId, null);
  return [text];
}

/** Why a rep cannot take their customer's text now (" is away", after the rep's first name), or null when they can. */
export function whyNotReachable(rep: Rep, now: number, optedOut: Set<string>): string | null {
  if (isAway(rep, now)) return " is away";
  return optedOut.has(rep.phone) ? "'s phone texted STOP" : null;
}

/**
 * A known customer's text (the row `messageId`) to their rep, or to the rep who takes it.
 * `handedOn`: a text kept while no rep was in, forwarded when one came in (handOnKeptTexts):
 * the lead stepped aside when it came, and a date in it is not read against today. Returns
 * the TwiML answer; with `handedOn`, false when nothing was sent: no rep is in after all, or
 * another run took the texts first.
 */
async function forwardKnown(ctx: InboundContext, lead: Lead, text: TextForRep, messageId: number): Promise<TwimlTexts>;
async function forwardKnown(ctx: InboundContext, lead: Lead, text: TextForRep, messageId: number, handedOn: boolean): Promise<boolean>;
async function forwardKnown(ctx: InboundContext, lead: Lead, text: TextForRep, messageId: number, handedOn = false): Promise<TwimlTexts | boolean> {
  let rep = await getRep(ctx.db, lead.repId);
  // The owning rep was made inactive: the lead moves to the next active rep (away or not,
  // when every one is away) so the reply is not lost, and that rep is told whose customer it was.
  let movedFrom: Rep | undefined;
  if (!rep || !rep.active) {
    const next = await moveToNextRep(ctx, lead);
    if (next) [movedFrom, rep] = [rep, next];
  }
  if (!handedOn) await markReplied(ctx.db, lead, ctx.now());
  // No active rep at all: kept for the next one, as a new number's text is.
  if (!rep?.active) return handedOn ? false : keptForTheNextRep(ctx, lead.phone, await isOptedOut(ctx.db, lead.phone), lead.id);
  // While the owner is away, or their phone opted out of the store's texts (they texted
  // STOP: Twilio would refuse the forward), another rep covers and is told whose customer it is.
  let coverFor: Rep | null = null;
  // The rep's phone and the customer's number, in one read.
  const optedOut = await optedOutAmong(ctx.db, rep ? [lead.phone, rep.phone] : [lead.phone]);
  const why = rep ? whyNotReachable(rep, ctx.now(), optedOut) : null;
  if (rep && why) {
    // The rep who covered this customer's last texts, while they still can: one conversation, one cover.
    const cover = await pickCover(ctx, lead, rep.id);
    if (cover) [coverFor, rep] = [rep, cover];
  }
  // The texts kept while no rep was in go with this one (in the same write that links it).
  // Handed on, they are claimed: another run that took them first forwards them.
  const linked = handedOn ? await linkKeptTexts(ctx.db, lead.phone, messageId, { id: lead.id, repId: rep.id }, true) : await linkKeptTexts(ctx.db, lead.phone, messageId, { id: lead.id, repId: rep.id });
  if (!linked) return false;
  const earlier = wordsForTheRep(linked);
  const prefix = coverFor
    ? coverTag(coverFor, why ?? "")
    : movedFrom
      ? movedTag(movedFrom)
      : "";
  // A number that opted out may still write: the rep reads it, and is told a text back would
  // not go. A cover cannot `later` another rep's lead: the suggestion goes only to its rep.
  const forward = prefix + forwardText(lead, text.body, text.media.length, optedOut.has(lead.phone), earlier);
  const body = coverFor || handedOn ? forward : withLaterSuggestion(forward, lead, text.body, ctx.now(), ctx.settings.timezone, ctx.settings.defaultCountry);
  const allMedia = [...earlier.flatMap((t) => t.media), ...text.media].slice(-MAX_MEDIA);
  await sendSoon(ctx, { kind: "forward", to: rep.phone, body, leadId: lead.id, repId: rep.id, media: allMedia });
  return handedOn ? true : [];
}

/**
 * The usual inbound text — a known customer's reply, to a rep who is in — in one D1 round
 * trip: the text recorded as handled (its MessageSid claimed: a sid seen before fails the
 * whole batch, and nothing of it is written), the lead's series stepping aside, and the
 * forward recorded; the forward goes to Twilio after the answer (sendSoon). False when the
 * text is something else (a keyword, a plain-words opt-out, a new number, a rep away,
 * gone or opted out, a sender whose number opted out or who has texts kept for the next
 * rep) or its sid was seen before: the general path decides, as for every other text.
 */
export async function forwardReplyAtOnce(ctx: InboundContext, sms: InboundSms, from: string, read: InboundRead): Promise<boolean> {
  const { lead, leadRep: rep } = read;
  const now = ctx.now();
  if (read.rep || !lead || !rep?.active || isAway(rep, now) || read.leadRepOptedOut || read.senderOptedOut || read.keptTexts || inboundKeyword(sms.body, sms.optOutType) !== null || isRevocation(sms.body)) return false;
  const media = sms.media.map((m) => m.url);
  const body = withLaterSuggestion(forwardText(lead, sms.body, media.length), lead, sms.body, now, ctx.settings.timezone, ctx.settings.defaultCountry);
  try {
    const { before } = await sendSoon(ctx, { kind: "forward", to: rep.phone, body, leadId: lead.id, repId: rep.id, media }, [
      receivedStatement(ctx.db, { kind: "customer", leadId: lead.id, repId: rep.id, from, to: sms.to, body: sms.body, media, sid: sms.sid, at: now }),
      replyStatement(ctx.db, lead, now),
    ]);
    // Something changed the lead between the read and the write: the reply is written from its state now.
    const replied = before[1];
    if (!Array.isArray(replied) || replied.length === 0) await markReplied(ctx.db, lead.id, now);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
