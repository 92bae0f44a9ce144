// Owner authentication for /api: `Authorization: Bearer <OWNER_TOKEN>`, or the HttpOnly,
// SameSite=Strict session cookie the web page gets from POST /api/session (for a change,
// only from the page's own origin). The cookie holds a random session id, signed with
// OWNER_TOKEN (Hono's signed cookies): never the token itself. Signing out deletes the
// session; a new OWNER_TOKEN ends every session (their signatures no longer match).
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { dbFrom } from "../db/client";
import { endSession, sessionStart, startSession } from "../db/session-queries";
import { isCrossOriginRequest } from "./cross-origin";
import { fail } from "./errors";

export const SESSION_COOKIE = "beback_session";
/** How long a sign-in lasts. */
const SESSION_MS = 30 * 86_400_000;

type Ctx = Context<{ Bindings: Env }>;

/** The cookie's path and flags: only /api reads it; Secure wherever the page is served over https. */
const cookieOptions = (c: Ctx) => ({ httpOnly: true, sameSite: "Strict" as const, secure: new URL(c.req.url).protocol === "https:", path: "/api" });

/** Signs this browser in: a new session, named by the cookie. */
export async function startOwnerSession(c: Ctx, token: string): Promise<void> {
  const id = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const now = Date.now();
  await startSession(dbFrom(c.env.DB), id, now, now - SESSION_MS);
  await setSignedCookie(c, SESSION_COOKIE, id, token, { ...cookieOptions(c), maxAge: SESSION_MS / 1000 });
}

/** This browser's session id, when its cookie is signed with the owner token and the session is still on. */
async function ownerSession(c: Ctx, token: string): Promise<string | null> {
  const id = await getSignedCookie(c, token, SESSION_COOKIE);
  if (!id) return null;
  const started = await sessionStart(dbFrom(c.env.DB), id);
  return started !== undefined && started > Date.now() - SESSION_MS ? id : null;
}

/** Signs this browser out: its session ends (a copy of its cookie stops working too), and the cookie goes. */
export async function endOwnerSession(c: Ctx): Promise<void> {
  const token = c.env.OWNER_TOKEN;
  const id = token ? await getSignedCookie(c, token, SESSION_COOKIE) : undefined;
  if (id) await endSession(dbFrom(c.env.DB), id);
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

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
  if (!expected) fail(401, "unauthorized");
  if (bearer ? !tokensMatch(bearer, expected) : (await ownerSession(c, expected)) === null) fail(401, "unauthorized");
  // The cookie goes with any request the browser makes to this origin, even one a page of
  // another origin starts (a form, a no-cors fetch): SameSite=Strict stops other sites,
  // but not another port or subdomain of the same site. So a change made with the cookie
  // must come from the owner's page itself. A bearer token is never sent by itself.
  if (!bearer && !SAFE_METHODS.has(c.req.method) && isCrossOriginRequest(c.req)) {
    fail(403, "cross-origin request refused: change things from the owner's page, or send the owner token as a bearer token");
  }
  await next();
};
