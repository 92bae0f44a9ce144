import { describe, expect, it } from "vitest";
import { plainText } from "./plain-text";

describe("plainText", () => {
  it.each([
    ["plain words", "Is it in blue?", "Is it in blue?"],
    ["line breaks and tabs kept", "line one\nline two\r\n\tthree", "line one\nline two\r\n\tthree"],
    ["a NUL and an escape sequence out", "nul\u0000here \u001b[31mred", "nulhere [31mred"],
    ["C1 controls and DEL out", "a\u0085b\u007fc", "abc"],
    ["a right-to-left override out (its closing pop is harmless)", "Ev\u202eil\u202c", "Evil\u202c"],
    ["isolates and embeddings kept (right-to-left writing; no letter reversed)", "\u2067שרה\u2069 \u202bא\u202c", "\u2067שרה\u2069 \u202bא\u202c"],
    ["a left-to-right override out", "a\u202dbc", "abc"],
    ["noncharacters out", "a\uffffb\ufffe", "ab"],
    ["an emoji's joiner kept", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"],
    ["right-to-left marks kept", "שלום\u200f!", "שלום\u200f!"],
    ["a lone surrogate shown as U+FFFD", "a\ud800b", "a\ufffdb"],
  ])("%s", (_, text, plain) => {
    expect(plainText(text)).toBe(plain);
  });
});
