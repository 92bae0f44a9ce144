// Compliance keywords, matched the way carriers and Twilio match them: the whole message,
// any case, surrounding spaces and a trailing "." or "!" ignored. Pure.

import type { OptOutType } from "../twilio/inbound-sms";

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const INFO_KEYWORDS = ["HELP", "INFO"] as const;

export type Keyword = "optout" | "optin" | "info";

/** The text as a keyword is read: "  stop! " → "STOP" (what the rep is told the customer texted). */
export function keywordWord(body: string): string {
  return body.trim().replace(/[.!]+$/, "").trim().toUpperCase();
}

export function keywordOf(body: string): Keyword | null {
  const word = keywordWord(body);
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return "optout";
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return "optin";
  if ((INFO_KEYWORDS as readonly string[]).includes(word)) return "info";
  return null;
}

/**
 * Whether Twilio itself answered this opt-out: its Advanced Opt-Out named it (`OptOutType`),
 * or the text is exactly one of its keywords, bar spaces and case ("STOP", " stop "). A
 * keyword with punctuation ("Stop!!", "stop.") may not be Twilio's keyword: Beback confirms
 * it itself. Were it Twilio's, the number is already blocked and that confirmation is not
 * delivered (21610), so the customer never gets two.
 */
export function twilioConfirmsOptOut(body: string, optOutType?: OptOutType): boolean {
  return optOutType === "STOP" || (OPT_OUT_KEYWORDS as readonly string[]).includes(body.trim().toUpperCase());
}

/**
 * The keyword of an inbound text: Twilio's own word on it first (`OptOutType`, from its
 * Advanced Opt-Out, which knows the Messaging Service's custom keywords, e.g. "ALTO"), else
 * the body's.
 */
export function inboundKeyword(body: string, optOutType?: OptOutType): Keyword | null {
  if (optOutType === "STOP") return "optout";
  if (optOutType === "START") return "optin";
  if (optOutType === "HELP") return "info";
  return keywordOf(body);
}

