import { describe, expect, it } from "vitest";
import { getCountries, getCountryCallingCode } from "libphonenumber-js/mobile";
import { normalizePhone } from "../domain/phone";
import { formatMoney, formatPhone, formatWhen, fullStop, NANP, samePhone } from "./format";

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

  // Today, tomorrow and yesterday are calendar days in the store's zone, also when a clock
  // change makes a day 23 or 25 hours long (not the day 24 hours from now).
  it.each([
    // New York, Sat Mar 13 2027 23:30 EST: the clocks go forward that night (a day of 23 hours).
    ["2027-03-14T04:30:00Z", "2027-03-15T13:00:00Z", "America/New_York", "Mon, Mar 15, 9:00 AM"],
    ["2027-03-14T04:30:00Z", "2027-03-14T13:00:00Z", "America/New_York", "tomorrow 9:00 AM"],
    ["2027-03-14T04:30:00Z", "2027-03-13T05:30:00Z", "America/New_York", "today 12:30 AM"],
    ["2027-03-14T04:30:00Z", "2027-03-12T05:30:00Z", "America/New_York", "yesterday 12:30 AM"],
    ["2027-03-14T04:30:00Z", "2027-03-11T05:30:00Z", "America/New_York", "Thu, Mar 11, 12:30 AM"],
    // Sun Mar 14 2027 00:30 EST.
    ["2027-03-14T05:30:00Z", "2027-03-15T04:30:00Z", "America/New_York", "tomorrow 12:30 AM"],
    ["2027-03-14T05:30:00Z", "2027-03-14T03:30:00Z", "America/New_York", "yesterday 10:30 PM"],
    // New York, Sun Nov 7 2027 23:30 EST, the day of 25 hours: Saturday is yesterday.
    ["2027-11-08T04:30:00Z", "2027-11-06T14:00:00Z", "America/New_York", "yesterday 10:00 AM"],
    ["2027-11-08T04:30:00Z", "2027-11-07T04:30:00Z", "America/New_York", "today 12:30 AM"],
    ["2027-11-08T04:30:00Z", "2027-11-09T04:30:00Z", "America/New_York", "tomorrow 11:30 PM"],
    // Sat Nov 6 2027 23:30 EDT.
    ["2027-11-07T03:30:00Z", "2027-11-08T04:30:00Z", "America/New_York", "tomorrow 11:30 PM"],
    ["2027-11-07T03:30:00Z", "2027-11-08T05:30:00Z", "America/New_York", "Mon, Nov 8, 12:30 AM"],
    // Lord Howe, Sun Apr 4 2027 00:15 (its day of 24.5 hours): Monday is tomorrow.
    ["2027-04-03T13:15:00Z", "2027-04-04T13:45:00Z", "Australia/Lord_Howe", "tomorrow 12:15 AM"],
    // Sydney, Sun Apr 4 2027 23:30 AEST (a day of 25 hours): Saturday is yesterday.
    ["2027-04-04T13:30:00Z", "2027-04-03T01:00:00Z", "Australia/Sydney", "yesterday 12:00 PM"],
  ])("now %s: %s in %s", (now, iso, zone, text) => {
    expect(formatWhen(iso, zone, Date.parse(now)).replace(/\u202f/g, " ")).toBe(text);
  });
});

describe("formatMoney", () => {
  it.each([
    [120000, "$1,200"],
    [1250, "$12.50"],
    [0, "$0"],
  ])("%i cents → %s", (cents, text) => expect(formatMoney(cents)).toBe(text));
});

// The store's country × the number's country. A number is shown in national form only where
// that form reads back to it (the store's country shares its country code); any other in its
// international form. The page puts it into inputs that are sent back (a rep's card).
const PHONES = { us: "+16465550111", ca: "+14165550122", gb: "+447700900123", mx: "+523312345678" };
describe("formatPhone (store country × number country)", () => {
  it.each([
    ["US", PHONES.us, "(646) 555-0111"],
    ["US", PHONES.ca, "(416) 555-0122"],
    ["US", PHONES.gb, "+447700900123"],
    ["US", PHONES.mx, "+523312345678"],
    ["CA", PHONES.us, "(646) 555-0111"],
    ["CA", PHONES.ca, "(416) 555-0122"],
    ["CA", PHONES.gb, "+447700900123"],
    ["PR", PHONES.us, "(646) 555-0111"],
    ["MX", PHONES.us, "+1 646 555 0111"],
    ["MX", PHONES.ca, "+1 416 555 0122"],
    ["MX", PHONES.mx, "+523312345678"],
    ["MX", PHONES.gb, "+447700900123"],
    ["GB", PHONES.us, "+1 646 555 0111"],
    ["GB", PHONES.gb, "+447700900123"],
    ["GB", PHONES.mx, "+523312345678"],
    ["DE", "+17185550122", "+1 718 555 0122"],
    ["", PHONES.us, "+1 646 555 0111"],
    ["US", "not a phone", "not a phone"],
  ])("in a %s store, %s → %s", (country, phone, text) => expect(formatPhone(phone, country)).toBe(text));

  it("NANP lists exactly the countries whose code is +1 (libphonenumber's)", () => {
    expect(NANP.split(" ").sort()).toEqual(getCountries().filter((c) => getCountryCallingCode(c) === "1").sort());
  });

  // What the owner sees reads back, through the server's own parser, to the number stored.
  const ROUND_TRIP = [PHONES.us, PHONES.ca, PHONES.gb, PHONES.mx, "+17185550122", "+12125550100", "+447911123456", "+61412345678", "+33612345678"];
  it.each(getCountries())("in a %s store, every shown number reads back to itself", (country) => {
    for (const phone of ROUND_TRIP) expect(normalizePhone(formatPhone(phone, country), { defaultCountry: country }), phone).toBe(phone);
  });
});

describe("samePhone (the simulator knows a rep's phone however it is typed, as the store reads it)", () => {
  it.each([
    ["+12125550111", true], ["(212) 555-0111", true], ["212-555-0111", true], ["2125550111", true], ["1 212 555 0111", true],
    ["+1 212 555 0111", true], ["555-0111", false], ["212-555-0112", false], ["", false], ["+442125550111", false],
    ["+2125550111", false],
  ])("in a US store, %j is +12125550111: %s", (typed, same) => expect(samePhone(typed, "+12125550111", "US")).toBe(same));
  it.each([
    ["+1 646 555 0111", "+16465550111", true], ["+16465550111", "+16465550111", true],
    // Read in Mexico, a number without its + is a Mexican one: not the rep's +1 phone.
    ["(646) 555-0111", "+16465550111", false], ["6465550111", "+16465550111", false], ["1 646 555 0111", "+16465550111", false],
    ["+523312345678", "+523312345678", true], ["33 1234 5678", "+523312345678", true],
  ])("in an MX store, %j is %s: %s", (typed, e164, same) => expect(samePhone(typed, e164, "MX")).toBe(same));
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
