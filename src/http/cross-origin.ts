// Whether a request came from a page of another origin in a browser: what the owner's
// cookie and the local outbox's unsigned webhooks must never obey. Pure.

/**
 * Whether a browser sent this request from a page of another origin: the browser's own
 * `Sec-Fetch-Site` says so, or (a browser without it) an `Origin` whose host is not the
 * one addressed. API clients (curl, scripts) send neither.
 */
export function isCrossOrigin(headers: { secFetchSite?: string; origin?: string; host?: string }): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  if (site) return site !== "same-origin" && site !== "none";
  if (!headers.origin) return false;
  try {
    return new URL(headers.origin).host !== headers.host;
  } catch {
    return true; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** `isCrossOrigin` of a request as Hono hands it over (its headers read by name). */
export function isCrossOriginRequest(req: { header(name: string): string | undefined }): boolean {
  return isCrossOrigin({ secFetchSite: req.header("sec-fetch-site"), origin: req.header("origin"), host: req.header("host") });
}
