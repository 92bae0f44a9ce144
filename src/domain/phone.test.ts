import { describe, expect, it } from "vitest";
import { customerPhone, formatPhoneForRep, looksLikePhone, normalizePhone } from "./phone";

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
    // Pasted from a document or a contact card (contract audit: the API refused these).
    ["212\u2013555\u20130100", REP, "+12125550100"],
    ["212\u2014555\u20140100", REP, "+12125550100"],
    ["212\u2011555\u20110100", REP, "+12125550100"],
    ["212\u2212555\u22120100", REP, "+12125550100"],
    ["(212)\u00a0555\u20100100", REP, "+12125550100"],
    ["+1\u202f212\u2009555\u20090100", REP, "+12125550100"],
    ["\u00a0+1 212 555 0100\u00a0", REP, "+12125550100"],
    ["212\u2013555\u2013CALL", REP, null],
    ["\uff08\uff12\uff11\uff12\uff09\uff15\uff15\uff15\uff0d\uff10\uff11\uff10\uff10", REP, "+12125550100"],
    ["\uff0b\uff11 \uff12\uff11\uff12 \uff15\uff15\uff15 \uff10\uff11\uff10\uff10", REP, "+12125550100"],
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

describe("customerPhone: only numbers that can get a text (libphonenumber's full mobile metadata)", () => {
  it.each([
    // [typed, expected E.164 or the reason]
    ["555-0100", "+12125550100"], // the rep's area code, a fictional 555-01xx line: real area code, real shape
    ["(646) 555-0177", "+16465550177"],
    ["+1 415 555 2671", "+14155552671"],
    ["+44 7911 123456", "+447911123456"], // a UK mobile
    ["+33 6 12 34 56 78", "+33612345678"],
    ["+61 412 345 678", "+61412345678"],
    ["+55 11 98765 4321", "+5511987654321"],
    ["+86 138 1234 5678", "+8613812345678"],
    ["(555) 555-5555", "cannot-exist"], // 555 is not an area code
    ["911-555-0100", "cannot-exist"],
    ["411-555-0100", "cannot-exist"],
    ["999-555-0100", "cannot-exist"],
    ["+1 234 567 8901", "+12345678901"], // 234 is a real (Ohio) area code
    ["+86 138 1234 567", "cannot-exist"], // one digit short for a Chinese mobile
    ["+44 7911 12345", "cannot-exist"], // too short for a UK mobile
    ["+44 20 7183 8750", "cannot-exist"], // a London landline: it cannot get texts
    ["+1 800 555 0100", "cannot-exist"], // toll-free
    ["call me", "not-a-number"],
    ["555-01000", "not-a-number"],
  ])("%j → %s", (typed, expected) => {
    const got = customerPhone(typed, { defaultCountry: "US", repPhone: REP });
    expect(got.ok ? got.phone : got.why).toBe(expected);
  });
});
