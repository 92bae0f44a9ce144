// The words Beback says on its own behalf: forwards to reps, notices, courtesy replies.
// Pure: each takes what it mentions. Kept short: a rep reads them on the sales floor.
import type { Lead } from "../db/schema";
import { firstName, leadTag, reachBy } from "../domain/lead-tag";
import { formatPhoneForRep } from "../domain/phone";
import { clipText } from "../domain/clip-text";
import { countSegments, fitSegments, gsmOnly } from "../domain/segments";
import { openingOf, wordsOf } from "../series/series-texts";
import { repSignature } from "../series/templates";
import { carrierReason, isStoreSetUpCode } from "../domain/carrier-reasons";

/** Every answer to a rep fits this many segments, whatever names and products it repeats. */
export const ANSWER_SEGMENTS = 2;

/** What a rep gets when handling their text failed on our side (logged as "inbound text failed"). */
export const PROBLEM_TEXT = "Sorry, Beback hit a problem with that text. Please try again in a minute.";

export { leadTag };

/** Starts a forward from a number that opted out: the rep can read it, but a text back would not go (call them). */
export const OPTED_OUT_TAG = "[Opted out: Beback can't text back unless they text START] ";

/** A customer's text that came while the store had no active rep to take it: its words go with the next one's forward. */
type KeptText = { body: string; media: readonly string[] };

/** The words of a text, and after them those of `earlier` (kept while no rep was in, oldest first), " / " between texts. */
function withKeptTexts(body: string, mediaCount: number, earlier: readonly KeptText[]): string {
  const before = earlier.length ? ` (before a rep was in: ${earlier.map((t) => wordsOf(t.body, t.media.length)).join(" / ")})` : "";
  return wordsOf(body, mediaCount) + before;
}

/** A customer's text, to their rep. `earlier`: their texts kept while no rep was in (a forward too long is cut at its end). */
export function forwardText(lead: Pick<Lead, "id" | "name" | "product">, body: string, mediaCount: number, optedOut = false, earlier: readonly KeptText[] = []): string {
  return `${optedOut ? OPTED_OUT_TAG : ""}${leadTag(lead)}: ${withKeptTexts(body, mediaCount, earlier)}`;
}

/**
 * A customer moved to the rep who covered for their rep and got their last text already:
 * told they are theirs now, not sent the same words again.
 */
export function movedAlreadyForwardedText(lead: Pick<Lead, "id" | "name" | "product">, body: string, mediaCount: number): string {
  return `${leadTag(lead)}: their last text came to you already ("${openingOf(wordsOf(body, mediaCount))}").`;
}

/**
 * A new customer's text, to the rep who takes them. `earlier`: their texts that came while the
 * store had no rep to take them, oldest first: after the newest words (a forward too long is
 * cut at its end), " / " between texts.
 */
export function newInboundForwardText(
  lead: Pick<Lead, "id" | "phone">,
  body: string,
  mediaCount: number,
  optedOut = false,
  earlier: readonly KeptText[] = [],
): string {
  return `${optedOut ? OPTED_OUT_TAG : ""}New lead ${formatPhoneForRep(lead.phone)} #${lead.id}: ${withKeptTexts(body, mediaCount, earlier)}`;
}

/**
 * The end of a rep's answer to `new` when the number had texted the store while no rep was in
 * (those texts are the new lead's now): their words, " / " between texts, GSM-7 only and cut
 * so the whole answer (`answer`, which it ends) fits two segments. "" when there were none.
 */
export function earlierTextsSaid(earlier: readonly KeptText[], answer: string): string {
  if (earlier.length === 0) return "";
  const words = gsmOnly(earlier.map((t) => wordsOf(t.body, t.media.length)).join(" / "));
  const said = (room: number) => ` They texted before a rep was in: "${clipText(words, room)}"`;
  let room = words.length;
  while (room > 20 && countSegments(answer + said(room)).segments > ANSWER_SEGMENTS) room = Math.floor(room * 0.9);
  return said(room);
}

/** The courtesy reply when no active rep can take a customer's text: it is kept, and goes to the first rep in with the next one. */
export function noRepCourtesyText(store: string): string {
  return `Thanks for texting ${store}! We got your message. Reply STOP to opt out.`;
}

/** `afterHours`: the text came in the store's quiet hours; the rep answers once it opens, not "shortly". */
export function courtesyText(store: string, repName: string | null, afterHours = false): string {
  const when = afterHours ? "when we open" : "shortly";
  const who = repName?.trim() ? `${repSignature(repName)} will text you back ${when}` : `We'll text you back ${when}`;
  return `Thanks for texting ${store}! ${who}. Reply STOP to opt out.`;
}

/** The answer to HELP/INFO. To a number that opted out it says so first: they asked what these texts are, and get no more. */
export function infoText(store: string, optedOut = false): string {
  if (optedOut) return `${store}: you're opted out and get no texts from us. Reply START to opt back in. Msg & data rates may apply.`;
  return `${store}: texts from your sales associate about what you looked at. Reply STOP to opt out, START to opt back in. Msg & data rates may apply.`;
}

