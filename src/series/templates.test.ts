import { describe, expect, it } from "vitest";
import { DEFAULT_SERIES, withFirstContactNotice } from "./default-series";
import { formatAfter, parseAfter } from "./duration";
import { countSegments, fitSegments } from "./segments";
import { renderTemplate, unknownPlaceholders } from "./templates";
import { classifySendFailure, retryDelayMs } from "./twilio-errors";

const VARS = { name: "Jane Doe", product: "leather recliner", rep: "Sam Rivera", store: "Oak & Pine Furniture" };

describe("renderTemplate", () => {
  it.each([
    ["Hi {first_name}!", "Hi Jane!"],
    ["{name} - {product}", "Jane Doe - leather recliner"],
    ["{rep} at {store}", "Sam at Oak & Pine Furniture"],
    ["{ first_name }", "Jane"],
    ["{unknown} stays", "{unknown} stays"],
  ])("%j → %j", (body, text) => {
    expect(renderTemplate(body, VARS)).toBe(text);
  });

  it("says something sensible without a product", () => {
    expect(renderTemplate("Here's the {product} you liked", { ...VARS, product: " " })).toBe("Here's the item you liked");
  });
});

describe("unknownPlaceholders", () => {
  it.each([
    ["Hi {first_name} from {store}", []],
    ["Hi {firstname}", ["firstname"]],
    ["{Name} and {price}", ["Name", "price"]],
    ["no braces", []],
    ["{}", [""]],
  ])("%j → %j", (body, unknown) => {
    expect(unknownPlaceholders(body)).toEqual(unknown);
  });
});

describe("parseAfter / formatAfter", () => {
  it.each([
    ["20m", 1_200_000], ["18h", 64_800_000], ["3d", 259_200_000], ["2w", 1_209_600_000], ["30s", 30_000], ["0m", 0],
    [" 5m ", 300_000], ["5", null], ["-1d", null], ["1.5h", null], ["3y", null], ["800d", null], ["abc", null],
  ])("%j → %s", (text, ms) => {
    expect(parseAfter(text)).toBe(ms);
  });

  it.each([[1_200_000, "20m"], [259_200_000, "3d"], [1_209_600_000, "2w"], [90_000, "90s"]])("%i → %s", (ms, text) => {
    expect(formatAfter(ms)).toBe(text);
  });
});

describe("countSegments", () => {
  it.each([
    ["", "GSM-7", 0, 0],
    ["a".repeat(160), "GSM-7", 160, 1],
    ["a".repeat(161), "GSM-7", 161, 2],
    ["a".repeat(306), "GSM-7", 306, 2],
    ["a".repeat(307), "GSM-7", 307, 3],
    ["€".repeat(80), "GSM-7", 160, 1],
    ["✓ done", "UCS-2", 6, 1],
    ["é".repeat(160), "GSM-7", 160, 1],
    ["😍".repeat(35), "UCS-2", 70, 1],
    ["😍".repeat(36), "UCS-2", 72, 2],
  ])("%j… → %s, %i units, %i segments", (text, encoding, units, segments) => {
    expect(countSegments(text)).toEqual({ encoding, units, segments });
  });
});

describe("the default series", () => {
  it("has seven be-back touches and five after-sale ones, in order", () => {
    expect(DEFAULT_SERIES.beback.map((s) => s.after)).toEqual(["20m", "18h", "3d", "7d", "14d", "30d", "90d"]);
    expect(DEFAULT_SERIES.aftersale.map((s) => s.after)).toEqual(["1d", "1w", "2w", "3w", "52w"]);
    expect(DEFAULT_SERIES.beback[0]?.photo).toBe(true);
  });

  it.each([...DEFAULT_SERIES.beback, ...DEFAULT_SERIES.aftersale].map((s) => [s.after, s.body]))("%s fits one GSM-7 segment", (_after, body) => {
    expect(unknownPlaceholders(body)).toEqual([]);
    const text = renderTemplate(body, VARS);
    expect(countSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("the first text names the store and says how to opt out, in at most two segments", () => {
    const first = withFirstContactNotice(renderTemplate(DEFAULT_SERIES.beback[0]!.body, VARS), VARS.store);
    expect(first).toContain("Oak & Pine Furniture");
    expect(first).toContain("Reply STOP to opt out.");
    expect(countSegments(first).segments).toBeLessThanOrEqual(2);
    expect(withFirstContactNotice("Hi", "Oak")).toBe("Hi - Oak. Reply STOP to opt out.");
  });
});

describe("Twilio failures", () => {
  it.each([
    [429, null, "retry"], [500, 20500, "retry"], [503, null, "retry"], [400, 21610, "optedout"],
    [400, 21211, "undeliverable"], [400, 21614, "undeliverable"], [400, 21606, "failed"], [401, 20003, "failed"], [404, null, "failed"],
  ] as const)("%i / %s → %s", (status, code, verdict) => {
    expect(classifySendFailure(status, code)).toBe(verdict);
  });

  it.each([[1, 60_000], [2, 120_000], [3, 240_000], [5, 960_000], [6, null], [9, null]])("attempt %i → wait %s", (attempt, wait) => {
    expect(retryDelayMs(attempt)).toBe(wait);
  });
});

describe("fitSegments", () => {
  it.each([
    ["short", 2, "short"],
    ["a".repeat(306), 2, "a".repeat(306)],
    ["a".repeat(400), 2, `${"a".repeat(303)}...`],
    [`✓ ${"b".repeat(200)}`, 2, `✓ ${"b".repeat(129)}...`],
    [`${"c".repeat(200)}`, 1, `${"c".repeat(157)}...`],
  ])("%j… in %i segments", (text, max, fitted) => {
    expect(fitSegments(text, max)).toBe(fitted);
    expect(countSegments(fitted).segments).toBeLessThanOrEqual(max);
  });
});
