import { describe, expect, it } from "vitest";
import { keywordOf, looksLikeRevocation } from "./keywords";

describe("keywordOf", () => {
  it.each([
    ["STOP", "optout"], ["stop", "optout"], ["  Stop  ", "optout"], ["stop.", "optout"], ["STOPALL", "optout"],
    ["unsubscribe", "optout"], ["Cancel", "optout"], ["end", "optout"], ["QUIT", "optout"], ["revoke", "optout"],
    ["optout", "optout"], ["START", "optin"], ["unstop", "optin"], ["yes", "optin"], ["Yes!", "optin"],
    ["help", "info"], ["INFO", "info"], ["stop it", null], ["please stop", null], ["yes please", null],
    ["", null], ["st op", null], ["🛑", null], ["help me choose a sofa", null],
  ])("%j → %s", (body, kind) => {
    expect(keywordOf(body)).toBe(kind);
  });
});

describe("looksLikeRevocation", () => {
  it.each([
    ["Please stop texting me", true], ["don't text me again", true], ["Don’t message me", true],
    ["no more texts please", true], ["remove me from your list", true], ["take me off this list", true],
    ["opt me out", true], ["leave me alone", true], ["Is the recliner in stock?", false],
    ["Can you stop by the warehouse and check?", false], ["I'll text you tomorrow", false], ["yes", false],
  ])("%j → %s", (body, yes) => {
    expect(looksLikeRevocation(body)).toBe(yes);
  });
});
