// Compliance keywords, matched the way carriers and Twilio match them: the whole message,
// any case, surrounding spaces and a trailing "." or "!" ignored. Pure.

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const INFO_KEYWORDS = ["HELP", "INFO"] as const;

export type Keyword = "optout" | "optin" | "info";

export function keywordOf(body: string): Keyword | null {
  const word = body.trim().replace(/[.!]+$/, "").trim().toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return "optout";
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return "optin";
  if ((INFO_KEYWORDS as readonly string[]).includes(word)) return "info";
  return null;
}

// Consent may be revoked "by any reasonable means" (FCC 24-18): plain requests stop the
// automatic series and the rep is asked to confirm. Deliberately narrow: a false positive
// only pauses a series and asks the rep; a false negative is what the keywords are for.
const REVOCATION_PATTERNS = [
  /\b(stop|quit|cease)\s+(texting|messaging|sending|contacting|txting)\b/i,
  /\b(don'?t|do not|dont)\s+(text|message|contact|txt)\s+me\b/i,
  /\bno\s+more\s+(texts|messages|txts)\b/i,
  /\b(remove|take)\s+me\s+(off|from)\b/i,
  /\bunsubscribe\s+me\b/i,
  /\bopt\s*(me\s+)?out\b/i,
  /\bleave\s+me\s+alone\b/i,
  /\blose\s+my\s+number\b/i,
];

export function looksLikeRevocation(body: string): boolean {
  const text = body.replace(/[\u2018\u2019]/g, "'");
  return REVOCATION_PATTERNS.some((p) => p.test(text));
}
