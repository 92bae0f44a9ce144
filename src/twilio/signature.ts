// Twilio's X-Twilio-Signature check (HMAC-SHA1 over the URL Twilio called and every
// received form parameter), from the twilio package's webhooks module only: the package
// root would bundle the whole REST client.
import { validateRequest } from "twilio/lib/webhooks/webhooks";

/**
 * The URLs Twilio may have signed, most likely first. Twilio signs the webhook URL exactly
 * as configured; the runtime hands the Worker a normalised one: the host lower-cased and,
 * in the query, `'` percent-encoded as `%27` (the WHATWG URL parser's query set). twilio-node
 * checks the URL "as received", which a Worker never sees, and its fallbacks re-encode the
 * query so a `+` stops matching. So the candidates are: the base — PUBLIC_BASE_URL verbatim
 * when set (behind a proxy; its case kept), else the request's origin with the Host header
 * as sent — followed by the path and query as received, and with `%27` read back as `'`.
 */
export function signedUrls(requestUrl: string, publicBaseUrl: string | undefined, hostHeader?: string): string[] {
  const req = new URL(requestUrl);
  const host = hostHeader && hostHeader.toLowerCase() === req.host ? hostHeader : req.host;
  const base = publicBaseUrl ? publicBaseUrl.replace(/\/+$/, "") : `${req.protocol}//${host}`;
  const rests = [req.pathname + req.search, req.pathname + req.search.replace(/%27/gi, "'")];
  return [...new Set([...rests.map((rest) => base + rest), ...(publicBaseUrl ? [] : [requestUrl])])];
}

export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string | string[]>,
): boolean {
  if (!signature) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    // A malformed URL or header is a bad signature, not a server error.
    return false;
  }
}
