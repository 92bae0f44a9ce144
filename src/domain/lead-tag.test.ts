import { describe, expect, it } from "vitest";
import { firstName } from "./lead-tag";

describe("firstName", () => {
  it.each([
    ["Jane Doe", "Jane"],
    ["Jane", "Jane"],
    ["Mary Ann Lee", "Mary"],
    ["Customer 0102", "Customer"],
    ["José García", "José"],
    ["Jean-Luc O’Neil", "Jean-Luc"],
    ["Sam  Rivera", "Sam"],
    ["Sam\u00a0Rivera", "Sam"],
    ["Sam\tRivera", "Sam"],
    ["  Jane Doe  ", "Jane"],
    ["Dr. Lee", "Dr."],
    ["", ""],
    ["   ", ""],
  ])("%j → %j", (name, first) => {
    expect(firstName(name)).toBe(first);
  });
});
