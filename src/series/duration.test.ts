import { describe, expect, it } from "vitest";
import { formatAfter, parseAfter, parseDelay } from "./duration";

describe("parseAfter", () => {
  it.each([
    ["20m", 1_200_000],
    ["18h", 64_800_000],
    ["3d", 259_200_000],
    ["2w", 1_209_600_000],
    ["30s", 30_000],
    ["0m", 0],
    [" 5m ", 300_000],
    ["20 m", 1_200_000],
    ["104w", 62_899_200_000], // two years
    ["732d", 63_244_800_000], // the most: two leap years
    ["733d", null],
    ["63244800s", 63_244_800_000], // 732 days in seconds: eight digits
    ["63244801s", null],
    ["105w", null],
    ["999999999s", null],
    ["5", null],
    ["m", null],
    ["", null],
    ["-1d", null],
    ["+1d", null],
    ["1.5h", null],
    ["20M", null],
    ["3y", null],
    ["800d", null],
    ["abc", null],
    ["1d2h", null],
  ])("%j → %s", (text, ms) => {
    expect(parseAfter(text)).toBe(ms);
  });
});

describe("parseDelay keeps the unit (days and weeks follow the wall clock)", () => {
  it.each([
    ["3d", { n: 3, unit: "d" }],
    ["72h", { n: 72, unit: "h" }],
    ["1w", { n: 1, unit: "w" }],
    ["x", null],
  ])("%j → %j", (text, delay) => {
    expect(parseDelay(text)).toEqual(delay);
  });
});

describe("formatAfter", () => {
  it.each([
    [1_200_000, "20m"],
    [259_200_000, "3d"],
    [1_209_600_000, "2w"],
    [90_000, "90s"],
    [3_600_000, "1h"],
    [86_400_000, "1d"],
    [31_449_600_000, "52w"],
    [0, "0s"],
    [1_500, "2s"], // not a whole second: rounded
  ])("%i → %s", (ms, text) => {
    expect(formatAfter(ms)).toBe(text);
  });

  it.each(["20m", "18h", "3d", "2w", "90s"])("round-trips %s", (text) => {
    expect(formatAfter(parseAfter(text)!)).toBe(text);
  });
});
