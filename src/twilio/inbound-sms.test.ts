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

describe("parseInboundSms: NumMedia", () => {
  it.each([
    ["absent", undefined, 0],
    ["empty (a form built by hand; contract audit: it was a 400)", "", 0],
    ["0", "0", 0],
    ["2 with two URLs", "2", 2],
  ])("%s → %i media", (_what, numMedia, count) => {
    const parsed = parseInboundSms({
      MessageSid: "SM1234567890",
      From: "+12125550111",
      ...(numMedia === undefined ? {} : { NumMedia: numMedia }),
      MediaUrl0: "https://api.twilio.com/a.jpg",
      MediaUrl1: "https://api.twilio.com/b.jpg",
      MediaContentType0: "image/jpeg",
      MediaContentType1: "image/jpeg",
    });
    expect(parsed.ok && parsed.sms.media.length).toBe(count);
  });
});

describe("parseInboundSms: a body longer than one Twilio message is cut as Twilio counts (UTF-16 units), never inside an emoji", () => {
  const family = "👩‍👩‍👧"; // 5 code points, 8 UTF-16 units
  it.each([
    ["1,600 letters: kept whole", "a".repeat(1600), "a".repeat(1600)],
    ["1,601 letters: cut with ...", "a".repeat(1601), `${"a".repeat(1597)}...`],
    ["1,597 letters and a family emoji (1,605 units): the emoji goes whole", `${"a".repeat(1597)}${family}`, `${"a".repeat(1597)}...`],
    ["1,590 letters and a family emoji (1,598 units): kept whole", `${"a".repeat(1590)}${family}`, `${"a".repeat(1590)}${family}`],
    ["1,000 emoji (2,000 units): 798 whole ones", "😍".repeat(1000), `${"😍".repeat(798)}...`],
  ])("%s", (_what, body, kept) => {
    const parsed = parseInboundSms({ MessageSid: "SM1234567890", From: "+12125550111", Body: body });
    expect(parsed.ok && parsed.sms.body).toBe(kept);
  });
});
