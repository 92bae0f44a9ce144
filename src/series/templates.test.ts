import { describe, expect, it } from "vitest";
import { renderTemplate, stepContent, unknownPlaceholders } from "./templates";

const VARS = { name: "Jane Doe", product: "leather recliner", rep: "Sam Rivera", store: "Oak & Pine Furniture" };

describe("renderTemplate", () => {
  it.each([
    ["Hi {first_name}!", VARS, "Hi Jane!"],
    ["{name} - {product}", VARS, "Jane Doe - leather recliner"],
    ["{rep} at {store}", VARS, "Sam at Oak & Pine Furniture"], // the rep signs with a first name
    ["{ first_name }", VARS, "Jane"],
    ["{unknown} stays", VARS, "{unknown} stays"],
    ["{{first_name}}", VARS, "{Jane}"],
    ["Hi {first_name" , VARS, "Hi {first_name"], // unbalanced: plain text
    ["  Hi   {first_name},  ", VARS, "Hi Jane,"], // runs of spaces collapse; ends trimmed
    ["Here's the {product} you liked", { ...VARS, product: " " }, "Here's the item you liked"],
    ["see the {product} again", { ...VARS, product: "the Cloud couch" }, "see the Cloud couch again"], // one "the"
    ["The {product}!", { ...VARS, product: "The Cloud couch" }, "The Cloud couch!"],
    ["{product} is in", { ...VARS, product: "the Cloud couch" }, "the Cloud couch is in"], // the rep's words as typed
    ["the {product}", { ...VARS, product: "theater chair" }, "the theater chair"], // a word that starts with the letters
    ["Hi {first_name}, about the {product}", { ...VARS, product: "" }, "Hi Jane, about the item"],
    ["Hi {first_name},", { ...VARS, name: "" }, "Hi there,"],
    ["Hi {first_name},", { ...VARS, name: "  Mary   Ann  Lee " }, "Hi Mary,"],
    // A title goes with the last name, as a greeting does.
    ["Hi {first_name},", { ...VARS, name: "Mr. Lee" }, "Hi Mr. Lee,"],
    ["Hi {first_name},", { ...VARS, name: "Dr Lee" }, "Hi Dr Lee,"],
    ["Hi {first_name},", { ...VARS, name: "mrs Ann Lee" }, "Hi mrs Lee,"],
    ["Hi {first_name},", { ...VARS, name: "Mr." }, "Hi Mr.,"],
    ["Hi {first_name},", { ...VARS, name: "Drew Barry" }, "Hi Drew,"],
    ["For {name}", { ...VARS, name: "  Mary   Ann  " }, "For Mary Ann"],
    ["The {product}", { ...VARS, product: "$& chair $1" }, "The $& chair $1"], // no replacement patterns
    ["{store}", { ...VARS, store: "  Oak  " }, "Oak"],
  ])("%j with %j → %j", (body, vars, text) => {
    expect(renderTemplate(body, vars)).toBe(text);
  });
});

describe("unknownPlaceholders", () => {
  it.each([
    ["Hi {first_name} from {store}", []],
    ["{name} {product} {rep}", []],
    ["Hi {firstname}", ["firstname"]],
    ["{Name} and {price}", ["Name", "price"]], // case matters
    ["{price} {price}", ["price"]], // each once
    ["{ first_name }", []],
    ["no braces", []],
    ["{}", [""]],
    ["Hi {first_name", []], // unbalanced braces are text
  ])("%j → %j", (body, unknown) => {
    expect(unknownPlaceholders(body)).toEqual(unknown);
  });
});

describe("stepContent: words about the photo only with the photo", () => {
  const both = { body: "Thanks for coming in", photo: true, bodyWithPhoto: "Here it is" };
  it.each([
    ["photo step, lead has a photo", both, "https://m/1", "Here it is", ["https://m/1"]],
    ["photo step, no photo", both, null, "Thanks for coming in", []],
    ["photo step without a variant, photo", { body: "Hi", photo: true }, "https://m/1", "Hi", ["https://m/1"]],
    ["photo step without a variant, no photo", { body: "Hi", photo: true }, null, "Hi", []],
    ["not a photo step, lead has a photo", { body: "Hi", bodyWithPhoto: "Here" }, "https://m/1", "Hi", []],
  ])("%s", (_what, step, photoUrl, template, media) => {
    expect(stepContent(step, photoUrl)).toEqual({ template, media });
  });
});
