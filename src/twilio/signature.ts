// Twilio's X-Twilio-Signature check (HMAC-SHA1 over the URL Twilio called and every
// received form parameter), from the twilio package's webhooks module only: the package
// root would bundle the whole REST client.
import { validateRequest } from "twilio/lib/webhooks/webhooks";

/** The URL Twilio signed: PUBLIC_BASE_URL's origin when set (behind a proxy), else the request's own. */
export function signedUrl(requestUrl: string, publicBaseUrl: string | undefined): string {
  if (!publicBaseUrl) return requestUrl;
  const req = new URL(requestUrl);
  return publicBaseUrl.replace(/\/+$/, "") + req.pathname + req.search;
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
