// The words Beback says on its own behalf: forwards to reps, notices, courtesy replies.
// Pure: each takes what it mentions. Kept short: a rep reads them on the sales floor.
import type { Lead } from "../db/schema";
import { formatPhoneForRep } from "../domain/phone";

/** What a rep gets when handling their text failed on our side (logged as "inbound text failed"). */
export const PROBLEM_TEXT = "Sorry, Beback hit a problem with that text. Please try again in a minute.";

/** "Jane (recliner) #12" — how a lead is named in every text to a rep. */
export function leadTag(lead: Pick<Lead, "id" | "name" | "product">): string {
  return lead.product ? `${lead.name} (${lead.product}) #${lead.id}` : `${lead.name} #${lead.id}`;
}

export function forwardText(lead: Pick<Lead, "id" | "name" | "product">, body: string, mediaCount: number): string {
  const words = body.trim() || (mediaCount > 0 ? "[photo]" : "[empty text]");
  return `${leadTag(lead)}: ${words}`;
}

export function newInboundForwardText(lead: Pick<Lead, "id" | "phone">, body: string, mediaCount: number): string {
  const words = body.trim() || (mediaCount > 0 ? "[photo]" : "[empty text]");
  return `New lead ${formatPhoneForRep(lead.phone)} #${lead.id}: ${words}`;
}

export function courtesyText(store: string, repName: string | null): string {
  const who = repName ? `${repName.split(/\s+/)[0]} will text you back shortly` : "we'll text you back shortly";
  return `Thanks for texting ${store}! ${who}. Reply STOP to opt out.`;
}

export function infoText(store: string): string {
  return `${store}: texts from your sales associate about what you looked at. Reply STOP to opt out, START to opt back in. Msg & data rates may apply.`;
}

export function optedOutNotice(leads: Pick<Lead, "id" | "name" | "product">[]): string {
  const names = leads.map(leadTag).join(", ");
  return `${names} opted out (texted STOP). Beback won't text this number again.`;
}

export function optedInNotice(leads: Pick<Lead, "id" | "name" | "product">[]): string {
  const names = leads.map(leadTag).join(", ");
  return `${names} opted back in (START). No series restarts by itself; text @${leads[0]?.name.split(/\s+/)[0] ?? "name"} to reach them.`;
}

export function revocationHint(lead: Pick<Lead, "id">): string {
  return `(This sounds like a request to stop texting: automatic texts are paused. Text "lost #${lead.id}" to end them for good.)`;
}
