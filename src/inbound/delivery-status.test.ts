import { describe, expect, it } from "vitest";
import { classifySendFailure } from "../twilio/errors";
import { callbackVerdict } from "./delivery-status";

describe("callbackVerdict: what a status callback's failure means", () => {
  it.each([
    ["delivered", null, null],
    ["sent", "30003", null],
    ["queued", null, null],
    ["read", null, null],
    ["undelivered", "30003", "failed"],
    ["undelivered", "30007", "failed"],
    ["undelivered", "30008", "failed"],
    ["undelivered", null, "failed"],
    ["failed", "30034", "failed"],
    ["undelivered", "30005", "undeliverable"],
    ["undelivered", "30006", "undeliverable"],
    ["failed", "21211", "undeliverable"],
    ["failed", "21614", "undeliverable"],
    ["failed", "21612", "undeliverable"],
    ["failed", "21610", "optedout"],
    ["undelivered", "21610", "optedout"],
  ])("%s %s → %s", (status, code, verdict) => {
    expect(callbackVerdict(status, code)).toBe(verdict);
  });

  it.each([21211, 21614, 21612, 21610, 21408, 30003])("%i means the same in a callback as on a refused call", (code) => {
    const onTheCall = classifySendFailure(400, code);
    expect(callbackVerdict("failed", String(code))).toBe(onTheCall);
  });
});
