import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { fitsOneText, Name, printable } from "./schemas";

const FAMILY = "👩‍👩‍👧"; // one character on screen, 8 UTF-16 units

describe("Name: 1–80 characters as a reader counts them, at most 200 as a text does", () => {
  it.each([
    ["a name", "Sam Rivera", true],
    ["41 emoji (82 UTF-16 units)", "😀".repeat(41), true],
    ["80 emoji", "😀".repeat(80), true],
    ["25 family emoji (200 units)", FAMILY.repeat(25), true],
    ["80 e's with a combining accent", "é".normalize("NFD").repeat(80), true],
    ["80 letters", "a".repeat(80), true],
    ["81 letters", "a".repeat(81), false],
    ["81 emoji", "😀".repeat(81), false],
    ["81 family emoji", FAMILY.repeat(81), false],
    ["spaces", "  ", false],
  ])("%s → %s", (_what, name, ok) => {
    const result = v.safeParse(Name, name);
    expect(result.success).toBe(ok);
    if (!ok && name.trim()) expect(result.issues?.[0]?.message).toBe("must be at most 80 characters");
  });

  const TOO_LONG = "must be at most 200 characters as a text counts them (an emoji counts as 2 or more, an accent as 1)";
  const ONE_LINE = "must be one line of printable characters";
  const INVISIBLE = "must have a letter, digit or symbol a reader can see";
  it.each([
    ["26 family emoji (208 units)", FAMILY.repeat(26), [TOO_LONG]],
    ["80 letters under 1,500 accents each (120,080 units)", ("A" + "\u0301".repeat(1500)).repeat(80), [TOO_LONG]],
    ["a line separator (U+2028)", "Oak\u2028Pine", [ONE_LINE]],
    ["a paragraph separator (U+2029)", "Sam\u2029Rivera", [ONE_LINE]],
    ["only a zero-width space", "\u200b", [INVISIBLE]],
    ["only joiners and marks", "\u200d\u200e\u2060", [INVISIBLE]],
    ["England's flag (tag characters)", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} Sofas", []],
    ["a name in Hebrew with its mark", "שרה\u200f", []],
    ["a name in digits", "42", []],
  ])("%s → %j", (_what, name, issues) => {
    expect(v.safeParse(Name, name).issues?.map((i) => i.message) ?? []).toEqual(issues);
  });
});

describe("fitsOneText: at most 1600 characters as Twilio counts them (UTF-16 units)", () => {
  const schema = v.pipe(v.string(), fitsOneText);
  it.each([
    ["1600 letters", "a".repeat(1600), true],
    ["800 emoji (1600 units)", "😀".repeat(800), true],
    ["1601 letters", "a".repeat(1601), false],
    ["801 emoji (1602 units: Twilio's 21617)", "😀".repeat(801), false],
    ["1599 letters and an emoji", "a".repeat(1599) + "😀", false],
  ])("%s → %s", (_what, body, ok) => {
    const result = v.safeParse(schema, body);
    expect(result.success).toBe(ok);
    if (!ok) expect(result.issues?.[0]?.message).toBe("must be at most 1600 characters as a text counts them (an emoji counts as 2 or more)");
  });
});

describe("hidden characters in names and words the owner types", () => {
  it.each([
    ["a right-to-left override (shows 'evil' as 'live')", "Ev\u202eil", false],
    ["a left-to-right override", "\u202dSam", false],
    ["an isolate or an embedding (right-to-left writing), as a store named before may hold", "\u202bחנות רהיטים\u202c \u2066Sam\u2069", true],
    ["a NUL", "Sam\u0000", false],
    ["a family emoji (joiners)", FAMILY, true],
    ["a right-to-left mark", "שרה\u200f", true],
  ])("%s", (_what, name, ok) => {
    expect(v.safeParse(Name, name).success).toBe(ok);
    expect(v.safeParse(v.pipe(v.string(), printable), name).success).toBe(ok);
  });
});
