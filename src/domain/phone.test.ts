import { describe, expect, it } from "vitest";
import { formatPhoneForRep, looksLikePhone, normalizePhone } from "./phone";

const REP = "+12125550111";

describe("normalizePhone", () => {
  it.each([
    // [input, rep phone, expected]
    ["555-0100", REP, "+12125550100"],
    ["5550100", REP, "+12125550100"],
    ["555 0100", REP, "+12125550100"],
    ["555.0100", REP, "+12125550100"],
    ["555-0100", "+16465550122", "+16465550100"],
    ["555-0100", undefined, null],
    ["555-0100", "+442071838750", null],
    ["212-555-0100", REP, "+12125550100"],
    ["(212) 555-0100", REP, "+12125550100"],
    ["212.555.0100", REP, "+12125550100"],
    ["2125550100", REP, "+12125550100"],
    ["12125550100", REP, "+12125550100"],
    ["1-212-555-0100", REP, "+12125550100"],
    ["+1 212 555 0100", REP, "+12125550100"],
    ["+12125550100", REP, "+12125550100"],
    ["  +1 (212) 555-0100  ", REP, "+12125550100"],
    ["tel:+12125550100", REP, "+12125550100"],
    ["+44 20 7183 8750", REP, "+442071838750"],
    ["112-555-0100", REP, null],
    ["212-055-0100", REP, null],
    ["555-01000", REP, null],
    ["55501", REP, null],
    ["", REP, null],
    ["call me", REP, null],
    ["555-CALL", REP, null],
    ["+1 212 555 0100 0100 0100", REP, null],
    ["☎️ 212 555 0100", REP, null],
  ])("%j (rep %s) → %s", (input, repPhone, expected) => {
    expect(normalizePhone(input, { defaultCountry: "US", repPhone })).toBe(expected);
  });

  it("reads a national number in the store's country", () => {
    expect(normalizePhone("020 7183 8750", { defaultCountry: "GB" })).toBe("+442071838750");
  });
});

describe("looksLikePhone", () => {
  it.each([
    ["555-0100", true], ["(212) 555-0100", true], ["+1 212 555 0100", true], ["2125550100", true],
    ["12", false], ["$1,200", false], ["June 3", false], ["recliner", false], ["555-01", false],
  ])("%j → %s", (token, yes) => {
    expect(looksLikePhone(token)).toBe(yes);
  });
});

describe("formatPhoneForRep", () => {
  it.each([
    ["+12125550100", "(212) 555-0100"],
    ["+442071838750", "+44 20 7183 8750"],
  ])("%s → %s", (e164, shown) => {
    expect(formatPhoneForRep(e164)).toBe(shown);
  });
});
