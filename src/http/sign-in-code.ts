// The code in a sign-in link (`npm start` prints `…/#token=<code>`): never the owner token
// itself, since a browser keeps every address it opened in its history, where a link with the
// token would give anyone at that browser the whole API for as long as the token stands. A
// code is `<expiry, Unix seconds>.<HMAC-SHA256 of "beback sign-in <expiry>" keyed by
// OWNER_TOKEN, base64url>`: made only by whoever has the token (scripts/start.mjs writes it
// the same way), good for SIGN_IN_CODE_SECONDS, and void once OWNER_TOKEN changes.

/** How long a printed sign-in link works. */
export const SIGN_IN_CODE_SECONDS = 86_400;

const CODE = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const message = (expiry: number) => new TextEncoder().encode(`beback sign-in ${expiry}`);
const key = (token: string, use: "sign" | "verify") => crypto.subtle.importKey("raw", new TextEncoder().encode(token), { name: "HMAC", hash: "SHA-256" }, false, [use]);

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** A sign-in code good until `expiry` (Unix seconds). */
export async function signInCode(token: string, expiry: number): Promise<string> {
  return `${expiry}.${base64url(await crypto.subtle.sign("HMAC", await key(token, "sign"), message(expiry)))}`;
}

/** Whether `given` is a code made with this token that has not expired (nor lasts longer than a code is made for). */
export async function isSignInCode(given: string, token: string, nowMs: number): Promise<boolean> {
  const m = CODE.exec(given);
  if (!m) return false;
  const expiry = Number(m[1]);
  const now = Math.floor(nowMs / 1000);
  if (expiry <= now || expiry > now + SIGN_IN_CODE_SECONDS + 60) return false;
  return crypto.subtle.verify("HMAC", await key(token, "verify"), fromBase64url(m[2]!), message(expiry));
}
