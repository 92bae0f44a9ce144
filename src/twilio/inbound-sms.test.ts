import { describe, expect, it } from "vitest";
import { isSenderId } from "./inbound-sms";

describe("isSenderId: a short code or an alphanumeric sender, not a phone number", () => {
  it.each([
    ["22395", true],
    ["894546", true],
    ["12345678", true],
    ["VERIFY", true],
    ["Oak Pine", true],
    [" AMAZON ", true],
    ["B&Q", true],
    ["Info-Desk", true],
    ["X", true],
    ["12", false], // too short for a short code, no letter
    ["123456789", false], // too long for a short code
    ["+1", false],
    ["+12125550100", false], // a number: read as one before this
    ["TOO-LONG-SENDER-ID", false],
    ["+1 (212) abc", false],
    ["🛋️", false],
    ["x\u0000y", false],
    ["", false],
    ["1234 5678", false], // digits and a space, no letter
  ])("%j → %s", (from, expected) => {
    expect(isSenderId(from)).toBe(expected);
  });
});
