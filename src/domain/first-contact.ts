// The first text a number ever gets from the store names the store and says how to opt
// out (CTIA; PRODUCT: "the first text a customer ever gets from the store names the store
// and says 'Reply STOP to opt out'") — whoever sends it: a series step, a rep's or the
// owner's own text. Pure; the senders ask whether the number was texted before.
import { clipText } from "./clip-text";
import { storeNameEndingSentence } from "./store-name";

const OPT_OUT = "Reply STOP to opt out.";

/** Appended to the first text a number ever gets from the store (GSM-7: a plain hyphen). */
export function firstContactSuffix(store: string): string {
  const name = store.trim();
  return name ? ` - ${storeNameEndingSentence(name)} ${OPT_OUT}` : ` ${OPT_OUT}`;
}

/**
 * A sent text's own words, without the notice `withFirstContactNotice` ended it with (" - Oak
 * & Pine. Reply STOP to opt out.", or the opt-out line alone): what a rep is quoted back.
 * The store's name is not needed: the notice is the text's last " - " part.
 */
export function withoutFirstContactNotice(body: string): string {
  return body.replace(/ - (?:(?! - ).){1,200}? Reply STOP to opt out\.$| Reply STOP to opt out\.$/, "");
}

/** Words that tell how to opt out ("Reply STOP to opt out", "text stop to end"), not any STOP ("STOP BY", "NON-STOP"). */
const SAYS_HOW_TO_OPT_OUT = /\b(?:reply|text|txt|send)\s+["'\u201C\u2018]?stop\b/i;

/**
 * The first text a number gets names the store and says how to opt out. A body that
 * already names the store gets only the opt-out line; one that also says how to opt out
 * ("Reply STOP…"), nothing.
 */
export function withFirstContactNotice(body: string, store: string): string {
  const name = store.trim();
  // A photo with no words: the notice alone.
  if (body.trim() === "") return firstContactSuffix(name).replace(/^ (- )?/, "");
  const namesStore = name === "" || body.includes(name);
  if (namesStore && SAYS_HOW_TO_OPT_OUT.test(body)) return body;
  if (namesStore) return `${body}${/[.!?]$/.test(body) ? "" : "."} ${OPT_OUT}`;
  return body + firstContactSuffix(name);
}

/**
 * `withFirstContactNotice` within one message's length: a body too long for the notice is
 * clipped ("...") so that the notice itself is never cut off.
 */
export function withFirstContactNoticeWithin(body: string, store: string, max: number): string {
  const noticed = withFirstContactNotice(body, store);
  const over = noticed.length - max;
  if (over <= 0) return noticed;
  // Counted as Twilio's limit counts (clip-text.ts): an emoji is two or more.
  const clipped = withFirstContactNotice(clipText(body, Math.max(3, body.length - over)), store);
  if (clipped.length <= max) return clipped;
  // The store's name was in the part cut off: the notice is now the longer one, with the name.
  return withFirstContactNotice(clipText(body, Math.max(3, max - firstContactSuffix(store).length)), store);
}
