import { describe, expect, it } from "vitest";
import { formatMoney, formatPhone, formatWhen, fullStop, samePhone } from "./format";

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

describe("samePhone (the simulator knows a rep's phone however it is typed)", () => {
  it.each([
    ["+12125550111", true], ["(212) 555-0111", true], ["212-555-0111", true], ["2125550111", true], ["1 212 555 0111", true],
    ["+1 212 555 0111", true], ["555-0111", false], ["212-555-0112", false], ["", false], ["+442125550111", false],
  ])("%j is +12125550111: %s", (typed, same) => expect(samePhone(typed, "+12125550111")).toBe(same));
});

describe("fullStop", () => {
  it.each([
    ["Sam Rivera", "Sam Rivera."],
    ["Kim L.", "Kim L."],
    ["Sam!", "Sam!"],
  ])("%s → %s", (words, sentence) => {
    expect(fullStop(words)).toBe(sentence);
  });
});
