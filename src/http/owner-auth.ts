// Owner authentication for /api: `Authorization: Bearer <OWNER_TOKEN>`, or the HttpOnly,
// SameSite=Strict session cookie the web page gets from POST /api/session.
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { fail } from "./errors";

export const SESSION_COOKIE = "beback_session";

export function tokensMatch(given: string, expected: string): boolean {
  const enc = new TextEncoder();
  const a = enc.encode(given);
  const b = enc.encode(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time the same.
  return a.byteLength === b.byteLength ? crypto.subtle.timingSafeEqual(a, b) : !crypto.subtle.timingSafeEqual(b, b);
}

export const requireOwner: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const expected = c.env.OWNER_TOKEN;
  const header = c.req.header("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const given = bearer ?? getCookie(c, SESSION_COOKIE);
  if (!expected || !given || !tokensMatch(given, expected)) fail(401, "unauthorized");
  await next();
};
