import { describe, expect, it } from "vitest";
import { capitalized, firstName, nameForCustomer } from "./lead-tag";

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

describe("nameForCustomer", () => {
  it.each([
    ["mary ann", "Mary Ann"],
    ["zoë o'brien-núñez", "Zoë O'Brien-Núñez"],
    ["jane", "Jane"],
    ["Maria de la Cruz", "Maria de la Cruz"], // a capital anywhere: as typed
    ["McKay", "McKay"],
    ["jean-luc o’neil", "Jean-Luc O’Neil"],
    ["mike's wife", "Mike's Wife"],
  ])("%j → %j", (name, shown) => {
    expect(nameForCustomer({ name, source: "rep" })).toBe(shown);
    expect(capitalized(name)).toBe(shown);
  });

  it("an inbound lead not yet named has no name for the texts", () => {
    expect(nameForCustomer({ name: "Customer 0102", source: "inbound" })).toBe("");
  });
});
