import { describe, expect, it } from "vitest";
import { isSenderId, parseInboundSms } from "./inbound-sms";

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

describe("parseInboundSms: a form that is not Twilio's names what is wrong, in the API's words", () => {
  it.each([
    [{ From: "+12125550111", Body: "help" }, [{ path: "MessageSid", message: "is required" }]],
    [{ MessageSid: "SM1234567890", Body: "help" }, [{ path: "From", message: "is required" }]],
    [{ MessageSid: "SM!", From: "+12125550111" }, [{ path: "MessageSid", message: "must be a Twilio MessageSid" }]],
    [{ MessageSid: "SM1234567890", From: "+12125550111", NumMedia: "many" }, [{ path: "NumMedia", message: "must be a count" }]],
  ])("%j", (fields, issues) => {
    expect(parseInboundSms(fields)).toEqual({ ok: false, issues });
  });
});
