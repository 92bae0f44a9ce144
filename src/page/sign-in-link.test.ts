import { describe, expect, it } from "vitest";
import { pastedToken, tokenInLink } from "./sign-in-link";

describe("tokenInLink", () => {
  it.each<[string, string, string | null]>([
    ["a base64 token with + / = kept as written", "token=Xq3+kP9/vL2mR8+tN4wZ7yBc5dE=", "Xq3+kP9/vL2mR8+tN4wZ7yBc5dE="],
    ["a whole link", "http://localhost:8787/#token=abc+def", "abc+def"],
    ["%-escapes undone (npm start escapes % & # and spaces)", "token=a%26b%23c%25d%20e", "a&b#c%d e"],
    ["a lone % kept", "token=50%off", "50%off"],
    ["another part after &", "token=abc&x=1", "abc"],
    ["no token", "http://localhost:8787/#results", null],
    ["a word ending in token= is not the key", "#mytoken=abc", null],
  ])("%s", (_, text, token) => {
    expect(tokenInLink(text)).toBe(token);
  });
});

describe("pastedToken", () => {
  it.each([
    ["the printed link", "http://localhost:8787/#token=Xq3+kP9/vL2=", "Xq3+kP9/vL2="],
    ["the bare token, with spaces around", "  Xq3+kP9/vL2=  ", "Xq3+kP9/vL2="],
  ])("%s", (_, text, token) => {
    expect(pastedToken(text)).toBe(token);
  });
});
