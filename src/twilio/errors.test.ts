import { describe, expect, it } from "vitest";
import { classifySendFailure, PENDING_GIVE_UP_MS, pendingRetryDelayMs, retryDelayMs } from "./errors";

describe("classifySendFailure", () => {
  it.each([
    [429, 20429, "retry"],
    [429, null, "retry"],
    [500, 20500, "retry"],
    [502, null, "retry"],
    [503, null, "retry"],
    [400, 21610, "optedout"],
    [400, 21211, "undeliverable"],
    [400, 21614, "undeliverable"],
    [400, 21612, "undeliverable"],
    [400, 21606, "failed"], // the From number cannot send: the store's problem, not the lead's
    [400, 21408, "failed"], // region not enabled on the account
    [400, null, "failed"],
    [401, 20003, "failed"],
    [404, null, "failed"],
    [null, null, "unknown"], // no answer: Twilio may have taken it; never retried blindly
    [201, null, "unknown"], // accepted, but the body could not be read: it may have gone out
    [200, null, "unknown"],
  ] as const)("%s / %s → %s", (status, code, verdict) => {
    expect(classifySendFailure(status, code)).toBe(verdict);
  });

  it("a call the runtime refused before it left (the invocation's subrequests used up) is not-sent, whatever else it says", () => {
    expect(classifySendFailure(null, null, true)).toBe("not-sent");
  });
});

describe("retryDelayMs", () => {
  it.each([
    [0, 60_000],
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [4, 480_000],
    [5, 960_000],
    [6, null],
    [9, null],
  ])("after attempt %i → wait %s", (attempt, wait) => {
    expect(retryDelayMs(attempt)).toBe(wait);
  });
});

describe("pendingRetryDelayMs (a text to a rep Twilio did not take)", () => {
  it.each([
    [0, 60_000], // failed in the webhook's own send: a minute
    [30_000, 60_000],
    [60_000, 60_000],
    [120_000, 120_000], // then as long as it has waited: the waits double
    [480_000, 480_000],
    [900_000, 900_000],
    [1_920_000, 900_000], // at most 15 minutes
    [PENDING_GIVE_UP_MS - 1, 900_000],
    [PENDING_GIVE_UP_MS, null], // an hour on: given up
    [5 * PENDING_GIVE_UP_MS, null],
  ])("recorded %i ms ago → wait %s", (age, wait) => {
    expect(pendingRetryDelayMs(age)).toBe(wait);
  });
});
