// The README's table of date phrases is a promise to reps: every phrase it lists reads as
// a date, and every phrase it lists as "not read" is refused.
import readme from "../../README.md?raw";
import { describe, expect, it } from "vitest";
import { readWhen } from "./when";

// Monday Mar 22 2027, 10:00 in New York: no listed holiday passed within the last 30 days.
const NOW = Date.parse("2027-03-22T14:00:00Z");
const section = readme.slice(readme.indexOf("### Dates `later` understands"), readme.indexOf("## The owner's page"));
const phrasesColumn = section
  .split("\n")
  .filter((line) => /^\| [a-z]/.test(line) && !line.startsWith("| kind"))
  .map((line) => line.split("|")[2] ?? "");
const listed = phrasesColumn.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
const refused = [...(section.split("Not read on purpose")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe("README: dates later understands", () => {
  it("lists many phrases", () => {
    expect(listed.length).toBeGreaterThan(80);
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });
  it.each(listed.filter((p) => p !== "today"))("%j reads as a date", (phrase) => {
    expect(readWhen(phrase, NOW, "America/New_York")).toMatchObject({ ok: true });
  });
  it.each(refused)("%j is refused", (phrase) => {
    expect(readWhen(phrase, NOW, "America/New_York")).toMatchObject({ ok: false });
  });
});