/** `how`: what the customer texted — a keyword as read ("QUIT"), or their own words in quotes. */
export function optedOutNotice(leads: Pick<Lead, "id" | "name" | "product">[], how: { keyword: string } | { words: string }, prefix = ""): string {
  const names = leads.map(leadTag).join(", ");
  // Their words in quotes, once: a customer's own quotes ("STOP" typed with them) are not doubled.
  const said = "keyword" in how ? `texted ${how.keyword}` : `texted "${how.words.trim().replace(/^["\u201c\u201d]+|["\u201c\u201d]+$/g, "")}`;
  // What does not fit is cut from their words, never from what the opt-out means.
  return fitSegments(`${prefix}${names} opted out (${said}`, ANSWER_SEGMENTS, `${"keyword" in how ? "" : '"'}). Beback won't text this number again; only they can opt back in, by texting START.`);
}

/** Why Twilio did not take a text, in a rep's words, with its code for whoever looks it up. */
export function refusalInWords(httpStatus: number | null, errorCode: number | null): string {
  const code = errorCode ?? httpStatus;
  const why = httpStatus === 429 ? "Twilio is busy" : httpStatus !== null && httpStatus >= 500 ? "Twilio had a problem on its side" : httpStatus === null ? "it didn't leave Beback" : "Twilio refused it";
  return code === null ? why : `${why} (${code})`;
}

/**
 * A person's text to a customer (a rep's relay, the owner's text from the page) that the
 * carrier reported it did not deliver: the rep hears which one, and why in words.
 */
export function relayNotDeliveredNotice(lead: Pick<Lead, "id" | "name" | "product">, body: string, errorCode: string | null): string {
  const reason = carrierReason(errorCode) ?? "the carrier didn't deliver it";
  // The store's own set-up (30034, an unregistered number) is the owner's to fix, not the rep's.
  const owner = isStoreSetUpCode(errorCode) ? " Tell the owner." : "";
  return fitSegments(`The text to ${leadTag(lead)} ("${openingOf(body)}") didn't reach them: ${reason}${errorCode ? ` (${errorCode})` : ""}.${owner}`, ANSWER_SEGMENTS);
}

/** The one confirmation a plain-language opt-out gets (Twilio confirms only its own keywords). */
export function revokedConfirmation(store: string): string {
  return `${store}: you're opted out and will get no more texts from us. Reply START to opt back in.`;
}

/** `keyword`: the word they texted, as read ("UNSTOP"). */
export function optedInNotice(leads: Pick<Lead, "id" | "name" | "product">[], keyword: string, prefix = ""): string {
  const names = leads.map(leadTag).join(", ");
  return fitSegments(`${prefix}${names} opted back in (${keyword}). No series restarts by itself; text ${leads[0] ? reachBy(leads[0]) : "#id and your words"} to reach them.`, ANSWER_SEGMENTS);
}

/** `optedOutReason` after a confirmation (✓ makes a text UCS-2: two segments hold 134 characters). */
export const OPTED_OUT_AFTER = "They opted out: Beback won't text them unless they text START.";

/**
 * A rep's `sold`/`lost`/… on another rep's customer whose texts came to them (forwarded while
 * their rep was away, or told to them): short, so that "Nothing changed." is never cut off.
 */
export const coveredCustomer = (lead: Pick<Lead, "id" | "name">, command: string) =>
  `${firstName(lead.name)} #${lead.id} is another rep's customer: answer with #${lead.id} and your words, but ${command} is theirs to do. Nothing changed.`;

/** After `fix … phone` away from a number that opted out: the opt-out stays with that number. */
export const oldNumberOptedOut = (old: string) => `${old} stays opted out; text this one only if it isn't who said stop.`;

/** A sale's amount as the rep reads it: "$1,200", "$2,400.50". */
export const dollars = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: cents % 100 ? 2 : 0, maximumFractionDigits: 2 })}`;

/** Why Beback won't text a lead: said the same way by every rep command that meets an opt-out. */
export function optedOutReason(lead: Pick<Lead, "id" | "name">): string {
  return `${firstName(lead.name)} #${lead.id} opted out of texts, so Beback won't text them; only they can opt back in, by texting START.`;
}

/** Told to the rep when a new series for a number ended a sale's after-sale texts to it (`endAfterSaleOf`). */
export function afterSaleEnded(sold: Pick<Lead, "id" | "name">): string {
  return `${firstName(sold.name)} #${sold.id}'s after-sale texts to this number stop.`;
}

/** To the rep who sold to a number another rep's `new` (or `fix`) has taken since: whose it is now, and what stopped. */
export function soldNumberTakenNotice(sold: Pick<Lead, "id" | "name">, by: { name: string }, lead: Pick<Lead, "id" | "product">): string {
  return `${firstName(sold.name)} #${sold.id}'s number is ${by.name}'s lead #${lead.id} now${lead.product ? ` (${lead.product})` : ""}: the after-sale texts stopped, and their replies go to ${firstName(by.name)}.`;
}

/** Told after `undo` of that command: the after-sale texts are back, or stay stopped because that lead changed since. */
export function afterSaleResumed({ lead, resumed }: { lead: Pick<Lead, "id" | "name">; resumed: boolean }): string {
  const whose = `${firstName(lead.name)} #${lead.id}'s after-sale texts`;
  return resumed ? `${whose} resume.` : `${whose} stay stopped: that lead changed since.`;
}
