import { describe, expect, it } from "vitest";
import { isCrossOrigin, isRebindableHost } from "./cross-origin";

describe("isCrossOrigin", () => {
  it.each([
    [{}, false], // curl, a script, Twilio: no browser headers
    [{ secFetchSite: "same-origin", origin: "https://beback.test", host: "beback.test" }, false],
    [{ secFetchSite: "none" }, false], // typed in the address bar
    [{ secFetchSite: "same-site", origin: "http://127.0.0.1:9000", host: "127.0.0.1:8787" }, true], // another port
    [{ secFetchSite: "cross-site" }, true],
    [{ secFetchSite: "Cross-Site" }, true],
    [{ origin: "https://beback.test", host: "beback.test" }, false], // a browser without Sec-Fetch-Site
    [{ origin: "https://evil.example", host: "beback.test" }, true],
    [{ origin: "http://127.0.0.1:9000", host: "127.0.0.1:8787" }, true],
    [{ origin: "null", host: "beback.test" }, true], // a sandboxed frame or a file
  ])("%j → %s", (headers, cross) => {
    expect(isCrossOrigin(headers)).toBe(cross);
  });
});

describe("isRebindableHost", () => {
  it.each<[string, { secFetchSite?: string; origin?: string; host?: string }, string | undefined, boolean]>([
    ["curl or Twilio: no browser headers, whatever the host", { host: "rebind.evil.example:8787" }, undefined, false],
    ["a page at localhost", { secFetchSite: "same-origin", host: "localhost:8787" }, undefined, false],
    ["a page at a .localhost name", { secFetchSite: "same-origin", host: "beback.localhost:8787" }, undefined, false],
    ["a page at 127.0.0.1", { secFetchSite: "same-origin", host: "127.0.0.1:8787" }, undefined, false],
    ["a phone on the LAN at an IP address", { origin: "http://192.168.1.20:8787", host: "192.168.1.20:8787" }, undefined, false],
    ["a page at [::1]", { secFetchSite: "same-origin", host: "[::1]:8787" }, undefined, false],
    ["a page at PUBLIC_BASE_URL's name", { secFetchSite: "same-origin", host: "beback.example.com" }, "https://beback.example.com", false],
    ["localhost with its trailing dot", { secFetchSite: "same-origin", host: "localhost.:8787" }, undefined, false],
    ["a laptop's mDNS name on the store's network", { origin: "http://my-laptop.local:8787", host: "my-laptop.local:8787" }, undefined, false],
    ["a tunnel's name without PUBLIC_BASE_URL", { secFetchSite: "same-origin", host: "abc123.ngrok-free.app" }, undefined, true],
    ["a rebinding page: same-origin to the browser, another name", { secFetchSite: "same-origin", host: "rebind.evil.example:8787" }, undefined, true],
    ["a rebinding page with PUBLIC_BASE_URL set to another name", { origin: "http://rebind.evil.example", host: "rebind.evil.example" }, "https://beback.example.com", true],
    ["a name that is not a host", { secFetchSite: "same-origin", host: "a b" }, undefined, true],
  ])("%s", (_, headers, publicBaseUrl, rebindable) => {
    expect(isRebindableHost(headers, publicBaseUrl)).toBe(rebindable);
  });
});
