import { describe, expect, it } from "vitest";
import { countSegments } from "./segments";
import { HELP_TEXT, helpFor, type HelpTopic } from "./help-text";
import { readWhen } from "./when";

describe("help", () => {
  it("lists every command in at most two GSM-7 segments", () => {
    expect(countSegments(HELP_TEXT)).toMatchObject({ encoding: "GSM-7" });
    expect(countSegments(HELP_TEXT).segments).toBeLessThanOrEqual(2);
    for (const word of ["new", "@Jane", "list", "sold", "lost", "later", "note", "fix", "undo", "away", "back", "digest", "help"]) expect(HELP_TEXT).toContain(word);
  });

  it.each<HelpTopic>(["new", "list", "sold", "lost", "later", "note", "undo", "fix", "away", "back", "digest", "help", "reply"])("help %s fits one segment", (topic) => {
    expect(countSegments(helpFor(topic))).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it("help dates fits two segments", () => {
    expect(countSegments(helpFor("dates"))).toMatchObject({ encoding: "GSM-7" });
    expect(countSegments(helpFor("dates")).segments).toBeLessThanOrEqual(2);
  });

  // Monday Nov 23 2026 10:00 in New York; every phrase help shows must read as a date.
  const now = Date.parse("2026-11-23T15:00:00Z");
  const examples = (text: string) =>
    text
      .slice(text.indexOf(":") + 1)
      .replace(/^.*?E\.g\. /, "")
      .replace(/\. More: help dates$/, "")
      .split(/, /)
      .map((s) => s.replace(/ \(.*\)$/, "").trim());

  it.each([...examples(helpFor("dates")), ...examples(helpFor("later"))])("the date %j shown by help reads as a date", (phrase) => {
    expect(readWhen(phrase, now, "America/New_York")).toMatchObject({ ok: true });
  });

  it("help dates names what a rep expects", () => {
    for (const phrase of ["next friday", "the 15th", "2 weeks", "mid june", "end of month", "after christmas", "a few days"]) expect(helpFor("dates")).toContain(phrase);
  });
});
