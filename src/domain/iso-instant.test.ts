import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "./iso-instant";

describe("parseIsoInstant: the instant, or no such date and time", () => {
  it.each([
    ["2030-01-31T14:00:00Z", "2030-01-31T14:00:00.000Z"],
    ["2030-01-31 14:00:00Z", "2030-01-31T14:00:00.000Z"],
    ["2030-01-31T14:00:00.5Z", "2030-01-31T14:00:00.500Z"],
    ["2030-01-31T14:00:00.123456789Z", "2030-01-31T14:00:00.123Z"],
    ["2030-01-31T14:00:00+05:30", "2030-01-31T08:30:00.000Z"],
    ["2030-01-31T14:00:00-0800", "2030-01-31T22:00:00.000Z"],
    ["2030-01-31T14:00:00+05", "2030-01-31T09:00:00.000Z"], // Date.parse: NaN
    ["2030-01-31T14:00:00 +05:00", "2030-01-31T09:00:00.000Z"], // Date.parse: NaN
    ["2030-01-31T23:59:59-23:59", "2030-02-01T23:58:59.000Z"],
    ["2028-02-29T15:00:00Z", "2028-02-29T15:00:00.000Z"], // a leap year's February 29
    ["2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z"], // divisible by 400: leap
    ["0099-12-31T00:00:00Z", "0099-12-31T00:00:00.000Z"], // not 1999
  ])("%s → %s", (text, iso) => {
    const read = parseIsoInstant(text);
    expect(read).toEqual({ ok: true, ms: Date.parse(iso) });
  });

  it.each([
    // Date.parse rolls each of these over into another day.
    ["2027-02-30T15:00:00Z", "no-such-time"],
    ["2027-02-29T15:00:00Z", "no-such-time"], // not a leap year
    ["2100-02-29T15:00:00Z", "no-such-time"], // divisible by 100, not by 400
    ["2030-04-31T15:00:00Z", "no-such-time"],
    ["2030-01-00T15:00:00Z", "no-such-time"],
    ["2030-13-01T15:00:00Z", "no-such-time"],
    ["2030-00-01T15:00:00Z", "no-such-time"],
    ["2030-01-31T25:00:00Z", "no-such-time"],
    ["2030-01-31T24:00:00Z", "no-such-time"],
    ["2030-01-31T14:60:00Z", "no-such-time"],
    ["2030-01-31T14:00:60Z", "no-such-time"],
    ["2030-01-31T14:00:00+24:00", "no-such-time"],
    ["2030-01-31T14:00:00+05:60", "no-such-time"],
    ["2030-01-31", "shape"],
    ["2030-01-31T14:00Z", "shape"],
    ["2030-01-31T14:00:00", "shape"], // no offset: which zone?
    ["2030-1-31T14:00:00Z", "shape"],
    ["2030-01-31t14:00:00z", "shape"],
    ["tomorrow", "shape"],
    ["", "shape"],
    [" 2030-01-31T14:00:00Z", "shape"],
  ])("%j → %s", (text, why) => {
    expect(parseIsoInstant(text)).toEqual({ ok: false, why });
  });
});
