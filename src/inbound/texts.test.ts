import { describe, expect, it } from "vitest";
import { courtesyText } from "./texts";

describe("courtesyText", () => {
  it.each([
    ["Sam Rivera", "Thanks for texting Oak & Pine! Sam will text you back shortly. Reply STOP to opt out."],
    // A rep with a title signs as one, as the series texts do.
    ["Dr. Lee", "Thanks for texting Oak & Pine! Dr. Lee will text you back shortly. Reply STOP to opt out."],
    [null, "Thanks for texting Oak & Pine! We'll text you back shortly. Reply STOP to opt out."],
    ["  ", "Thanks for texting Oak & Pine! We'll text you back shortly. Reply STOP to opt out."],
  ])("rep %j", (rep, text) => {
    expect(courtesyText("Oak & Pine", rep)).toBe(text);
  });

  it("in the store's quiet hours, the rep texts back when it opens", () => {
    expect(courtesyText("Oak & Pine", "Sam Rivera", true)).toBe("Thanks for texting Oak & Pine! Sam will text you back when we open. Reply STOP to opt out.");
  });
});