// Consent may be revoked "by any reasonable means" (FCC 24-18, 47 CFR 64.1200(a)(10)): a
// reply that clearly asks to stop, in any words, is an opt-out exactly like STOP. Clear:
// a sentence made only of an opt-out word and filler ("Stop please", "pls stop", "STOP
// ALL", "No. Stop!", "Who is this? Stop."), or a request not to be texted ("stop texting
// me", "don't text me anymore", "remove me", "take me off your list", "unsubscribe",
// "opt me out", "wrong number", "I never signed up for this"). Anything else that merely
// contains such a word ("stop by tomorrow?", "I can't stop thinking about that sofa",
// "can you cancel my delivery?") is doubtful: it reaches the rep as a reply and stops
// nothing. The table in keywords.test.ts holds both sides; docs/opt-out.md publishes it.
const STOP_WORDS = new Set(["stop", "stopall", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke", "optout"]);
const FILLER = new Set([
  "please", "pls", "plz", "pleas", "now", "all", "it", "thanks", "thank", "you", "thx", "ty", "me", "just", "ok", "okay",
  "kindly", "asap", "already", "immediately", "sms", "texts", "text", "messages", "msgs", "texting", "messaging", "no",
  "stop", "this", "these", "them", "sir", "maam", "again", "seriously", "lol", "oh", "hey", "hi", "yes", "so", "anyway",
]);

// What follows "don't text me" when it says when to text, not whether: a time of day or a
// day ("before 9am", "after 8pm", "until Monday", "at work", "during the day", "on Sundays",
// "in the morning", "so early", "tonight"). Not when it says where or how long ("on this
// number", "in the future", "until further notice", "at my work number", "tonight or ever"),
// which is a request to stop.
const DAY = "(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?|the\\s+weekends?|holidays|the\\s+holidays";
const DONT_TEXT_WHEN = [
  "\\s+(?:before|after)\\s+(?!this\\b|today\\b|now\\b)",
  "\\s+(?:until|till|til)\\s+(?!further\\b|i\\b|we\\b|you\\b)",
  "\\s+at\\s+(?:work|night|school|lunch|dinner|the\\s+office|\\d|noon|midnight)",
  "\\s+(?:during|between)\\s+",
  `\\s+on\\s+(?:${DAY})\\b`,
  "\\s+in\\s+the\\s+(?:morning|afternoon|evening|middle\\s+of)",
  "\\s+(?:so|this|too)\\s+(?:early|late)",
  "\\s+(?:early|late)\\b",
  "\\s+(?:tonight|today|tomorrow|this\\s+(?:morning|afternoon|evening|week|weekend))(?!\\s+or\\b)",
  "\\s+(?:while|when)\\s+(?:i'?m|i\\s+am|im)\\b",
].join("|");

const REQUESTS = [
  // "stop texting me", "quit sending me messages", "stop contacting this number" (but not "can't stop texting my wife")
  /\b(stop|quit|cease|end|halt)\s+(all\s+)?(texting|txting|messaging|sending|contacting|calling|spamming|bugging|bothering|the\s+texts|these\s+texts|your\s+texts|texts|messages|msgs)\b/,
  // "don't text me anymore", "do not contact me", "never message this number again" — but not
  // when to text ("don't text me before 9am", "at work", "on Sundays": DONT_TEXT_WHEN), nor
  // "don't call me, text me instead"
  new RegExp(`\\b(don'?t|do\\s+not|dont|never|no\\s+need\\s+to)\\s+(ever\\s+)?(text|txt|message|msg|contact|sms|call)\\s+(me|this\\s+number|my\\s+number|us)\\b(?!\\s+(?:text\\b|instead)|${DONT_TEXT_WHEN})`),
  /\bno\s+more\s+(texts|txts|messages|msgs|texting|messaging|contact)\b/,
  // "remove me", "take me off your list", "delete my number"
  /\b(remove|delete|erase)\s+(me|my\s+(phone\s+)?number|this\s+number|my\s+info)\b/,
  /\btake\s+(me|my\s+(phone\s+)?number|this\s+number)\s+(off|out)\b/,
  /\bunsubscribe\b/,
  /\bopt(ing)?\s*-?\s*(me\s+)?out\b/,
  // "wrong number" — but not "the wrong number for delivery?", "wrong number to call"
  /\bwrong\s+(number|num|nbr|person|#)(?![a-z0-9])(?!\s+(?:for|to)\b)/,
  /\b(leave\s+me\s+alone|lose\s+my\s+number|stop\s+it\s+now)\b/,
  /\b(i|we)\s+(never|did\s+not|didn'?t)\s+(sign(ed)?\s+up|opt(ed)?\s+in|ask(ed)?\s+for\s+(this|these|texts))\b/,
  /\b(revoke|withdraw)\s+(my\s+)?consent\b/,
];
// A reason not to be texted, after a STOP ("Stop, not interested", "I said stop, bought one").
const REASON = /\b(?:not\s+interested|no\s+(?:thanks|thank\s+you|longer|need)|not\s+looking|(?:already\s+)?(?:bought|purchased|got\s+(?:one|it)|found\s+(?:one|it|something))|went\s+with|going\s+with|changed\s+(?:my|our)\s+mind|wrong\s+(?:number|person)|(?:i'?m|im|we'?re|were)\s+(?:good|all\s+set|set)|all\s+set|never\s+(?:signed|asked))\b/;
// "I said stop", "I've already told you to stop" — with nothing after it but filler or a
// reason ("I said stop by Tuesday", "I asked to stop the delivery" are not).
const SAID_STOP = /\b(?:i|we)(?:'ve|\s+have)?\s+(?:already\s+|just\s+)?(?:said|told\s+you|asked\s+you)\s+(?:to\s+)?(?:stop|quit|unsubscribe|optout)\b(.*)$/;
// A STOP that opens the text (after a please or an ok, before a please or a thanks), then its
// reason: "Stop, not interested", "STOP PLEASE - already purchased", "Stop I'm not interested".
// Read on the raw text. What follows must be a reason and not a question: "Stop, I love it",
// "Stop, is the sale still on?" and "Stop I'll take it!" are a customer's excitement.
const STOP_OPENING = /^\s*(?:(?:please|pls|plz|ok|okay|no)[\s,.!]*)?(?:stop|stopall|unsubscribe)((?:[\s,.!]+(?:please|pls|plz|it|now|thanks|thank\s+you|thx|ty))*)(?:\s*[,;:\u2013\u2014]|\s+-|\s+)(.*)$/s;

function stopThenReason(opening: string): boolean {
  const rest = STOP_OPENING.exec(opening)?.[2];
  return rest !== undefined && !rest.includes("?") && REASON.test(rest);
}

// "I can't stop texting my wife about it", "don't stop sending deals": a negated stop is not a request.
const NEGATED_STOP = /\b(can'?t|cannot|couldn'?t|won'?t|don'?t|dont|never|not)\s+(stop|quit|end|cancel)\b/;

/**
 * Lower case, plain apostrophes, words and sentence breaks only; fullwidth and other
 * compatibility forms folded first (NFKC), so a phone's "ＳＴＯＰ" — not a keyword to
 * Twilio, which then confirms nothing — is a clear request, and Beback confirms it.
 */
function normalize(body: string): string {
  return body
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/opt-out|opt out/g, "optout")
    .replace(/[^a-z0-9'#.!?\n]+/g, " ")
    .trim();
}

function saidStop(sentence: string): boolean {
  const rest = SAID_STOP.exec(sentence)?.[1];
  return rest !== undefined && (REASON.test(rest) || rest.split(/\s+/).every((w) => w === "" || FILLER.has(w.replace(/'/g, ""))));
}

function isStopSentence(sentence: string): boolean {
  const words = sentence.split(/\s+/).map((w) => w.replace(/'/g, "")).filter(Boolean);
  return words.some((w) => STOP_WORDS.has(w)) && words.every((w) => STOP_WORDS.has(w) || FILLER.has(w));
}

/** True when a customer's text clearly revokes consent to be texted (see above). Pure. */
export function isRevocation(body: string): boolean {
  const sentences = normalize(body)
    .split(/[.!?\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const [stopDoing, ...requests] = REQUESTS;
  const opening = body.normalize("NFKC").toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  return (
    stopThenReason(opening) ||
    sentences.some((x) => isStopSentence(x) || saidStop(x) || (stopDoing !== undefined && stopDoing.test(x) && !NEGATED_STOP.test(x)) || requests.some((p) => p.test(x)))
  );
}

/** A customer's text as the results read it: the number it came from, when, and its words. */
export interface CustomerText {
  phone: string;
  at: number;
  body: string;
}

/**
 * The customers' texts that count as replies in the results (GET /api/stats), read in order
 * per number, as the inbound handler reads them: not an opt-out (a keyword or plain words),
 * not HELP/INFO, and not START/UNSTOP/YES from a number that is opted out (that opts it
 * back in: a STOP then a START is no reply). From a number that is not opted out, "Yes" or
 * "start" is an answer like any other. A number is taken as not opted out before its first
 * text given: a STOP older than that is older than any text a reply in the period answers.
 */
export function repliesAmong<T extends CustomerText>(texts: readonly T[]): T[] {
  const optedOut = new Set<string>();
  // Stable: texts at the same millisecond keep the order given (the query's, by id).
  return [...texts]
    .sort((a, b) => a.at - b.at)
    .filter((t) => {
      const keyword = keywordOf(t.body);
      if (keyword === "optout" || (keyword === null && isRevocation(t.body))) {
        optedOut.add(t.phone);
        return false;
      }
      if (keyword === "info") return false;
      // An opt-in lifts the opt-out; from a number not opted out it is just words.
      return !(keyword === "optin" && optedOut.delete(t.phone));
    });
}
