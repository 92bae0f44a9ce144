// A text from a rep's phone: parsed into a command (src/domain/parse-command.ts) and
// carried out. Every rep text gets exactly one answer, in the TwiML reply.
import { leadsByIds, leadsOfRep, type LeadRow } from "../db/lead-queries";
import { recentForwardsTo, updateMessage } from "../db/message-queries";
import type { Lead, Rep } from "../db/schema";
import { countryOf } from "../domain/phone";
import type { LeadSummary } from "../domain/lead-match";
import { parseRepText, type RepCommand } from "../domain/parse-command";
import type { InboundSms } from "../twilio/inbound-sms";
import { fitSegments } from "../domain/segments";
import { recordTwimlReply } from "../sms/messenger";
import type { InboundContext, TwimlTexts } from "./inbound-context";
import { runRepCommand } from "./rep-commands";

export function toSummary(l: Lead): LeadSummary {
  return { id: l.id, name: l.name, phone: l.phone, product: l.product, status: l.status, lastContactAt: l.lastContactAt, createdAt: l.createdAt };
}

const COVER_WINDOW_MS = 24 * 3_600_000;

async function coveredLeads(ctx: InboundContext, rep: Rep, own: LeadRow[]): Promise<LeadRow[]> {
  const forwards = await recentForwardsTo(ctx.db, rep.phone, ctx.now() - COVER_WINDOW_MS, 20);
  const ids = [...new Set(forwards.map((m) => m.leadId).filter((id): id is number => id !== null && !own.some((l) => l.id === id)))];
  return leadsByIds(ctx.db, ids);
}

export async function handleRepText(ctx: InboundContext, rep: Rep, sms: InboundSms, messageId: number): Promise<TwimlTexts> {
  // A rep covering for an away colleague may answer the customers forwarded to them.
  const own = await leadsOfRep(ctx.db, rep.id);
  const covered = await coveredLeads(ctx, rep, own);
  const leads = [...own, ...covered];
  // A photo with no words goes to the last customer who wrote, like any plain reply.
  const photoOnly = sms.body.trim() === "" && sms.media.length > 0;
  const parsed: ReturnType<typeof parseRepText> = photoOnly ? { ok: true, command: { kind: "reply", body: "" } } : parseRepText(sms.body, {
    leads: leads.map(toSummary),
    now: ctx.now(),
    timeZone: ctx.settings.timezone,
    defaultCountry: countryOf(ctx.settings.defaultCountry),
    repPhone: rep.phone,
  });
  const result = parsed.ok
    ? await runRepCommand(ctx, { rep, leads, sms, messageId }, parsed.command satisfies RepCommand)
    : { text: parsed.error, leadId: null };
  // Every answer fits two segments, whatever names and products it repeats.
  const answer = { ...result, text: fitSegments(result.text, 2) };
  // The command and its answer show in that lead's conversation.
  if (answer.leadId !== null) await updateMessage(ctx.db, messageId, { leadId: answer.leadId });
  await recordTwimlReply(ctx, rep.phone, answer.text, "reply", answer.leadId, rep.id);
  return [answer.text];
}
