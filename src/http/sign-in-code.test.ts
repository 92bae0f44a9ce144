import { describe, expect, it } from "vitest";
import { isSignInCode, SIGN_IN_CODE_SECONDS, signInCode } from "./sign-in-code";

const TOKEN = "Xq3+kP9/vL2mR8+tN4wZ7yBc5dE=";
const NOW = Date.UTC(2030, 0, 7, 12); // any fixed instant: the code's expiry is counted from it
const inSeconds = (s: number) => Math.floor(NOW / 1000) + s;

describe("a sign-in link's code", () => {
  it("is made as scripts/start.mjs makes it (an HMAC of the expiry keyed by the token, base64url)", async () => {
    // Node's createHmac("sha256", TOKEN).update("beback sign-in 1894017600").digest("base64url"), as start.mjs writes it.
    expect(await signInCode(TOKEN, 1894017600)).toBe("1894017600.NTaSAQxQovgb4ZT24gzBC_KirLGS0ibOslGD7oq_AVo");
  });

  it.each<[string, (code: string, expiry: number) => string, string, number, boolean]>([
    ["good for a day", (c) => c, TOKEN, SIGN_IN_CODE_SECONDS, true],
    ["a second before it expires", (c) => c, TOKEN, 1, true],
    ["expired", (c) => c, TOKEN, 0, false],
    ["made with another token (a new OWNER_TOKEN)", (c) => c, "another-token-another-token", SIGN_IN_CODE_SECONDS, false],
    ["its expiry moved on", (c, e) => c.replace(String(e), String(e + 3600)), TOKEN, 60, false],
    // The signature's first character carries its first six bits (the last one's low bits are padding).
    ["its signature changed", (c) => c.replace(/\.(.)/, (_, ch: string) => `.${ch === "A" ? "B" : "A"}`), TOKEN, 60, false],
    ["good for longer than a code is made for", (c) => c, TOKEN, SIGN_IN_CODE_SECONDS + 3600, false],
    ["the token itself", () => TOKEN, TOKEN, 60, false],
    ["empty", () => "", TOKEN, 60, false],
    ["not a code", () => "12.abc", TOKEN, 60, false],
  ])("%s → %s", async (_what, alter, madeWith, seconds, good) => {
    const expiry = inSeconds(seconds);
    expect(await isSignInCode(alter(await signInCode(madeWith, expiry), expiry), TOKEN, NOW)).toBe(good);
  });
});
