import { describe, expect, it } from "vitest";
import { friendlyError, issueSentence, placeErrors } from "./field-errors";

const SETTINGS = { storeName: "Store name", timezone: "Time zone", quietHours: "Quiet hours", sendRatePerSecond: "Texts per second" };

describe("placeErrors", () => {
  it.each([
    [
      [{ path: "timezone", message: "must be an IANA time zone such as America/New_York" }],
      { timezone: "Time zone must be an IANA time zone such as America/New_York." },
      [],
    ],
    [
      [{ path: "quietHours.start", message: "must be HH:MM, 24-hour" }],
      { quietHours: "Quiet hours must be HH:MM, 24-hour." },
      [],
    ],
    [
      [
        { path: "sendRatePerSecond", message: "expected number" },
        { path: "sendRatePerSecond", message: "must be at most 100" },
      ],
      { sendRatePerSecond: "Texts per second: please enter a number." },
      [],
    ],
    [[{ path: "color", message: "is unknown" }], {}, ["Color is unknown."]],
    [[{ path: "", message: "expected a JSON body" }], {}, ["This: please enter a JSON body."]],
  ])("%j", (issues, byField, general) => {
    expect(placeErrors("invalid input", issues, SETTINGS)).toEqual({ byField, general });
  });

  it("puts a step's issue on that step, not on the series", () => {
    const labels = { steps: "The series", "steps.1.body": "Step 2's words", "steps.1.after": "Step 2's delay" };
    expect(placeErrors("invalid input", [{ path: "steps.1.body", message: "must not be empty" }], labels).byField).toEqual({
      "steps.1.body": "Step 2's words must not be empty.",
    });
    expect(placeErrors("invalid input", [{ path: "steps", message: "must be in order of their delay" }], labels).byField).toEqual({
      steps: "The series must be in order of their delay.",
    });
  });

  it("says an error without issues in words", () => {
    expect(placeErrors("this rep owns 2 leads", undefined, SETTINGS)).toEqual({ byField: {}, general: ["This rep owns 2 leads."] });
  });
});

describe("friendlyError / issueSentence", () => {
  it.each([
    ["invalid input", "Please fix the fields marked in red."],
    ["internal error", "Something went wrong on our side. Try again in a minute."],
    ["already done!", "Already done!"],
  ])("%j → %j", (error, text) => {
    expect(friendlyError(error)).toBe(text);
  });
  it("ends with one period", () => {
    expect(issueSentence("Phone", "must be a phone number, e.g. +1 212 555 0100")).toBe("Phone must be a phone number, e.g. +1 212 555 0100.");
  });
});
