import { describe, expect, it } from "vitest";
import { renderTemplate, stepContent, templateFaultMessage, templateFaults, unknownPlaceholders } from "./templates";

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
    // A possessive or determiner before {product} takes the place of the product's own "the".
    ["It's been a year with your {product} - how is it?", { ...VARS, product: "the Cloud couch" }, "It's been a year with your Cloud couch - how is it?"],
    ["Your {product}", { ...VARS, product: "The Cloud couch" }, "Your Cloud couch"],
    ["my {product}", { ...VARS, product: "the Cloud couch" }, "my Cloud couch"],
    ["our {product}", { ...VARS, product: "the Cloud couch" }, "our Cloud couch"],
    ["this {product}", { ...VARS, product: "the Cloud couch" }, "this Cloud couch"],
    ["THAT {product}", { ...VARS, product: "the Cloud couch" }, "THAT Cloud couch"],
    ["your {product}", { ...VARS, product: "theater chair" }, "your theater chair"],
    // The product typed with its own article or possessive: no "the a sectional".
    ["see the {product}!", { ...VARS, product: "a sectional" }, "see the sectional!"],
    ["see the {product}!", { ...VARS, product: "An ottoman" }, "see the ottoman!"],
    ["see the {product}!", { ...VARS, product: "her recliner" }, "see the recliner!"],
    ["see the {product}!", { ...VARS, product: "Tom's recliner" }, "see the recliner!"],
    ["see the {product}!", { ...VARS, product: "Tom’s recliner" }, "see the recliner!"],
    ["your {product}", { ...VARS, product: "my recliner" }, "your recliner"],
    ["see the {product}!", { ...VARS, product: "armchair" }, "see the armchair!"], // starts with the letters only
    ["see the {product}!", { ...VARS, product: "a" }, "see the a!"], // nothing after it: kept
    ["{product} is in", { ...VARS, product: "a sectional" }, "a sectional is in"], // no determiner before: as typed
    ["your {product}", { ...VARS, product: "" }, "your item"],
    // Only a whole word: "tour", "thus", "with" keep the product as typed.
    ["a tour {product}", { ...VARS, product: "the Cloud couch" }, "a tour the Cloud couch"],
    ["with {product}", { ...VARS, product: "the Cloud couch" }, "with the Cloud couch"],
    ["see {product}", { ...VARS, product: "the Cloud couch" }, "see the Cloud couch"],
    ["your{product}", { ...VARS, product: "the Cloud couch" }, "yourthe Cloud couch"], // no space: not a word before it
    ["Hi {first_name}, about the {product}", { ...VARS, product: "" }, "Hi Jane, about the item"],
    ["Hi {first_name},", { ...VARS, name: "" }, "Hi there,"],
    ["Hi {first_name},", { ...VARS, name: "  Mary   Ann  Lee " }, "Hi Mary,"],
    // A title goes with the last name, as a greeting does.
    ["Hi {first_name},", { ...VARS, name: "Mr. Lee" }, "Hi Mr. Lee,"],
    ["Hi {first_name},", { ...VARS, name: "Dr Lee" }, "Hi Dr Lee,"],
    // A rep with a title signs as one: "it's Dr. Lee", not "it's Dr.".
    ["it's {rep}", { ...VARS, rep: "Dr. Lee" }, "it's Dr. Lee"],
    ["it's {rep}", { ...VARS, rep: "Sam Rivera" }, "it's Sam"],
    ["it's {rep}", { ...VARS, rep: "" }, "it's"],
    ["Hi {first_name},", { ...VARS, name: "mrs Ann Lee" }, "Hi mrs Lee,"],
    ["Hi {first_name},", { ...VARS, name: "Mr." }, "Hi Mr.,"],
    ["Hi {first_name},", { ...VARS, name: "Drew Barry" }, "Hi Drew,"],
    ["For {name}", { ...VARS, name: "  Mary   Ann  " }, "For Mary Ann"],
    ["The {product}", { ...VARS, product: "$& chair $1" }, "The $& chair $1"], // no replacement patterns
    ["{store}", { ...VARS, store: "  Oak  " }, "Oak"],
    // A value that ends a sentence with its own full stop: one, not two.
    ["it's {rep} at {store}. Thanks", { ...VARS, store: "Oak & Pine Co." }, "it's Sam at Oak & Pine Co. Thanks"],
    ["Hi {first_name}.", { ...VARS, name: "Mr." }, "Hi Mr."],
    ["at {store}, {store}!", { ...VARS, store: "Oak Co." }, "at Oak Co., Oak Co.!"],
    ["it's {rep} at {store}. Thanks", { ...VARS, store: "Sofa Land!" }, "it's Sam at Sofa Land! Thanks"],
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
    // Braces that are part of no placeholder: the text around them, as written (the page flags them too).
    ["Hi {first_name", ["{first_name"]],
    ["{{name}}", ["{{name}}"]],
    ["Hi {price and {store}", ["{price"]],
  ])("%j → %j", (body, unknown) => {
    expect(unknownPlaceholders(body)).toEqual(unknown);
  });
});

describe("templateFaults: every { or } that is not part of a known placeholder", () => {
  it.each([
    ["Hi {first_name}, it's {rep} at {store}: the {product}, for {name}", [], []],
    ["{ first_name } and {\tstore\n}", [], []], // spaces inside the braces are forgiven: it renders
    ["no braces at all", [], []],
    ["Hi {fristname}", ["fristname"], []],
    ["{}", [""], []],
    ["{{name}}", [], ["{{name}}"]], // renders "{Jane}"
    ["Hi {{first_name}}!", [], ["{{first_name}}!"]],
    ["Hi {first_name D", [], ["{first_name"]], // never closed
    ["Hi {first_name, see you", [], ["{first_name,"]],
    ["Hi first_name}, see you", [], ["first_name},"]], // never opened
    ["Call us } today", [], ["}"]],
    ["{", [], ["{"]],
    ["}{", [], ["}{"]],
    ["{store}}", [], ["{store}}"]],
    ["{{store}", [], ["{{store}"]],
    ["Hi {fristname} {first_name", ["fristname"], ["{first_name"]],
    ["} and } again", [], ["}"]], // the same text once
    [`x{${"a".repeat(40)}`, [], [`x{${"a".repeat(20)}`]], // at most 20 characters either side
  ])("%j → unknown %j, stray %j", (body, unknown, stray) => {
    expect(templateFaults(body)).toEqual({ unknown, stray });
  });
});

describe("templateFaultMessage: what the owner reads on a refused save", () => {
  const use = "(use {first_name}, {name}, {product}, {rep}, {store})";
  const write = "(write a placeholder as {first_name}, {name}, {product}, {rep}, {store}, with no other braces)";
  it.each([
    ["Hi {first_name}", null],
    ["{ first_name }", null],
    ["Hi {fristname}", `uses {fristname}, which is not a placeholder ${use}`],
    ["{Name} and {price}", `uses {Name}, {price}, which are not placeholders ${use}`],
    ["Hi {first_name D", `has a { or } that is not part of a placeholder: "{first_name" ${write}`],
    ["Hi {{name}}", `has a { or } that is not part of a placeholder: "{{name}}" ${write}`],
    ["Call us } today", `has a { or } that is not part of a placeholder: "}" ${write}`],
    ["{x} and }", `uses {x}, which is not a placeholder; it has a { or } that is not part of a placeholder: "}" ${write}`],
  ])("%j → %j", (body, message) => {
    expect(templateFaultMessage(body)).toBe(message);
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
