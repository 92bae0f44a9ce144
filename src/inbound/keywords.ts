// Compliance keywords, matched the way carriers and Twilio match them: the whole message,
// any case, surrounding spaces and a trailing "." or "!" ignored. Pure.

import { isReaction } from "../domain/reaction";
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
const STOP_WORDS = new Set(["stop", "stopall", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke", "optout", "cease", "desist"]);
// Spanish stop words, as the whole text only ("PARA", "Baja", "Basta ya", "Parar por favor"):
// "¿Alto?", "Baja, thanks!" or "Alto, por favor" answer "alto o bajo?" (compliance audits).
const SPANISH_STOP_ALONE = /^(?:(?:stop|para|parar|paren|alto|baja|basta|detener|cancelar|no\s+mas)(?:\s+(?:ya|por\s+favor|porfavor|gracias))?|ya\s+basta|no\s+gracias[.!]*\s+alto)[.!]*$/;
const FILLER = new Set([
  "please", "pls", "plz", "pleas", "now", "all", "it", "thanks", "thank", "you", "thx", "ty", "me", "just", "ok", "okay",
  "kindly", "asap", "already", "immediately", "sms", "texts", "text", "messages", "msgs", "texting", "messaging", "no",
  "stop", "this", "these", "them", "sir", "maam", "again", "seriously", "lol", "oh", "hey", "hi", "yes", "so", "anyway", "not", "interested", "and", "msg",
]);

// What follows "don't text me" when it says when or how to text, not whether: "before 9am",
// "until Monday", "at work", "in an hour", "on my day off", "unless the price drops",
// "tonight" (DONT_TEXT_WHEN). Unless it says where or how long (DONT_TEXT_EVER: "on this
// number", "in the future", "until further notice", "unless I text you first", "tonight or
// ever", "only call", "… anymore"), which is a request to stop.
const DONT_TEXT_EVER = [
  "on\\s+(?:this|my)\\s+(?:number|phone|cell|cellphone|mobile|line)\\b",
  "on\\s+here\\b",
  "in\\s+(?:any\\s+way|the\\s+future)\\b",
  // "until I text you" is never; "until I'm back from vacation" is when.
  "(?:until|till|til)\\s+(?:further\\b|(?:i|we)\\s+(?:text|txt|contact|reach|ask|call|message|say|tell|let)\\b|the\\s+end\\s+of\\s+time|hell\\b|i'?m\\s+dead\\b|(?:i|we)\\s+die\\b)",
  "unless\\s+(?:i|we)\\s+(?:text|contact|reach|ask|call|message)",
  "only\\s+(?:to\\b|call)",
  "at\\s+(?:all\\b|this\\s+(?:number|phone)\\b|my\\s+(?:\\w+\\s+)?(?:number|phone|cell)\\b)",
  ".*\\bor\\s+ever\\b",
  "after\\s+(?:this|today|now)\\b",
  "for\\s+any\\s+reason\\b",
  ".*\\b(?:anymore|any\\s+more|ever\\s+again)\\b",
].join("|");
const DONT_TEXT_WHEN = `\\s+(?!${DONT_TEXT_EVER})(?:before(?!\\s+(i|we)('m|'re)?\\s+(?!(get\\s+(home|off|up|out|back|to)|wake|leave\\s+(work|for)|go\\s+to\\s+(work|bed|sleep)|finish|am\\s+up|up)\\b))|after|until|till|til|during|between|on|in|only|while|when|unless|at|early|late|so|too|now|right\\s+now|rn|yet|for|back|without|tonight|today|tomorrow|this\\s+(?:morning|afternoon|evening|week|weekend|hour|early|late|often|much))\\b`;

const REQUESTS = [
  // "stop texting me", "quit sending me messages", "stop contacting this number" (but not "can't stop texting my wife")
  // (not "stop texting my husband, text me", "stop the texts until after Christmas", "end your texts with the store hours")
  // (not when: "stop texting me before 8am", "until I'm back"; nor other things sent: "stop sending me emails")
  /\b(stop|stp|quit|cease|end|halt)\s+(all\s+)?(texting|textin|txting|txt|txts|msging|msgin|msg|messaging|sending|contacting|calling|spamming|bugging|bothering|harassing|pestering|the\s+texts|these\s+texts|your\s+texts|texts|messages|msgs)\b(?!\s+(my|his|her)\s+(husband|wife|partner|son|daughter|mom|dad|mother|father|boyfriend|girlfriend|spouse|hubby)\b)(?!\s+(me\s+)?(until|till|til)\s+(?!further\b|(i|we)\s+(text|txt|contact|reach|ask|call|message|say|tell|let)\b|the\s+end\b))(?!\s+with\s+(the|your|a)\b)(?!\s+(me\s+)?(before(?!\s+(i|we)('m|'re)?\s+(?!(get\s+(home|off|up|out|back|to)|wake|leave\s+(work|for)|go\s+to\s+(work|bed|sleep)|finish|am\s+up|up)\b))|after\s+(?!this\b|today\b|now\b)|so\s+(early|late|often|much)|this\s+(early|late|often|much)|at\s+(night|work|this\s+hour|my\s+(job|work)|\d)|on\s+my\s+days?\s+off|during|while|on\s+(the\s+)?(weekends?|weekdays|(sun|mon|tue|wed|thu|fri|sat)\w*)|in\s+the\s+(morning|evening|am|pm)|late\s+at\s+night|early\s+in\s+the\s+morning|when\s+i|every\s+day|tonight|today|for\s+(now|today|tonight|a\s+(while|bit|few|week|month))))(?!\s+(me\s+)?(the\s+|your\s+|those\s+|these\s+|all\s+the\s+)?(e\s?mails?|mail|letters|catalogs?|flyers|photos|pictures|pics)\b(?![^.!?\n]*\b(texts?|txts?|messages|msgs|sms|all\s+of\s+it)\b))/,
  // "stop with the texts", "please stop following up", "stop reaching out to me", "I want to stop getting these texts"
  /\b(stop|quit)\s+(with|w)\s+(the|these|your)\s+(texts|messages|msgs)\b/,
  /\bstop\s+(following\s+up|reaching\s+out)(\s+(to|with)\s+me)?(\s+(please|pls|plz|thanks|thank\s+you|now))*\s*$/,
  /(?<!\b(?:don'?t|do\s+not|dont|not)\s+want\s+to\s+)\bstop\s+(receiving|getting)\s+(these|this|them|your\s+texts|the\s+texts|texts|messages)\b/,
  /\bhow\s+(do|can)\s+i\s+stop\s+(these|this|them|the\s+texts|getting\s+these|receiving\s+these)\s*$/,
  // "I don't want any more texts", "don't send me texts" — but not when ("… at work", "… before 9")
  new RegExp(`\\b(don'?t|do\\s+not)\\s+(want|send\\s+me)\\s+(any\\s+more\\s+|anymore\\s+|these\\s+|your\\s+|any\\s+)?(texts|messages|msgs|text\\s+messages)\\b(?!${DONT_TEXT_WHEN})`),
  /\b(don'?t|do\s+not)\s+want\s+to\s+be\s+(contacted|texted|messaged)\b/,
  /\benough\s+(with\s+)?(the|these|your)\s+(texts|messages)\b/,
  /\bdiscontinue\s+(these|the|your|all)\s+(texts|messages)\b/,
  /\bcease\s+(all\s+)?(communication|contact)\b/,
  /\b(didn'?t|did\s+not|never)\s+give\s+(you|u)\s+(my\s+)?permission\s+to\s+(text|message|contact)\b/,
  /\b(don'?t|do\s+not)\s+have\s+my\s+permission\s+to\s+(text|message|contact)\b/,
  // "don't text me anymore", "do not contact me", "never message this number again" — but not
  // when to text ("don't text me before 9am", "at work", "on Sundays": DONT_TEXT_WHEN), nor
  // "don't call me, text me instead"
  new RegExp(`\\b(don'?t|do\\s+not|dont|never|no\\s+need\\s+to)\\s+(ever\\s+)?(text|txt|message|msg|contact|sms|call)\\s+(me|this\\s+number|my\\s+number|us)\\b(?!\\s+(?:text\\b|instead)|${DONT_TEXT_WHEN})`),
  // (not for a while only: "no more texts today please", "… until I'm back from vacation")
  /\bno\s+more\s+(texts|txts|messages|msgs|texting|messaging|contact)\b(?!\s+((please|pls|plz)\s+)?(today|tonight|this\s+(morning|afternoon|evening|week|weekend|month|late|early)|on\s+(the\s+)?(weekends?|(sun|mon|tue|wed|thu|fri|sat)\w*)|(until|till|til)\s+(?!further\b|(i|we)\s+(text|txt|contact|reach|ask|call|message|say|tell|let)\b|the\s+end\b)|before(?!\s+(i|we)('m|'re)?\s+(?!(get\s+(home|off|up|out|back|to)|wake|leave\s+(work|for)|go\s+to\s+(work|bed|sleep)|finish|am\s+up|up)\b))|after\s+(?!this\b|today\b|now\b)|during|while|for\s+(now|today|tonight|a\s+(while|bit|few|couple))|right\s+now|rn|at\s+(work|night))\b)/,
  // "No texts please": the whole sentence (not "no texts after 9")
  /^no\s+(texts|txts|messages|msgs|texting)(\s+(please|pls|plz|thanks|thank\s+you|thx))*$/,
  // "remove me", "take me off your list", "delete my number"
  // … from a list that is not the texts': "remove me from the delivery list for Tuesday", "take me off the waitlist"
  /(?<!\b(?:don'?t|do\s+not|dont|never|not)\s+(?:please\s+)?)\b(remove|delete|erase)\s+(me|my\s+(phone\s+)?number|this\s+number|my\s+info)\b(?!\s+from\s+(the\s+)?(delivery|wait|order|appointment|schedule|route|pickup))/,
  /(?<!\b(?:don'?t|do\s+not|dont|never|not)\s+(?:please\s+)?)\btake\s+(me|my\s+(phone\s+)?number|this\s+number)\s+(off|out)\b(?!\s+(of\s+)?(the\s+)?(wait\s*list|delivery|order|schedule|route|appointment|pickup))/,
  /(?<!\b(?:don'?t|do\s+not|dont|not)\s+(?:want\s+to\s+)?)\bunsubscribe\b(?!\s+(me\s+)?from\s+(the\s+|your\s+)?(e\s?mails?|mail|newsletter|catalogs?)\b)/,
  // … but not out of something else: "opt out of the protection plan", "of the warranty"
  /(?<!\b(?:don'?t|do\s+not|dont|never|not)\s+(?:please\s+)?)\bopt(ing)?\s*-?\s*(me\s+)?out\b(?!\s+of\s+(?!(the\s+|these\s+|your\s+|all\s+)?(texts|messages|msgs|this|these|sms|marketing|promotions)\b))/,
  // "wrong number" — but not "the wrong number for delivery?", "wrong number to call"
  // … nor someone else's wrong number: "I gave you the wrong number earlier", "the delivery guy has the wrong number"
  /(?<!\b(?:gave|give|given)\s+(?:you|u)\s+(?:the|a)\s+|\b(?:he|she|they|driver|guy|company|delivery\s+\w+)\s+(?:has|have|had)\s+(?:the|a)\s+)\bwrong\s+(number|num|nbr|person|#)(?![a-z0-9])(?!\s+(?:for|to)\b)/,
  /\b(leave\s+me\s+alone|lose\s+(my|this)\s+(number|#)|forget\s+(my|this)\s+number|stop\s+it\s+now)\b/,
  // "I want to be unsubscribed", "Please get me unsubscribed" (not "Am I unsubscribed?")
  // … not "I don't want to be unsubscribed", nor from something else ("… from the emails")
  /(?<!\b(don'?t|do\s+not|dont|never|not)\s+)\b(want|wanna|need|would\s+like|like)\s+(to\s+(be|get)|me)\s+(unsubscribed|removed|taken\s+off)\b(?!\s+from\s+(the\s+|your\s+)?(e\s?mails?|mail|newsletter|catalogs?|delivery|wait|order|appointment|schedule|route|pickup))|\bplease\s+(get|have)\s+me\s+unsubscribed\b/,
  // "Do not send any more messages", "Don't reach out again", "Don't reach out to me ever again" (not when: "… after 9pm", "… until after the holidays")
  new RegExp(`\\b(don'?t|do\\s+not|dont|never)\\s+(send\\s+(me\\s+)?any\\s*more\\s+(texts|messages|msgs)|reach\\s+out(\\s+to\\s+me)?(\\s+ever)?\\s+(again|anymore|any\\s+more))\\b(?!${DONT_TEXT_WHEN})`),
  // "I do not want to receive any more messages" (not "… after 9pm")
  new RegExp(`\\b(don'?t|do\\s+not|dont)\\s+want\\s+to\\s+(receive|get)\\s+(any\\s*more\\s+|these\\s+|your\\s+|any\\s+)?(texts|messages|msgs)\\b(?!${DONT_TEXT_WHEN})`),
  // "Please stop reaching out to me, I'm not interested"
  /\bstop\s+(following\s+up|reaching\s+out)\s+(to|with)\s+me\b(?!\s+(until|till|til|before|after|on|at|during)\b)/,
  // "I don't need any more texts from you guys", "I don't want to be on your list anymore", "I prefer no texts"
  /\b(don'?t|do\s+not|dont)\s+(need|want)\s+any\s*more\s+(texts|messages|msgs)\b|\b(don'?t|do\s+not|dont)\s+want\s+to\s+be\s+on\s+(your|the|this|ur)\s+(list|texts|messages)\b|\bprefer\s+no\s+(texts|messages|msgs)\b/,
  // "I want these texts to stop" (not "… to stop until Monday")
  /\b(i|we)\s+(want|need|would\s+like)\s+(these|the|your|all\s+(the|these|your)|all)\s+(texts|messages|msgs)\s+to\s+stop\b(?!\s+(until|till|til|before|after|for|on|at|during)\b)/,
  // Wrong person in other words: "There is no Jane at this number", "This isn't Jane's phone"
  /\bthere(\s+is|'s|s)\s+no\s+[a-z']+\s+(at|on)\s+this\s+(number|phone|#)/,
  /\b(this|it)\s+(is\s+not|isn'?t)\s+[a-z]+'s\s+(number|phone|cell)\b/,
  /\b(i|we)\s+(never|did\s+not|didn'?t)\s+(sign(ed)?\s+up|opt(ed)?\s+in|ask(ed)?\s+for\s+(this|these|texts))\b/,
  /\b(revoke|withdraw)\s+(my\s+)?consent\b/,
  // Spanish (compliance audit): "No me manden más mensajes", "Deja de enviarme mensajes", "No
  // más mensajes", "Ya no quiero recibir mensajes", "Quítenme de la lista", "Número equivocado",
  // "Darme de baja" (accents are gone by here: normalize).
  // Not when ("todavía no me envíen", "no me manden nada hasta el lunes", "no más mensajes por hoy").
  /(?<!\b(?:todavia|aun|hoy|ahora|ahorita|por\s+ahora)\s+)\bno\s+(?:me\s+)?(?:manden|mandes|mande|envien|envies|envie|escriban|escribas|escriba|contacten|contactes|molesten|molestes)(?:\s+(?:mas|mensajes|textos|nada\s+mas|nunca|por\s+favor|gracias))*\s*$/,
  /\b(?:deja|dejen|deje)\s+de\s+(?:enviarme|mandarme|escribirme|textearme|contactarme|molestarme|enviar\s+mensajes|mandar\s+mensajes)\b(?!\s+en\s+(?:ingles|espanol))/,
  /\bno\s+mas\s+(?:mensajes|textos)(?:\s+(?:por\s+favor|porfavor|porfa|x\s+favor|gracias))*\s*$/,
  /\bbasta\s+de\s+(?:mensajes|textos)\b/,
  /\bno\s+me\s+(?:vuelvan|vuelva|vuelvas)\s+a\s+(?:escribir|mandar\s+mensajes|enviar\s+mensajes|contactar|molestar)(?:\s+(?:nunca|por\s+favor|gracias))*\s*$/,
  /\b(?:ya\s+)?no\s+(?:quiero|deseo)\s+(?:recibir\s+)?(?:mas\s+)?(?:sus\s+)?(?:mensajes|textos)\b(?!\s+(?:de\s+voz|en\s+))/,
  /\bno\s+quiero\s+que\s+me\s+(?:escriban|manden|envien|contacten)\b/,
  /\b(?:desuscribirme|darme\s+de\s+baja\s+de\s+(?:la\s+lista|los\s+mensajes|sus\s+mensajes))\b/,
  /\bquiero\s+salir\s+de\s+(?:la|su|esta)\s+lista\b/,
  /\bse\s+equivocaron\s+de\s+numero\b/,
  // "Quítenme de la lista", not "sácame de la duda".
  /\b(?:quitenme|quitame|quiteme|sacame|saquenme|borrenme|borrame|eliminenme)\s+de\s+(?:la|su|sus|esta|esa)\s+(?:lista|base|mensajes|contactos)\b/,
  /\b(?:borren|borra|eliminen|elimina)\s+mi\s+numero\b/,
  // "Número equivocado", "Tienen el número equivocado"; not someone else's ("le di el número equivocado").
  /^(?:lo\s+siento\s+)?(?:(?:usted|ustedes)\s+)?(?:(?:tiene|tienen|es)\s+)?(?:el\s+)?numero\s+(?:equivocado|incorrecto)\b(?!\s+(?:para|en|de)\b)/,
  // "Darme de baja", "dar de baja mi número"; not "dar de baja la garantía".
  /\bdar(?:me)?\s+de\s+baja(?:\s+(?:por\s+favor|gracias))?\s*$/,
];
// "Stop the messages", "Please stop these messages", "Stop the spam": the whole sentence, so
// "stop the messages until my husband is back" (when) and "my husband said to stop the
// messages but I'm still interested" are not.
const STOP_THE_MESSAGES = /^(?:(?:please|pls|plz|ok|okay)\s+)?(?:stop|quit)\s+(?:all\s+)?(?:the|these|those|your|ur)\s+(?:messages|msgs|text\s+messages|spam|notifications|reminders|alerts)(?:\s+(?:please|pls|plz|now|thanks|thank\s+you|thx))*$/;
// A reason not to be texted, then a plea to stop that ends the text: "I'm not interested,
// please stop", "We bought elsewhere, stop", "No longer interested please stop", "Thanks
// but please stop", "Not interested, don't text". Both are needed: a stop at the end alone is
// also a customer's "wait, stop", "that price, stop 😍", "will it stop?" or "the movers are
// at the wrong door, pls stop", and a bare "don't text" a driver's "I'm driving. Don't text.".
const REFUSAL_REASON =
  /\b(?:not\s+interested|no\s+longer\s+interested|lost\s+interest|this\s+is\s+(?:spam|harassment)|spam|(?:i'?m|im)\s+(?:not\s+kidding|serious)|(?:text|texting|message|messaging)\s+too\s+much|too\s+many\s+(?:texts|messages)|(?:i'?m|im|we'?re|were)\s+all\s+set|not\s+looking|no\s+thanks|no\s+thank\s+you|thanks\s+but|thank\s+you\s+but|(?:bought|purchased|got\s+one|found\s+one|went)\s+(?:elsewhere|somewhere\s+else|already)|already\s+(?:bought|purchased|got\s+(?:one|it)|found)|found\s+(?:one|something)|went\s+with\s+(?:another|a\s+different|someone)|(?:i'?m|im|we'?re|were)\s+good(?=\s*(?:[,.;:!-]|please|pls|stop|thanks|$))|not\s+for\s+(?:me|us)|(?:i'?m|im|we'?re)\s+done|enough(?:\s+already)?|changed\s+(?:my|our)\s+minds?|(?:don'?t|do\s+not|no)\s+(?:need|want)\s+(?:it|one|anything|this))\b/;
// The plea opens its own clause ("…, stop", "…. Please stop") or follows a please: not "you can stop now".
const PLEA_END =
  /(?:(?:^|[,;:.!-])\s*(?:(?:so|just|please|pls|plz|kindly|ok|okay)\s+)*|\s(?:please|pls|plz|kindly)\s+(?:just\s+)?)(?:stop|(?:don'?t|do\s+not)\s+(?:text|txt|message|msg)(?:\s+me)?(?:\s+(?:again|anymore))?)(?:\s+(?:please|pls|plz|now|thanks|thank\s+you|thx))*[\s.!]*$/;

// "Can you please stop", "Could u stop texting me", "Will you please stop already": the whole
// text, a plea and nothing else (not "Can you stop?", which may be about stopping by).
const POLITE_STOP = /^(?:(?:ok|okay|please)[\s,]+)?(?:can|could|would|will)\s+(?:you|u)\s+(?:(?:please|plz|pls|just|kindly)\s+)*stop(?:\s+(?:already|now|please|pls|texting(?:\s+me)?|messaging(?:\s+me)?))*[\s.!]*$/;

function reasonThenPlea(opening: string): boolean {
  // Emoji and symbols after the words are not words: "not interested, stop 🙏".
  const text = opening.replace(/[^\p{L}\p{N}.!?]+$/u, "");
  return !text.endsWith("?") && ((PLEA_END.test(text) && REFUSAL_REASON.test(text)) || POLITE_STOP.test(text.trim()));
}

// A reason not to be texted, after "I said stop" ("I said stop, not interested").
const REASON = /^(?:not\s+interested|no\s+(?:thanks|thank\s+you|longer|need)|not\s+looking|(?:already\s+)?(?:bought|purchased|got\s+(?:one|it)|found\s+(?:one|it|something))|went\s+with|going\s+with|wrong\s+(?:number|person)|never\s+(?:signed|asked)|why\s+(?:are|r)\s+(?:you|u)\s+(?:still\s+)?(?:texting|messaging))\b/;
// "I said stop", "I've already told you guys to stop", "I said stop last week" — with nothing
// after it but filler, when, or a reason ("I said stop by Tuesday", "I said stop earlier but
// I changed my mind" and "I asked to stop the delivery" are not).
const SAID_STOP = /\b(?:i|we)(?:'ve|\s+have)?\s+(?:already\s+|just\s+)?(?:said|told\s+(?:you|u|y'?all)(?:\s+(?:guys|people|all))?|asked\s+(?:you|u))\s+(?:to\s+)?(?:stop|quit|unsubscribe|optout)\b(.*)$/;
const SAID_WHEN = new Set(["last", "week", "weeks", "month", "yesterday", "twice", "before", "times", "many", "days", "ago", "earlier", "three", "two"]);
const HOW_MANY_TIMES = /\bhow\s+many\s+times\b.*\b(?:stop|unsubscribe|optout)\b/;
// A STOP that opens the text (after a please or an ok, before a please or a thanks), then more
// after a comma or a dash, or a new clause ("Stop I'm not interested", "stop who is this"; not
// "stop the delivery"). An opt-out ("Stop, not interested", "Stop, this is spam", "Stop, who is
// this?") unless the clause right after it is a customer's excitement or a question for the
// store ("Stop I'll take it!", "Stop, we love it", "Stop, is the sale still on?"). Read on the
// raw text: the commas and dashes tell the clauses apart.
const STOP_OPENING = /^\s*(?:(?:please|pls|plz|ok|okay|no)[\s,.!]*)?(?:stop|stopall|unsubscribe)((?:[\s,.!]+(?:please|pls|plz|it|now|thanks|thank\s+you|thx|ty))*)(?:\s*[,;:\u2013\u2014]|\s+-|\s+(?=(?:i|i'?m|im|i'?ve|ive|we|we'?re|were|not|no|nope|nah|nty|already|this|who|who'?s|whos|how|why|spam|sorry|wrong|never|didn'?t|don'?t|dont|too|all)\b))(.*)$/s;
const STOP_EXCITED = new RegExp(
  "^(?:(?:i'?ll|i\\s+will|we'?ll|we\\s+will)\\s+(?:take|buy|get|grab|be\\s+(?:in|there|by|over)|come|see|stop\\s+by|pick|do\\s+it)|(?:i|we)\\s+(?:love|want|need|forgot|like)|love\\s+it" +
    "|(?:i'?m|im)\\s+(?:on\\s+my\\s+way|coming|buying|taking|in\\b|going\\s+to|gonna|good\\s+with|set\\s+on)|(?:we'?re|were)\\s+(?:good\\s+to\\s+go|all\\s+set\\s+for|going\\s+to|coming)" +
    "|(?:i|we)\\s+(?:got|bought)\\s+it\\b(?!\\s+(?:elsewhere|somewhere))|we\\s+went\\s+with\\s+the\\b" +
    "|wait|that'?s|it'?s|you|u\\b|omg|no\\s+way|yes|yeah|not\\s+yet|by\\b|in\\b|at\\b|right\\s+there|hold|sold|perfect|awesome|amazing|beautiful|gorgeous)",
);
// Anywhere after the STOP, a refusal or a "who are you": "Stop not interested, how did you get my number?".
const STOP_REFUSAL = /\b(?:not\s+interested|no\s+thanks|no\s+thank\s+you|how\s+did\s+(?:you|u)\s+get|who\s+gave\s+(?:you|u)|why\s+(?:do|are|r)\s+(?:you|u)\s+(?:keep|still)|wrong\s+(?:number|person))\b/;
// Anywhere after the STOP, a plan to meet or buy: "Stop, we're good, see you soon".
const STOP_PLANS = /\bsee\s+(?:you|u|ya)\b|\bcan\s+(?:you|u)\s+deliver\b/;
const STOP_OPT_OUT_QUESTION = /^(?:who\s*(?:is|'?s)\s+this|who\s+are\s+you|who\s+gave\s+(?:you|u)\s+(?:my|this)\s+(?:number|#)|how\s+did\s+(?:you|u)\s+get\s+(?:my|this)\s+(?:number|#)|why\s+(?:are|r)\s+(?:you|u)\s+(?:still\s+)?(?:texting|messaging))/;

function stopThenReason(opening: string): boolean {
  const rest = STOP_OPENING.exec(opening)?.[2]?.trim();
  if (!rest) return false;
  // The clause right after STOP: up to its sentence's end, which says whether it asks.
  const clause = /^[^.!?\n]*[.!?]?/.exec(rest)?.[0] ?? rest;
  if (STOP_OPT_OUT_QUESTION.test(clause) || STOP_REFUSAL.test(rest)) return true;
  return !clause.endsWith("?") && !STOP_EXCITED.test(clause) && !STOP_PLANS.test(rest);
}

// "I can't stop texting my wife about it", "don't stop sending deals": a negated stop is not a request.
const NEGATED_STOP = /\b(can'?t|cannot|couldn'?t|won'?t|don'?t|dont|never|not)\s+(stop|quit|end|cancel)\b|\b(don'?t|do\s+not|dont)\s+want\s+(you|u)\s+(guys\s+)?to\s+(stop|quit)\b/;

/**
 * Lower case, plain apostrophes, words and sentence breaks only; fullwidth and other
 * compatibility forms folded first (NFKC), so a phone's "ＳＴＯＰ" — not a keyword to
 * Twilio, which then confirms nothing — is a clear request, and Beback confirms it.
 */
function normalize(body: string): string {
  return withoutAccents(body.normalize("NFKC").toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'"))
    .replace(/opt-out|opt out/g, "optout")
    .replace(/[^a-z0-9'#.!?\n]+/g, " ")
    // A misspelled "unsubscribe" (not "unsubscribed": "Am I unsubscribed?" asks).
    .replace(/\buns[a-z]{5,10}\b/g, (w) => (!/(?:ed|ing)$/.test(w) && editDistance(w, "unsubscribe") <= 2 ? "unsubscribe" : w))
    .trim();
}

/** Letters to add, drop or change to turn one word into the other (Levenshtein): "unsuscribe" is 1 from "unsubscribe". */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** "más" → "mas", "quítenme" → "quitenme": the letters without their accents (not dropped as non-letters). */
function withoutAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

function saidStop(sentence: string): boolean {
  if (HOW_MANY_TIMES.test(sentence)) return true;
  const rest = SAID_STOP.exec(sentence)?.[1]?.trim();
  if (rest === undefined) return false;
  return REASON.test(rest) || rest.split(/\s+/).every((w) => w === "" || FILLER.has(w.replace(/'/g, "")) || SAID_WHEN.has(w));
}

/**
 * A sentence of an opt-out word and filler ("Stop please", "No. Stop!", "Who is this? Stop."),
 * when every other sentence of the text is filler, a reason not to be texted, or a "who is
 * this": "Gorgeous. Stop.", "Wait. Stop.", "Ha! stop it", "Tell them to ring the side bell.
 * Please stop" are a customer's words around a stop that is not about the texts.
 */
function stopSentenceAlone(sentences: readonly string[], pleas: boolean): boolean {
  const stop = (x: string) => isStopSentence(x, pleas);
  const benign = (x: string) => stop(x) || x.split(/\s+/).every((w) => FILLER.has(w.replace(/'/g, ""))) || REASON.test(x) || REFUSAL_REASON.test(x) || STOP_OPT_OUT_QUESTION.test(x);
  return sentences.some(stop) && sentences.every(benign);
}

/**
 * A plea with no object, as a whole sentence: "Do not text", "Please don't contact", "Make it
 * stop", "Go away". Alone it is a request; beside a customer's other words ("I'm driving.
 * Don't text.") it is not (stopSentenceAlone).
 */
const BARE_PLEA = /^(?:(?:please|pls|plz|kindly|just)\s+)*(?:(?:don'?t|do\s+not|dont)\s+(?:text|txt|message|msg|contact|sms)|make\s+(?:it|this|them)\s+stop|go\s+away)(?:\s+(?:please|pls|plz|thanks|thank\s+you|thx|again|anymore|now|already))*$/;

/** `pleas`: a BARE_PLEA counts (not in a playful text: "go away 😂"). */
function isStopSentence(sentence: string, pleas: boolean): boolean {
  if (pleas && BARE_PLEA.test(sentence)) return true;
  const words = sentence.split(/\s+/).map((w) => w.replace(/'/g, "")).filter(Boolean);
  return words.some((w) => STOP_WORDS.has(w)) && words.every((w) => STOP_WORDS.has(w) || FILLER.has(w));
}

/**
 * Our own how-to-opt-out line as a customer quotes or asks about it ("why does it say reply
 * STOP to opt out?"): it tells how, it asks nothing (reply, text, txt or send, then STOP,
 * then to opt out, unsubscribe, end or cancel).
 */
const OPT_OUT_HOW = /\b(?:reply|text|txt|send)\s+["'\u201C\u2018]?stop["'\u201D\u2019]?\s+to\s+(?:opt[\s-]?out|unsubscribe|end|cancel)\b/gi;

/** Laughter and love around a plea: "Go away 😂", "make it stop 😍" are a customer's fun, not a request. */
const PLAYFUL = /[\u{1F602}\u{1F923}\u{1F60D}\u{1F970}\u{1F606}\u{1F604}\u{1F601}\u{1F61C}\u{1F618}]/u;

/**
 * Words that make a "when" mean never: "stop texting me before I block you", "no more texts
 * today or ever", "… until I die", "… until I change my mind", "… or else". With them, a stop
 * to the texts counts whatever "when" follows (STOP_DOING_ANY and the rest).
 */
const NEVER_SIGNAL =
  /\bbefore\s+(?:i|we)\s+(?:block|report|sue|call\s+(?:my|the|a)\s+(?:lawyer|attorney|police|cops|fcc|ftc))\b|\bor\s+(?:i'?ll|i\s+will|i'?m|i\s+am|we'?ll|we\s+will)\s+(?:be\s+)?(?:block|report|sue|blocking|reporting|suing|call(?:ing)?\s+(?:my|the|a)\s+(?:lawyer|attorney|police|cops|fcc|ftc))\b|\bor\s+(?:else|ever)\b|\b(?:until|till|til)\s+(?:(?:i|we)\s+die|i'?m\s+dead|i\s+am\s+dead|hell\b|(?:i|we)\s+change\s+(?:my|our)\s+minds?)/;
const STOP_DOING_ANY = /\b(?:stop|stp|quit|cease|end|halt)\s+(?:all\s+)?(?:texting|textin|txting|txt|txts|msging|msgin|msg|messaging|contacting|spamming|bugging|bothering|harassing|pestering|the\s+texts|these\s+texts|your\s+texts|texts|messages|msgs)\b(?!\s+(?:my|his|her)\s+(?:husband|wife|partner|son|daughter|mom|dad|mother|father|boyfriend|girlfriend|spouse|hubby)\b)/;
const NO_MORE_ANY = /\bno\s+more\s+(?:texts|txts|messages|msgs|texting|messaging)\b/;
const DONT_TEXT_ANY = /\b(?:don'?t|do\s+not|dont|never)\s+(?:ever\s+)?(?:text|txt|message|msg|contact|sms)\s+(?:me|this\s+number|my\s+number|us)\b/;

/** Words that keep the texts: "texts are ok", "texting is fine", "just text", "text me instead", "only text" (not "don't text me, only call"). */
const TEXTS_WELCOME = /\b(?:texts?|texting|txts?|sms)\s+(?:is|are|r|'s)\s+(?:ok|okay|fine|good|better|great)\b|\bjust\s+(?:text|txt)\b|\b(?:text|txt)\s+(?:me\s+)?instead\b|\bonly\s+(?:text|txt)\b|\btext\s+only\b|\bprefer\s+(?:texts?|texting)\b|\btext\s+me\b(?!\s+(?:again|anymore|any\s+more|ever))/;

/** True when a customer's text clearly revokes consent to be texted (see above). Pure. */
export function isRevocation(text: string): boolean {
  // A reaction quotes the text it reacts to, which may be ours, with its STOP line.
  if (isReaction(text)) return false;
  // A stop sign alone ("🛑", "🛑🛑"): a stop, as "Stop 🛑" is.
  if (/^(?:\s*\u{1F6D1}\ufe0f?)+\s*$/u.test(text)) return true;
  const body = text.replace(OPT_OUT_HOW, " ");
  // Texts are welcome, calls or what is sent are not: "Please stop calling, texts are ok",
  // "Stop sending me the photos, just text" (but "Stop texting me. Just text my husband" stops).
  const welcome = TEXTS_WELCOME.test(normalize(body));
  // "Stop texting me 😂 jk send more pics": said in jest.
  if (/(?<!\bnot\s+)\b(?:jk|j\s+k|just\s+kidding)\b/.test(normalize(body))) return false;
  const stopsTexts = (x: string) => {
    const m = stopDoing?.exec(x);
    return m !== null && m !== undefined && !NEGATED_STOP.test(x) && !(welcome && /^(?:calling|sending|contacting)$/.test(m[3] ?? ""));
  };
  const never = (x: string) => NEVER_SIGNAL.test(x) && !NEGATED_STOP.test(x) && [STOP_DOING_ANY, NO_MORE_ANY, DONT_TEXT_ANY].some((p) => p.test(x));
  const sentences = normalize(body)
    .split(/[.!?\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const [stopDoing, ...requests] = REQUESTS;
  const opening = body.normalize("NFKC").toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  return (
    // The words as typed, commas kept: "Alto, por favor" answers a question.
    SPANISH_STOP_ALONE.test(withoutAccents(body.normalize("NFKC").toLowerCase()).trim()) ||
    stopThenReason(opening) ||
    reasonThenPlea(opening) ||
    stopSentenceAlone(sentences, !PLAYFUL.test(text)) ||
    sentences.some((x) => saidStop(x) || STOP_THE_MESSAGES.test(x) || stopsTexts(x) || never(x) || requests.some((p) => p.test(x)))
  );
}

/**
 * A number's texts that reached no lead, as its new lead's rep is told of them: its words to
 * the store, not a keyword (HELP, STOP, START: answered already) nor a plain-words opt-out.
 */
export function wordsForTheRep<T extends { body: string }>(texts: readonly T[]): T[] {
  return texts.filter((t) => keywordOf(t.body) === null && !isRevocation(t.body));
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
