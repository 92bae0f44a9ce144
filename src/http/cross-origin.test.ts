import { describe, expect, it } from "vitest";
import { isCrossOrigin } from "./cross-origin";

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
