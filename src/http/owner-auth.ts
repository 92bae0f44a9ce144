// Owner authentication for /api: `Authorization: Bearer <OWNER_TOKEN>`, or the HttpOnly,
// SameSite=Strict session cookie the web page gets from POST /api/session (for a change,
// only from the page's own origin).
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { isCrossOrigin } from "./cross-origin";
import { fail } from "./errors";

export const SESSION_COOKIE = "beback_session";

export function tokensMatch(given: string, expected: string): boolean {
  const enc = new TextEncoder();
  const a = enc.encode(given);
  const b = enc.encode(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time the same.
  return a.byteLength === b.byteLength ? crypto.subtle.timingSafeEqual(a, b) : !crypto.subtle.timingSafeEqual(b, b);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const requireOwner: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const expected = c.env.OWNER_TOKEN;
  const header = c.req.header("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const given = bearer ?? getCookie(c, SESSION_COOKIE);
  if (!expected || !given || !tokensMatch(given, expected)) fail(401, "unauthorized");
  // The cookie goes with any request the browser makes to this origin, even one a page of
  // another origin starts (a form, a no-cors fetch): SameSite=Strict stops other sites,
  // but not another port or subdomain of the same site. So a change made with the cookie
  // must come from the owner's page itself. A bearer token is never sent by itself.
  if (!bearer && !SAFE_METHODS.has(c.req.method) && isCrossOrigin({ secFetchSite: c.req.header("sec-fetch-site"), origin: c.req.header("origin"), host: c.req.header("host") })) {
    fail(403, "cross-origin request refused: change things from the owner's page, or send the owner token as a bearer token");
  }
  await next();
};
