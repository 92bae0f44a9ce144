// One inbound text, after the webhook verified and parsed it: claim its MessageSid, then
// route it — compliance keywords first (from anyone), then a rep's command or reply, then
// a customer's text. Returns the texts for the sender, which go back in the TwiML answer.
import { getRep, getRepByPhone } from "../db/rep-queries";
import { claimInbound, updateMessage } from "../db/message-queries";
import { clearOptOut, isOptedOut, recordOptOut } from "../db/opt-out-queries";
import { latestLeadForPhone, optInLeadsByPhone, optOutLeadsByPhone } from "../db/lead-queries";
import type { Lead } from "../db/schema";
import type { InboundSms } from "../twilio/inbound-sms";
import { recordTwimlReply, sendText } from "../sms/messenger";
import { handleCustomerText } from "./customer-text";
import type { InboundContext, TwimlTexts } from "./inbound-context";
import { keywordOf } from "./keywords";
import { handleRepText } from "./rep-text";
import { infoText, optedInNotice, optedOutNotice } from "./texts";

/** `from` is the sender's number in E.164. */
export async function handleInbound(ctx: InboundContext, sms: InboundSms, from: string): Promise<TwimlTexts> {
  const rep = await getRepByPhone(ctx.db, from);
  const claimed = await claimInbound(ctx.db, {
    kind: rep ? "command" : "customer",
    repId: rep?.id ?? null,
    from,
    to: sms.to,
    body: sms.body,
    media: sms.media.map((m) => m.url),
    sid: sms.sid,
    at: ctx.now(),
  });
  // The same MessageSid again (Twilio retried, or a duplicate delivery): already handled.
  if (!claimed) return [];

  const keyword = keywordOf(sms.body);
  // "Yes" from a number that never opted out is an answer, not an opt-in: a customer's
  // "Yes" reaches their rep, a rep's "Yes" reaches the customer.
  const optingIn = keyword === "optin" && (await isOptedOut(ctx.db, from));
  // Twilio answers STOP/START itself on long codes; Beback records them and tells the reps,
  // and sends no second confirmation.
  if (keyword === "optout" || optingIn) {
    let changed: Lead[];
    if (keyword === "optout") {
      await recordOptOut(ctx.db, from, ctx.now());
      changed = await optOutLeadsByPhone(ctx.db, from, ctx.now());
    } else {
      await clearOptOut(ctx.db, from);
      changed = await optInLeadsByPhone(ctx.db, from, ctx.now());
    }
    // The STOP or START shows in the conversation of the lead it concerns.
    const lead = changed[0] ?? (await latestLeadForPhone(ctx.db, from));
    if (lead) await updateMessage(ctx.db, claimed.id, { leadId: lead.id });
    await tellReps(ctx, changed, keyword === "optout" ? optedOutNotice : optedInNotice);
    return [];
  }
  if (rep && !rep.active) {
    const text = `This number is not an active rep at ${ctx.settings.storeName}. Ask the owner to turn it back on.`;
    await recordTwimlReply(ctx, from, text, "reply", null, rep.id);
    return [text];
  }
  if (rep) return handleRepText(ctx, rep, sms, claimed.id);
  if (keyword === "info") {
    const text = infoText(ctx.settings.storeName);
    await recordTwimlReply(ctx, from, text, "courtesy", null, null);
    return [text];
  }
  return handleCustomerText(ctx, sms, from, claimed.id);
}

/** One notice per rep, naming every lead of theirs that changed. */
async function tellReps(ctx: InboundContext, changed: Lead[], text: (leads: Lead[]) => string): Promise<void> {
  const byRep = Map.groupBy(changed, (l) => l.repId);
  for (const [repId, leads] of byRep) {
    const rep = await getRep(ctx.db, repId);
    if (rep?.active) await sendText(ctx, { kind: "notice", to: rep.phone, body: text(leads), leadId: leads[0]?.id ?? null, repId });
  }
}
