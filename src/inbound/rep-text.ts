// A text from a rep's phone: parsed into a command (src/domain/parse-command.ts) and
// carried out. Every rep text gets exactly one answer, in the TwiML reply.
//
// Only the leads the text could name are read (parse-command `leadRefsIn` → lead-match
// `refKeys` → lead-queries `leadCandidates`, one indexed round trip), with the customers
// recently forwarded to the rep: a rep with 5,000 leads is read no more than one with 5.
import { getLead, leadCandidates } from "../db/lead-queries";
import { getRep } from "../db/rep-queries";
import { updateMessageStatement } from "../db/message-queries";
import type { Lead, Rep } from "../db/schema";
import { countryOf } from "../domain/phone";
import { refKeys, type LeadSummary } from "../domain/lead-match";
import { leadRefsIn, parseRepText, type RepCommand } from "../domain/parse-command";
import type { InboundSms } from "../twilio/inbound-sms";
import { fitSegments } from "../domain/segments";
import { recordTwimlReply } from "../sms/messenger";
import type { ClaimedText, InboundContext, TwimlTexts } from "./inbound-context";
import { photoAfterNew, runRepCommand } from "./rep-commands";
import { ANSWER_SEGMENTS } from "./texts";
import { isAway } from "../series/assign-rep";

export function toSummary(l: Lead): LeadSummary {
  return { id: l.id, name: l.name, phone: l.phone, product: l.product, status: l.status, lastContactAt: l.lastContactAt, createdAt: l.createdAt };
}

/** A rep covering for an away colleague may answer the customers forwarded to them in this window… */
const COVER_WINDOW_MS = 24 * 3_600_000;
/** …the latest this many of them. */
const COVER_LIMIT = 20;

export async function handleRepText(ctx: InboundContext, rep: Rep, sms: InboundSms, claimed: ClaimedText): Promise<TwimlTexts> {
  const messageId = claimed.id;
  const parsing = {
    now: ctx.now(),
    timeZone: ctx.settings.timezone,
    defaultCountry: countryOf(ctx.settings.defaultCountry),
    repPhone: rep.phone,
    // "#12" or "@Jane" with a photo and no other words sends the photo to that lead.
    photo: sms.media.length > 0,
    repAway: isAway(rep, ctx.now()),
  };
  // A photo with no words goes to the last customer who wrote, like any plain reply (unless it follows a `new`: photoAfterNew).
  const photoOnly = sms.body.trim() === "" && sms.media.length > 0;
  const refs = leadRefsIn(sms.body, parsing);
  // A text that names no lead parses the same whatever the rep's leads are; unless it is a
  // plain reply (which goes to the customer who wrote last), its command needs none of them
  // (`new`, `help`, `list`, an error): no read of the candidates.
  const bare = !photoOnly && refs.length === 0 ? parseRepText(sms.body, { ...parsing, leads: [] }) : null;
  const alone = bare !== null && !(bare.ok && bare.command.kind === "reply");
  const { leads, forwards } = alone
    ? { leads: [], forwards: [] }
    : await leadCandidates(ctx.db, {
        repId: rep.id,
        keys: refKeys(refs),
        coveredSince: parsing.now - COVER_WINDOW_MS,
        coveredLimit: COVER_LIMIT,
      });
  // A text that names no lead was parsed already (the same with any leads).
  const parsed: ReturnType<typeof parseRepText> = photoOnly ? { ok: true, command: { kind: "reply", body: "" } } : (bare ?? parseRepText(sms.body, { ...parsing, leads: leads.map(toSummary) }));
  // A photo alone right after the rep's `new`, with no customer's text to the rep since, is
  // that lead's (a phone may send a text's words and its photo apart).
  const kept = photoOnly ? await photoAfterNew(ctx, rep, sms, messageId, forwards[0]?.at ?? null) : null;
  const result =
    kept ??
    (parsed.ok
      ? await runRepCommand(ctx, { rep, leads, forwards, sms, messageId, retaken: claimed.retaken }, parsed.command satisfies RepCommand)
      : { text: (parsed.unknownId !== undefined && (await whoseLead(ctx, rep, parsed.unknownId))) || parsed.error, leadId: null });
  const answer = { ...result, text: fitSegments(result.text, ANSWER_SEGMENTS) };
  // One round trip: the rep's text marked received (and shown in that lead's conversation,
  // with its answer), and the answer recorded.
  const handled = updateMessageStatement(ctx.db, messageId, answer.leadId === null ? { status: "received" } : { status: "received", leadId: answer.leadId });
  await recordTwimlReply(ctx, rep.phone, answer.text, "reply", answer.leadId, rep.id, [handled]);
  claimed.received = true;
  return [answer.text];
}

/**
 * "#8 …" for a lead that is not the rep's: when it is another rep's (handed over by the
 * owner, or never theirs), the answer says whose, rather than only "No lead #8 among yours".
 */
async function whoseLead(ctx: InboundContext, rep: Rep, id: number): Promise<string | null> {
  const lead = await getLead(ctx.db, id);
  if (!lead || lead.repId === rep.id) return null;
  const owner = await getRep(ctx.db, lead.repId);
  const moved = lead.addedByRepId === rep.id || lead.soldByRepId === rep.id ? " now" : "";
  return `#${id} is ${owner?.name ?? "another rep"}'s customer${moved}: nothing was sent. Text list to see yours.`;
}
