// Signature checks against twilio-node's published vectors, and the URLs a Worker is handed
// (host lower-cased, `'` as `%27`) for URLs Twilio signed as configured.
import { getExpectedTwilioSignature, validateRequest } from "twilio/lib/webhooks/webhooks";
import { describe, expect, it } from "vitest";
import { isValidTwilioSignature, signedUrls } from "./signature";

const valid = (token: string, signature: string, requestUrl: string, params: Record<string, string>, base?: string, host?: string) =>
  signedUrls(requestUrl, base, host).some((url) => isValidTwilioSignature(token, signature, url, params));

describe("twilio-node's published vectors", () => {
  it("Twilio's documented example (token 12345) is valid, and fails with a changed parameter", () => {
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    expect(valid("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url, params)).toBe(true);
    expect(valid("12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url, { ...params, Digits: "1235" })).toBe(false);
  });

  // spec/unit/webhooks/webhooks.spec.js: [signed URL, URL validated, expected]
  it.each([
    ["https://example.com/path?test=param", "https://example.com/path?test=param2", false],
    ["https://example.com:443/path?test=param", "https://example.com:443/path?test=param", true],
    ["https://example.com:443/path?test=param", "https://example.com/path?test=param", true],
    ["https://example.com/path?test=param", "https://example.com/path?test=param", true],
    ["https://example.com/path?test=param", "https://example.com:443/path?test=param", true],
    ["https://example.com/path?test=param'WithQuote", "https://example.com/path?test=param'WithQuote", true],
    ["https://example.com/path?test=param'WithQuote", "https://example.com/path?test=param%27WithQuote", true],
    ["https://example.com/path?test=param%27WithQuote", "https://example.com/path?test=param'WithQuote", true],
    ["https://example.com/path?test=param%27WithQuote", "https://example.com/path?test=param%27WithQuote", true],
  ])("signed %s, received %s → %s", (signedAt, receivedAt, expected) => {
    const signature = getExpectedTwilioSignature("s3cr3t", signedAt, {});
    expect(valid("s3cr3t", signature, receivedAt, {})).toBe(expected);
  });
});

describe("the URL as the Worker receives it", () => {
  const params = { From: "+12125550100", Body: "Hi" };
  // [the URL Twilio signed (as configured), the Host header Twilio sent, PUBLIC_BASE_URL]
  it.each([
    ["https://Beback.Example.com/twilio/sms", "Beback.Example.com", undefined],
    ["https://beback.example.com/twilio/sms?store=O'Brien+Sons", "beback.example.com", undefined],
    ["https://Beback.Example.com/twilio/sms?store=O'Brien+Sons&x=a+b", "Beback.Example.com", undefined],
    ["https://Beback.Example.com/twilio/sms?store=O'Brien+Sons", "internal.host", "https://Beback.Example.com"],
    ["https://beback.example.com/twilio/sms?q=it%27s", "beback.example.com", undefined],
  ])("signed %s (Host %s, PUBLIC_BASE_URL %s) is accepted", (signedAt, host, base) => {
    const signature = getExpectedTwilioSignature("tok", signedAt, params);
    const received = new URL(signedAt).href; // what the runtime hands the Worker
    expect(valid("tok", signature, received, params, base, host)).toBe(true);
  });

  it("is where twilio-node alone falls short: an apostrophe and a plus in the query", () => {
    const signedAt = "https://beback.example.com/twilio/sms?store=O'Brien+Sons";
    const signature = getExpectedTwilioSignature("tok", signedAt, params);
    expect(validateRequest("tok", signature, new URL(signedAt).href, params)).toBe(false);
  });

  it.each([
    ["another query value", "https://beback.example.com/twilio/sms?store=O'Brien+Sons", "https://beback.example.com/twilio/sms?store=OBrien+Sons", "beback.example.com"],
    ["another host", "https://other.example.com/twilio/sms", "https://beback.example.com/twilio/sms", "Beback.Example.com"],
    ["a Host header naming another host", "https://Evil.Example.com/twilio/sms", "https://beback.example.com/twilio/sms", "Evil.Example.com"],
  ])("still refuses %s", (_what, signedAt, received, host) => {
    const signature = getExpectedTwilioSignature("tok", signedAt, params);
    expect(valid("tok", signature, received, params, undefined, host)).toBe(false);
  });
});
