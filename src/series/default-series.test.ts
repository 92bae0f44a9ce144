import { describe, expect, it } from "vitest";
import { withFirstContactNotice } from "../domain/first-contact";
import { DEFAULT_SERIES } from "./default-series";
import { parseAfter } from "./duration";
import { countSegments } from "../domain/segments";
import { renderTemplate, unknownPlaceholders } from "./templates";

// A typical lead, a long one, and one the rep knew nothing about.
const TYPICAL = { name: "Jane Doe", product: "leather recliner", rep: "Sam Rivera", store: "Oak & Pine Furniture" };
const LONG = { name: "Jennifer Martinez", product: "sectional sofa", rep: "Samantha Rivera", store: "Oak & Pine Home Furnishings" };
const BARE = { name: "", product: "", rep: "Sam", store: "Oak & Pine Furniture" };

const STEPS = [
  ...DEFAULT_SERIES.beback.map((s, i) => [`beback ${i} (${s.after})`, s.body] as const),
  ...DEFAULT_SERIES.beback.flatMap((s, i) => (s.bodyWithPhoto ? [[`beback ${i} (${s.after}) with its photo`, s.bodyWithPhoto] as const] : [])),
  ...DEFAULT_SERIES.aftersale.map((s, i) => [`aftersale ${i} (${s.after})`, s.body] as const),
];

describe("the default series", () => {
  it.each([
    ["beback", ["20m", "18h", "3d", "7d", "14d", "30d", "90d"]],
    ["aftersale", ["1d", "1w", "2w", "3w", "52w"]],
  ] as const)("%s runs %j", (key, afters) => {
    const steps = DEFAULT_SERIES[key];
    expect(steps.map((s) => s.after)).toEqual(afters);
    const ms = steps.map((s) => parseAfter(s.after));
    expect(ms.every((t, i) => t !== null && (i === 0 || t > (ms[i - 1] ?? 0)))).toBe(true);
  });

  it("attaches the photo to the first be-back text only", () => {
    expect(DEFAULT_SERIES.beback.map((s) => s.photo === true)).toEqual([true, false, false, false, false, false, false]);
  });

  it("refers to the photo only in the words sent with it", () => {
    for (const step of [...DEFAULT_SERIES.beback, ...DEFAULT_SERIES.aftersale]) {
      expect(step.body).not.toMatch(/here's|photo|pic(ture)?\b/i);
      if (step.bodyWithPhoto) expect(step.photo).toBe(true);
    }
    expect(DEFAULT_SERIES.beback[0]?.bodyWithPhoto).toMatch(/Here's the \{product\}/);
  });

  it.each(STEPS)("%s: known placeholders, opens with the name, names the product sensibly", (_step, body) => {
    expect(unknownPlaceholders(body)).toEqual([]);
    expect(body.startsWith("Hi {first_name}, ")).toBe(true);
    // "the {product}" or "your {product}": reads well with the "item" fallback too
    for (const m of body.matchAll(/(\S+) \{product\}/g)) expect(["the", "your"]).toContain(m[1]);
  });

  it.each(STEPS)("%s: GSM-7 and one segment for typical, long and bare leads", (_step, body) => {
    for (const vars of [TYPICAL, LONG, BARE]) {
      const text = renderTemplate(body, vars);
      expect(countSegments(text), text).toMatchObject({ encoding: "GSM-7", segments: 1 });
      expect(text.length).toBeLessThanOrEqual(160);
    }
  });

  it.each(STEPS)("%s: warm, not pushy, with a reason to reply", (_step, body) => {
    expect(body).not.toMatch(/\b[A-Z]{2,}\b/); // no caps (and no opt-out line: it is appended once)
    expect(body).not.toMatch(/!!|\?\?/);
    expect(body.split("!").length - 1).toBeLessThanOrEqual(1);
    expect(body).not.toMatch(/\b(hurry|last chance|today only|act now|limited time|expires?|don't miss)\b/i);
    expect(body).toMatch(/\?|text me|reply/i);
    expect(body).toMatch(/\{rep\}/); // first person from the rep
  });
});

describe("the first text a number gets", () => {
  const first = (vars: typeof TYPICAL) => withFirstContactNotice(renderTemplate(DEFAULT_SERIES.beback[0]!.body, vars), vars.store);

  it.each([
    ["typical", TYPICAL, 1],
    ["bare", BARE, 1],
    ["long", LONG, 2],
  ] as const)("names the store and the opt-out; %s lead: at most %i segment(s)", (_what, vars, segments) => {
    const text = first(vars);
    expect(text).toContain(vars.store);
    expect(text).toMatch(/Reply STOP to opt out\.$/);
    expect(countSegments(text).encoding).toBe("GSM-7");
    expect(countSegments(text).segments).toBeLessThanOrEqual(segments);
  });

});
