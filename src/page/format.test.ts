import { describe, expect, it } from "vitest";
import { formatMoney, formatPhone, formatWhen } from "./format";

// 2030-03-15 15:00 UTC = 11:00 in New York (EDT), 08:00 in Los Angeles (PDT).
const NOW = Date.parse("2030-03-15T15:00:00Z");

describe("formatWhen", () => {
  it.each([
    ["2030-03-15T20:05:00Z", "America/New_York", "today 4:05 PM"],
    ["2030-03-16T03:30:00Z", "America/New_York", "today 11:30 PM"],
    ["2030-03-16T03:30:00Z", "Europe/London", "tomorrow 3:30 AM"],
    ["2030-03-16T13:00:00Z", "America/Los_Angeles", "tomorrow 6:00 AM"],
    ["2030-03-14T23:00:00Z", "America/New_York", "yesterday 7:00 PM"],
    ["2030-04-02T13:00:00Z", "America/New_York", "Tue, Apr 2, 9:00 AM"],
    ["2031-01-02T15:00:00Z", "America/New_York", "Thu, Jan 2, 2031, 10:00 AM"],
    ["not a date", "America/New_York", ""],
  ])("%s in %s", (iso, zone, text) => {
    expect(formatWhen(iso, zone, NOW).replace(/\u202f/g, " ")).toBe(text);
  });
});

describe("formatMoney / formatPhone", () => {
  it.each([
    [120000, "$1,200"],
    [1250, "$12.50"],
    [0, "$0"],
  ])("%i cents → %s", (cents, text) => expect(formatMoney(cents)).toBe(text));
  it.each([
    ["+12125550100", "(212) 555-0100"],
    ["+447700900123", "+447700900123"],
  ])("%s → %s", (phone, text) => expect(formatPhone(phone)).toBe(text));
});
