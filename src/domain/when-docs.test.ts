// The date phrases the docs promise reps — README's list and the table in docs/reps.md —
// all read as dates, and those listed as "not read" are refused.
import readme from "../../README.md?raw";
import repGuide from "../../docs/reps.md?raw";
import { describe, expect, it } from "vitest";
import { mayStartDate, readWhen } from "./when";

// Monday Mar 22 2027, 10:00 in New York: no listed holiday passed within the last 30 days.
const NOW = Date.parse("2027-03-22T14:00:00Z");
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

function promises(doc: string, heading: string) {
  const from = doc.indexOf(heading);
  const section = doc.slice(from, doc.indexOf("\n#", from + heading.length));
  const [listed = "", refused = ""] = section.split("Not read on purpose");
  // The phrases: README's bullets, or the second column of the guide's table.
  const lines = listed.split("\n").filter((l) => /^- [a-z]/.test(l) || (/^\| [a-z]/.test(l) && !l.startsWith("| kind")));
  const phrases = lines.flatMap((l) => ticked(l.startsWith("|") ? (l.split("|")[2] ?? "") : l.slice(l.indexOf(":") + 1))).filter((p) => p !== "today");
  return { phrases, refused: ticked(refused) };
}

describe.each([
  ["README.md", promises(readme, "### Dates `later` understands")],
  ["docs/reps.md", promises(repGuide, "## Dates `later` understands")],
])("%s: dates later understands", (_, { phrases, refused }) => {
  it("lists many phrases", () => {
    expect(phrases.length).toBeGreaterThan(80);
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });
  it.each(phrases)("%j reads as a date", (phrase) => {
    expect(readWhen(phrase, NOW, "America/New_York")).toMatchObject({ ok: true });
    expect(mayStartDate(phrase.split(" ")[0]!)).toBe(true);
  });
  it.each(refused)("%j is refused", (phrase) => {
    expect(readWhen(phrase, NOW, "America/New_York")).toMatchObject({ ok: false });
  });
});

it("README and the rep guide list the same phrases", () => {
  expect(promises(readme, "### Dates `later` understands").phrases).toEqual(promises(repGuide, "## Dates `later` understands").phrases);
});
