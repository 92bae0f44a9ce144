// Whether a request came from a page of another origin in a browser, or from a page that
// reached this server by a name not its own (DNS rebinding): what the owner's cookie and the
// local outbox's unsigned webhooks must never obey. Pure.

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

type HonoRequest = { header(name: string): string | undefined; url: string };

/** The headers `isCrossOrigin` and `isRebindableHost` read, of a request as Hono hands it over (the host as addressed when no Host header came). */
const browserHeaders = (req: HonoRequest) => ({ secFetchSite: req.header("sec-fetch-site"), origin: req.header("origin"), host: req.header("host") ?? new URL(req.url).host });

/** `isCrossOrigin` of a request as Hono hands it over (its headers read by name). */
export function isCrossOriginRequest(req: HonoRequest): boolean {
  return isCrossOrigin(browserHeaders(req));
}

/** `isRebindableHost` of a request as Hono hands it over. */
export function isRebindableHostRequest(req: HonoRequest, publicBaseUrl?: string): boolean {
  return isRebindableHost(browserHeaders(req), publicBaseUrl);
}

/**
 * Whether a browser's request addressed this server by a name that may not be its own: a
 * DNS-rebinding page (evil.example made to resolve to 127.0.0.1) is same-origin to the
 * browser, so `isCrossOrigin` passes it. A name cannot be trusted unless it is `localhost`
 * (browsers resolve it to loopback themselves), a `.local` name of the network, or the
 * store's `PUBLIC_BASE_URL` (a tunnel's name: set it); an IP address cannot be rebound. Requests without a browser's headers (curl, Twilio) never are.
 */
export function isRebindableHost(headers: { secFetchSite?: string; origin?: string; host?: string }, publicBaseUrl?: string): boolean {
  if (!headers.secFetchSite && !headers.origin) return false;
  let name: string;
  try {
    name = new URL(`http://${headers.host ?? ""}`).hostname.toLowerCase();
  } catch {
    return true;
  }
  // A trailing dot is the same name; `.local` (mDNS: a laptop on the store's network) no public DNS answers for.
  name = name.replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost") || name.endsWith(".local")) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.startsWith("[")) return false;
  try {
    return !publicBaseUrl || new URL(publicBaseUrl).hostname.toLowerCase() !== name;
  } catch {
    return true;
  }
}
