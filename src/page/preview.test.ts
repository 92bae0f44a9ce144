import { describe, expect, it } from "vitest";
import { markUcs2, MMS_PRICE, placeholderFault, previewStep, replaceLookalikes, ucs2Characters } from "./preview";

describe("previewStep", () => {
  it.each([
    // body, encoding, segments, cost per 100 at $0.0083
    ["Hi {first_name}, the {product} is in.", "GSM-7", 1, 0.83],
    ["Hi {first_name} 😍 the {product} is in.", "UCS-2", 1, 0.83],
    ["a".repeat(100), "GSM-7", 1, 0.83],
    ["a".repeat(100) + "😍", "UCS-2", 2, 1.66], // one emoji: 102 units, two UCS-2 parts
    ["a".repeat(161), "GSM-7", 2, 1.66],
    ["It’s {product}", "UCS-2", 1, 0.83],
  ])("%j → %s, %i segment(s), $%d per 100", (body, encoding, segments, cost) => {
    const p = previewStep(body, "Oak & Pine", 0.0083);
    expect([p.encoding, p.segments, p.costPer100]).toEqual([encoding, segments, cost]);
  });

  it("renders with the sample lead and the store", () => {
    const p = previewStep("Hi {first_name}, {rep} at {store} about the {product}.", "Oak & Pine", 0.0083);
    expect(p.text).toBe("Hi Jane, Sam at Oak & Pine about the blue recliner.");
    expect(p.unknown).toEqual([]);
  });

  it("adds the first-contact opt-out line to a number's first text, and counts it", () => {
    const body = `Hi {first_name}, ${"a".repeat(120)}`;
    expect(previewStep(body, "Oak & Pine", 0.0083).segments).toBe(1);
    const first = previewStep(body, "Oak & Pine", 0.0083, true);
    expect(first.text).toMatch(/STOP/);
    expect(first.segments).toBe(2);
  });

  it("shows words too long for one message cut as the customer gets them, the notice kept whole", () => {
    const body = `Hi {first_name}, ${Array.from({ length: 340 }, (_, i) => `w${i}`).join(" ")} END`;
    const first = previewStep(body, "Oak & Pine", 0.0083, true);
    expect(first.text.length).toBeLessThanOrEqual(1600);
    expect(first.text).toMatch(/\.\.\. - Oak & Pine\. Reply STOP to opt out\.$/);
    expect(first.text).not.toMatch(/END/);
    const later = previewStep(`${"a".repeat(1590)} {product}`, "Oak & Pine", 0.0083);
    expect(later.text.length).toBeLessThanOrEqual(1600);
    expect(later.text).toMatch(/\.\.\.$/);
  });

  it.each([
    // body, first contact: words with the photo go as one MMS, priced per message (Twilio's US $0.022)
    ["Hi {first_name}, here's the {product}.", false],
    ["a".repeat(300) + "😍", false],
    [`Hi {first_name}, ${"a".repeat(150)}`, true],
  ])("%j with the photo (first contact: %s) is one MMS: $2.20 per 100, whatever its segments", (body, first) => {
    const p = previewStep(body, "Oak & Pine", 0.0083, first, true);
    expect(p.costPer100).toBe(2.2);
    expect(p.costPer100).toBe(Math.round(MMS_PRICE * 100 * 100) / 100);
    expect(previewStep(body, "Oak & Pine", 0.0083, first).costPer100).not.toBe(2.2); // as an SMS, by its segments
  });

  it("names unknown placeholders and the characters forcing UCS-2", () => {
    const p = previewStep("Hi {fristname} — 😍 {first_name}", "S", 0.01);
    expect(p.unknown).toEqual(["fristname"]);
    expect(p.ucs2Chars).toEqual(["—", "😍"]);
  });
});

describe("ucs2Characters / markUcs2", () => {
  it.each([
    ["plain text", []],
    ["€ and é are GSM-7", []],
    ["“quoted” – dash", ["“", "”", "–"]],
    ["👍👍", ["👍"]],
    ["a 🛋\ufe0f sofa", ["🛋\ufe0f"]],
    ["👍🏽 and 👨‍👩‍👧", ["👍🏽", "👨‍👩‍👧"]],
  ])("%j → %j", (text, chars) => {
    expect(ucs2Characters(text)).toEqual(chars);
  });

  it("splits into runs", () => {
    expect(markUcs2("ab😍😍c")).toEqual([
      { text: "ab", ucs2: false },
      { text: "😍😍", ucs2: true },
      { text: "c", ucs2: false },
    ]);
  });
});

describe("replaceLookalikes", () => {
  it.each([
    ["It’s “here” – now…", `It's "here" - now...`],
    ["a\u00A0b\u200Bc", "a bc"],
    ["😍 stays", "😍 stays"],
  ])("%j → %j", (from, to) => {
    expect(replaceLookalikes(from)).toBe(to);
  });
});

describe("placeholderFault: the server's reason, after which words", () => {
  it.each([
    ["Step 2", "Hi {fristname}", "Step 2 uses {fristname}, which is not a placeholder (use {first_name}, {name}, {product}, {rep}, {store})."],
    ["Step 1", "{a} and {b}", "Step 1 uses {a}, {b}, which are not placeholders (use {first_name}, {name}, {product}, {rep}, {store})."],
    ["Step 1's text with the photo", "Here is {pic}", "Step 1's text with the photo uses {pic}, which is not a placeholder (use {first_name}, {name}, {product}, {rep}, {store})."],
    // A brace with no placeholder around it is named as written, not as "{{first_name}".
    ["Step 1", "Hi {first_name D", 'Step 1 has a { or } that is not part of a placeholder: "{first_name" (write a placeholder as {first_name}, {name}, {product}, {rep}, {store}, with no other braces).'],
    ["Step 3", "Hi {first_name}!", undefined],
  ])("%s %j", (words, body, message) => {
    expect(placeholderFault(words, body)).toBe(message);
  });
});
