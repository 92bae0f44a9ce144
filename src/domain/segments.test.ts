import { describe, expect, it } from "vitest";
import { countSegments, fitSegments, gsmOnly } from "./segments";

describe("countSegments", () => {
  it.each([
    ["", "GSM-7", 0, 0],
    ["a".repeat(160), "GSM-7", 160, 1],
    ["a".repeat(161), "GSM-7", 161, 2],
    ["a".repeat(306), "GSM-7", 306, 2],
    ["a".repeat(307), "GSM-7", 307, 3],
    ["€".repeat(80), "GSM-7", 160, 1], // extension characters are two septets
    ["€".repeat(81), "GSM-7", 162, 2],
    [`${"a".repeat(152)}€${"a".repeat(152)}`, "GSM-7", 306, 3], // an escape pair is not split across parts
    ["{x} [y] ~|^\\", "GSM-7", 20, 1], // eight extension characters, four basic
    ["line\nbreak\r\n", "GSM-7", 12, 1],
    ["Oak & Pine - Reply STOP", "GSM-7", 23, 1],
    ["é".repeat(160), "GSM-7", 160, 1],
    ["✓ done", "UCS-2", 6, 1],
    ["It’s here", "UCS-2", 9, 1], // a curly apostrophe turns the whole text UCS-2
    ["a".repeat(70) + "’", "UCS-2", 71, 2],
    ["😍".repeat(35), "UCS-2", 70, 1], // an emoji is two UTF-16 units
    ["😍".repeat(36), "UCS-2", 72, 2],
    ["😍".repeat(67), "UCS-2", 134, 3], // 33 emoji a part: a surrogate pair is not split
  ])("%j… → %s, %i units, %i segments", (text, encoding, units, segments) => {
    expect(countSegments(text)).toEqual({ encoding, units, segments });
  });
});

describe("gsmOnly", () => {
  it.each([
    ["Jane Doe (recliner)", "Jane Doe (recliner)"],
    ["Zoë", "Zoe"],
    ["José Núñez", "José Nuñez"], // é and ñ are GSM-7; ú is not
    ["recliner 🛋️ in blue, $1,299", "recliner in blue, $1,299"],
    ["€5 off [today]", "€5 off [today]"],
    ["😍", ""],
    // A phone's curly apostrophe and dash are their plain twins, not dropped (rep audit: "Don...").
    ["Don’t forget – the “blue” one…", `Don't forget - the "blue" one...`],
    ["O’Brien", "O'Brien"],
  ])("%j → %j", (text, gsm) => {
    expect(gsmOnly(text)).toBe(gsm);
    expect(countSegments(gsm || "x").encoding).toBe("GSM-7");
  });
});

describe("fitSegments", () => {
  it.each([
    ["short", 2, "short"],
    ["a".repeat(306), 2, "a".repeat(306)],
    ["a".repeat(400), 2, `${"a".repeat(303)}...`],
    [`✓ ${"b".repeat(200)}`, 2, `✓ ${"b".repeat(129)}...`],
    [`${"c".repeat(200)}`, 1, `${"c".repeat(157)}...`],
    // Cut at the end of a word near the limit, not inside it ("instea...").
    [`${"d".repeat(150)} instead of this`, 1, `${"d".repeat(150)}...`],
    [`${"d".repeat(149)} instead of this`, 1, `${"d".repeat(149)} instead...`],
  ])("%j… in %i segments", (text, max, fitted) => {
    expect(fitSegments(text, max)).toBe(fitted);
    expect(countSegments(fitted).segments).toBeLessThanOrEqual(max);
  });

  it("cuts a UCS-2 answer at a word's end (an answer naming Zoë)", () => {
    const text = "Can't undo later Zoë #12: Zoë opted out of texts since, and undo would overwrite that. Nothing changed. Text the command you want instead.";
    const fitted = fitSegments(text, 2);
    expect(countSegments(fitted).segments).toBeLessThanOrEqual(2);
    const kept = fitted.slice(0, -3);
    expect(text.startsWith(kept)).toBe(true);
    expect(text[kept.length]).toBe(" ");
    expect(kept.length).toBeGreaterThan(110);
  });

  it("keeps a tail whole, cutting the text before it", () => {
    expect(fitSegments("short", 1, " Then this.")).toBe("short Then this.");
    const fitted = fitSegments(`✓ ${"b".repeat(200)}.`, 2, " First text today 7:19am.");
    expect(fitted).toBe(`✓ ${"b".repeat(104)}... First text today 7:19am.`);
    expect(countSegments(fitted).segments).toBe(2);
  });
});
