import { describe, expect, it } from "vitest";
import { firstContactSuffix, withFirstContactNotice, withFirstContactNoticeWithin } from "./first-contact";
import { countSegments } from "./segments";

describe("the first-contact notice", () => {
  it.each([
    ["Hi", "Oak", "Hi - Oak. Reply STOP to opt out."],
    ["Hi Jane, Sam at Oak.", "Oak", "Hi Jane, Sam at Oak. Reply STOP to opt out."],
    ["Hi Jane, Sam at Oak", "Oak", "Hi Jane, Sam at Oak. Reply STOP to opt out."],
    ["Hi Jane, Sam at Oak?", "Oak", "Hi Jane, Sam at Oak? Reply STOP to opt out."],
    ["Oak: reply STOP to end", "Oak", "Oak: reply STOP to end"], // already says both
    ["Text STOP to end", "Oak", "Text STOP to end - Oak. Reply STOP to opt out."], // STOP but no store
    ["Oak: text stop to quit", "Oak", "Oak: text stop to quit"],
    // STOP that is not how to opt out: the notice still goes.
    ["STOP BY Oak this weekend", "Oak", "STOP BY Oak this weekend. Reply STOP to opt out."],
    ["Oak sale: NON-STOP deals!", "Oak", "Oak sale: NON-STOP deals! Reply STOP to opt out."],
    ["Oak: don't stop now", "Oak", "Oak: don't stop now. Reply STOP to opt out."],
    ["Hi", "  Oak  ", "Hi - Oak. Reply STOP to opt out."],
    ["Hi", "", "Hi. Reply STOP to opt out."],
    ["", "Oak", "Oak. Reply STOP to opt out."], // a photo with no words
    ["", "Oak Co.", "Oak Co. Reply STOP to opt out."],
    ["Hi", "Oak Co.", "Hi - Oak Co. Reply STOP to opt out."],
    [" ", "", "Reply STOP to opt out."],
  ])("%j from %j → %j", (body, store, text) => {
    expect(withFirstContactNotice(body, store)).toBe(text);
  });

  it.each([
    ["Oak & Pine", " - Oak & Pine. Reply STOP to opt out."],
    ["", " Reply STOP to opt out."],
    ["Oak & Pine Co.", " - Oak & Pine Co. Reply STOP to opt out."],
    ["Yes!", " - Yes! Reply STOP to opt out."],
  ])("firstContactSuffix(%j) → %j", (store, suffix) => {
    expect(firstContactSuffix(store)).toBe(suffix);
    expect(countSegments(suffix).encoding).toBe("GSM-7");
  });

  it.each([
    ["fits: as withFirstContactNotice", "Hi Jane", 60, "Hi Jane - Oak. Reply STOP to opt out."],
    ["too long: the body is clipped, the notice kept whole", "x".repeat(30), 40, `${"x".repeat(7)}... - Oak. Reply STOP to opt out.`],
    // Counted as Twilio counts: an emoji is two.
    ["emoji count two each", "😀".repeat(15), 40, `${"😀".repeat(3)}... - Oak. Reply STOP to opt out.`],
    // The words named the store only in the part cut off: the longer notice, still within the length.
    ["the store's name cut off", `${"x".repeat(30)} Oak`, 40, `${"x".repeat(7)}... - Oak. Reply STOP to opt out.`],
  ])("within a length, %s", (_what, body, max, text) => {
    const noticed = withFirstContactNoticeWithin(body, "Oak", max);
    expect(noticed).toBe(text);
    expect(noticed.length).toBeLessThanOrEqual(max);
  });
});
