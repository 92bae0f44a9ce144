import { describe, expect, it } from "vitest";
import { countSegments } from "../series/segments";
import { HELP_TEXT, helpFor, type CommandName } from "./help-text";

describe("help", () => {
  it("lists every command in at most two GSM-7 segments", () => {
    expect(countSegments(HELP_TEXT)).toMatchObject({ encoding: "GSM-7" });
    expect(countSegments(HELP_TEXT).segments).toBeLessThanOrEqual(2);
    for (const word of ["new", "@Jane", "list", "sold", "lost", "later", "note", "fix", "undo", "away", "back", "digest", "help"]) expect(HELP_TEXT).toContain(word);
  });

  it.each<CommandName>(["new", "list", "sold", "lost", "later", "note", "undo", "fix", "away", "back", "digest", "help", "reply"])("help %s fits one segment", (topic) => {
    expect(countSegments(helpFor(topic))).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });
});
