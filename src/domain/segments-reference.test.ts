// Beback's segment counter side by side with Twilio's own `sms-segments-calculator` (MIT,
// made by Twilio for this) over a generated corpus of texts at the 70/67 (UCS-2) and
// 160/153 (GSM-7) boundaries, with escape characters, emoji (surrogate pairs, skin tones,
// ZWJ families, flags), accents and line breaks placed across every part boundary.
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { seeded } from "../../test/helpers/random";
import { countSegments, fitSegments } from "./segments";

const twilio = (text: string) => {
  const m = new SegmentedMessage(text);
  return { encoding: m.encodingName, segments: m.segments.length };
};

const GSM_FILL = ["a", "Z", "7", " ", ".", "é", "Ø", "@", "\n"];
const ESCAPES = ["€", "{", "}", "[", "]", "~", "^", "|", "\\"];
const WIDE = ["😍", "👍🏽", "👨‍👩‍👧", "🇺🇸", "é", "’", "✓", "中", "\r\n", "€", "{", "a"];

/** Texts of `length` fill characters with one or two specials put near part boundaries. */
function corpus(): string[] {
  const rand = seeded(8);
  const texts: string[] = [];
  const boundaries = [66, 67, 68, 69, 70, 71, 133, 134, 135, 136, 152, 153, 154, 159, 160, 161, 201, 305, 306, 307, 459, 460];
  for (const at of boundaries) {
    for (const offset of [-2, -1, 0, 1]) {
      const pos = Math.max(0, at + offset);
      // GSM-7 with an escape straddling the boundary.
      const esc = ESCAPES[rand(ESCAPES.length)] ?? "€";
      const fill = (n: number) => Array.from({ length: n }, () => GSM_FILL[rand(GSM_FILL.length)]).join("");
      texts.push(fill(pos) + esc + fill(rand(170)));
      // UCS-2 with an emoji (or other wide grapheme) at the boundary.
      const wide = WIDE[rand(WIDE.length)] ?? "😍";
      texts.push(`${fill(pos)}${wide}${fill(rand(80))}’`);
      texts.push(`’${fill(pos)}${wide}${wide}${fill(rand(10))}`);
    }
  }
  // Whole texts of one repeated special: every part boundary falls on or next to one.
  for (const special of [...ESCAPES, ...WIDE]) {
    for (const n of [33, 34, 35, 36, 66, 67, 68, 69, 70, 71, 76, 77, 80, 81, 100, 160]) texts.push(special.repeat(n));
    for (const n of [1, 2, 3]) texts.push(`${"a".repeat(153 * n - 1)}${special}${"b".repeat(rand(200))}`);
    for (const n of [1, 2, 3]) texts.push(`${"😀".repeat(33 * n)}${special}${"c".repeat(rand(70))}`);
  }
  // Random mixtures.
  for (let i = 0; i < 200; i++) {
    const pool = i % 2 === 0 ? [...GSM_FILL, ...ESCAPES] : [...GSM_FILL, ...ESCAPES, ...WIDE];
    texts.push(Array.from({ length: 1 + rand(480) }, () => pool[rand(pool.length)]).join(""));
  }
  return texts;
}

describe("countSegments agrees with Twilio's sms-segments-calculator", () => {
  const texts = corpus();

  it("over a corpus of several hundred texts at the 70/67/160/153 boundaries", () => {
    expect(texts.length).toBeGreaterThan(600);
    const disagreements = texts
      .map((text) => ({ text, ours: countSegments(text), theirs: twilio(text) }))
      .filter(({ ours, theirs }) => ours.encoding !== theirs.encoding || ours.segments !== theirs.segments)
      .map(({ text, ours, theirs }) => ({ length: text.length, head: JSON.stringify(text.slice(0, 20)), ours, theirs }));
    expect(disagreements).toEqual([]);
  });

  it.each([
    ["a 306-character text with € at 153 is 3 segments", `${"a".repeat(152)}€${"a".repeat(153)}`, 3],
    ["emoji across the 67 boundary", `${"a".repeat(66)}😍${"a".repeat(60)}`, 2],
    ["emoji across the 134 boundary", `${"a".repeat(133)}😍${"a".repeat(60)}`, 3],
    ["a skin-toned emoji is never split", `${"a".repeat(65)}👍🏽${"a".repeat(65)}`, 3],
    ["a ZWJ family is never split", `${"b".repeat(62)}👨‍👩‍👧${"c".repeat(62)}`, 3],
  ])("%s", (_name, text, segments) => {
    expect(countSegments(text).segments).toBe(segments);
    expect(twilio(text).segments).toBe(segments);
  });
});

describe("fitSegments keeps a rep's answer within two segments by Twilio's count", () => {
  it.each(corpus().filter((_, i) => i % 3 === 0).map((t) => [t.length, t] as const))("%i units", (_n, text) => {
    const fitted = fitSegments(`✓ Jane #12: ${text}`, 2);
    expect(twilio(fitted).segments).toBeLessThanOrEqual(2);
    expect(countSegments(fitted).segments).toBeLessThanOrEqual(2);
  });
});
