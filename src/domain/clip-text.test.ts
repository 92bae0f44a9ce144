import { describe, expect, it } from "vitest";
import { clipText, clipWords } from "./clip-text";

describe("clipText", () => {
  it.each<[string, string, number, string]>([
    ["fits: unchanged", "Hi Jane", 10, "Hi Jane"],
    ["exactly the limit: unchanged", "x".repeat(10), 10, "x".repeat(10)],
    ["too long: clipped with ...", "x".repeat(11), 10, `${"x".repeat(7)}...`],
    // An emoji is two UTF-16 units, as Twilio's limit counts it: 6 emoji are 12 units.
    ["emoji count two each", "😀".repeat(6), 10, `${"😀".repeat(3)}...`],
    ["never half an emoji", `xx${"😀".repeat(5)}`, 10, `xx${"😀".repeat(2)}...`],
    ["never half an emoji sequence (a family, skin tones)", `a👨‍👩‍👧${"b".repeat(10)}`, 10, "a..."],
    ["a skin tone stays with its hand", `${"👍🏽".repeat(3)}`, 10, "👍🏽..."],
    ["no space before the ...", "2nd floor display model", 21, "2nd floor display..."],
  ])("%s", (_what, text, max, clipped) => {
    expect(clipText(text, max)).toBe(clipped);
    expect(clipText(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe("clipWords: at a word's end where one is near", () => {
  it.each<[string, number, string]>([
    ["Thank you for your purchase today", 23, "Thank you for your..."],
    ["Thank you for your purchase today", 22, "Thank you for your..."],
    ["Thank you for your purchase today", 20, "Thank you for..."],
    ["12 piece dining set in oak", 18, "12 piece dining..."],
    ["2nd floor display model", 18, "2nd floor..."],
    ["Supercalifragilisticexpialidocious", 18, "Supercalifragil..."],
    ["fits", 18, "fits"],
  ])("%j in %i → %j", (text, max, clipped) => {
    expect(clipWords(text, max)).toBe(clipped);
  });
});
