import { describe, expect, it } from "vitest";
import { customerThread, deliveryInWords, lastTextLine, reachedThePhone } from "./thread";
import type { MessageView } from "./types";

const msg = (kind: string, direction: "in" | "out", body: string, extra: Partial<MessageView> = {}): MessageView => ({
  direction,
  kind,
  from: "",
  to: "",
  body,
  media: [],
  status: direction === "in" ? "received" : "delivered",
  errorCode: null,
  at: "2030-01-01T00:00:00Z",
  ...extra,
});

describe("customerThread", () => {
  it("shows the customer's texts once and ours, never the rep's side channel", () => {
    const thread = customerThread(
      [
        msg("command", "in", "new Jane 555-0100 recliner"),
        msg("reply", "out", "✓ Jane #1 ..."),
        msg("series", "out", "Hi Jane, it's Sam", { step: 0, status: "canceled" }), // never reached her: quiet hours came first
        msg("series", "out", "Hi Jane, it's Sam", { step: 0 }),
        msg("customer", "in", "Is it in blue?", { media: ["https://x.test/p.jpg"] }),
        msg("forward", "out", "Jane #1: Is it in blue?"),
        msg("relay", "out", "Yes, in blue too", { status: "undelivered", errorCode: "30006" }),
        msg("notice", "out", "Jane #1 opted out"),
        msg("courtesy", "out", "You're unsubscribed"),
      ],
      () => "Sam",
    );
    expect(thread.map((t) => [t.side, t.who, t.body, t.delivery])).toEqual([
      ["us", "Automatic · step 1", "Hi Jane, it's Sam", "Delivered"],
      ["them", "Customer", "Is it in blue?", ""],
      ["us", "Sam", "Yes, in blue too", "Not delivered: a landline, or a carrier that can't take texts (error 30006)"],
      ["us", "Automatic reply", "You're unsubscribed", "Delivered"],
    ]);
    expect(thread[1]?.media).toEqual(["https://x.test/p.jpg"]);
    expect(thread.map((t) => t.auto)).toEqual([true, false, false, true]);
  });

  it("names each rep's text by the rep who sent it, not the lead's rep now", () => {
    const names = new Map([[1, "Sam"], [2, "Lee"]]);
    const thread = customerThread(
      [msg("relay", "out", "From Sam", { repId: 1 }), msg("relay", "out", "From a rep removed since", { repId: null }), msg("relay", "out", "From Lee", { repId: 2 })],
      (id) => (id === null ? "a former rep" : names.get(id) ?? "a former rep"),
    );
    expect(thread.map((t) => t.who)).toEqual(["Sam", "a former rep", "Lee"]);
  });
});

describe("a forward that did not reach the rep", () => {
  const names = new Map([[1, "Sam Rivera"], [2, "Kim Lee"]]);
  const repName = (id: number | null) => (id === null ? "a former rep" : names.get(id) ?? "a former rep");

  it("is a short note on the customer's text it carried, never a text of ours", () => {
    const thread = customerThread(
      [
        msg("customer", "in", "can you deliver friday", { repId: 1 }),
        msg("forward", "out", "Tom (sofa) #1: can you deliver friday", { repId: 1, status: "undelivered", errorCode: "30003" }),
        msg("forward", "out", "[Sam Rivera's customer; Sam's phone can't get texts] Tom (sofa) #1: can you deliver friday", { repId: 2 }),
        msg("relay", "out", "Yes, Friday 9-12", { repId: 2 }),
        msg("customer", "in", "great", { repId: 1 }),
        msg("forward", "out", "Tom (sofa) #1: great", { repId: 1, status: "failed", errorCode: null }),
        msg("customer", "in", "see you then", { repId: 1 }),
        msg("forward", "out", "Tom (sofa) #1: see you then", { repId: 1, status: "unknown" }),
        msg("customer", "in", "thanks", { repId: 1 }),
        msg("forward", "out", "Tom (sofa) #1: thanks", { repId: 1, status: "queued" }),
      ],
      repName,
    );
    expect(thread.map((t) => [t.side, t.body, t.delivery])).toEqual([
      ["them", "can you deliver friday", "Didn't reach Sam Rivera (error 30003); sent on to Kim Lee"],
      ["us", "Yes, Friday 9-12", "Delivered"],
      ["them", "great", "Didn't reach Sam Rivera"],
      ["them", "see you then", "Twilio didn't confirm it reached Sam Rivera"],
      ["them", "thanks", ""],
    ]);
  });

  it("is noted on the text whose words it carried, when another came in between", () => {
    const thread = customerThread(
      [
        msg("customer", "in", "Is it in blue?"),
        msg("forward", "out", "Jane #1: Is it in blue?", { repId: 1 }),
        msg("customer", "in", "Or grey"),
        msg("forward", "out", "Jane #1: Or grey", { repId: 1 }),
        // The carrier's verdict on the first came after the second text: its words are passed on then.
        msg("forward", "out", "[Sam Rivera's customer; Sam's phone can't get texts] Jane #1: Is it in blue?", { repId: 2 }),
      ].map((m, i) => (i === 1 ? { ...m, status: "undelivered", errorCode: "30003" } : m)),
      repName,
    );
    expect(thread.map((t) => [t.body, t.delivery])).toEqual([
      ["Is it in blue?", "Didn't reach Sam Rivera (error 30003); sent on to Kim Lee"],
      ["Or grey", ""],
    ]);
  });
});

describe("reachedThePhone (the simulator's phones and the lead's thread leave canceled texts out)", () => {
  it.each([["canceled", false], ["outbox", true], ["queued", true], ["failed", true], ["received", true]])("%s → %s", (status, reached) => {
    expect(reachedThePhone({ status })).toBe(reached);
  });
});

describe("a follow-up Twilio refused for now and sent again", () => {
  it("shows once, as the try that went; a final refusal of another step stays", () => {
    const msg = (step: number, status: string, errorCode: string | null = null): MessageView => ({ direction: "out", kind: "series", from: "+12125550000", to: "+12125550100", body: `Step ${step + 1} words`, media: [], status, errorCode, step, at: "2028-01-01T00:00:00Z" });
    const thread = customerThread([msg(0, "failed", "20500"), msg(0, "failed"), msg(0, "failed", "20429"), msg(0, "delivered"), msg(1, "failed", "21408")], () => "Sam");
    expect(thread.map((t) => [t.who, t.delivery])).toEqual([
      ["Automatic · step 1", "Delivered"],
      ["Automatic · step 2", "Failed: the store's Twilio account isn't set to text that country (Twilio's SMS geo permissions) (error 21408)"],
    ]);
  });
});

describe("deliveryInWords", () => {
  it.each([
    ["queued", null, "Sending"],
    ["delivered", null, "Delivered"],
    ["failed", "21610", "Failed (error 21610)"],
    // The carrier's reason in words, where there is one.
    ["undelivered", "30003", "Not delivered: their phone was off or out of reach (error 30003)"],
    ["undelivered", "30034", "Not delivered: the store number isn't registered for business texting (error 30034)"],
    ["failed", "30032", "Failed: the store's toll-free number isn't verified yet (error 30032)"],
    ["undelivered", "30099", "Not delivered (error 30099)"],
    ["sent", "123", "Sent"],
    ["outbox", null, "In the local outbox (not really sent)"],
    // Final: Twilio never answered the call (or its answer could not be read), and a text to a customer is never sent twice blindly.
    ["unknown", null, "Twilio didn't confirm it: it may not have gone"],
    ["weird", null, "weird"],
  ])("%s %s → %s", (status, code, words) => {
    expect(deliveryInWords(status, code)).toBe(words);
  });
});

describe("lastTextLine (the leads list's last text)", () => {
  it.each<[string, MessageView, string, string]>([
    ["the customer's words", msg("customer", "in", "Is it in blue?"), "They wrote", "“Is it in blue?”"],
    ["a photo alone", msg("customer", "in", "", { media: ["https://api.twilio.com/m/1"] }), "They wrote", "[photo]"],
    ["an automatic text, delivered", msg("series", "out", "Hi Jane"), "Automatic text", "“Hi Jane”"],
    ["an automatic text Twilio refused", msg("series", "out", "Hi Jon", { status: "failed", errorCode: "21211" }), "Automatic text (failed)", "“Hi Jon”"],
    ["the automatic reply to a new customer", msg("courtesy", "out", "Thanks!"), "Automatic reply", "“Thanks!”"],
    ["the rep's text, undelivered", msg("relay", "out", "Call me", { status: "undelivered" }), "Rep wrote (not delivered)", "“Call me”"],
    ["the rep's text with no answer from Twilio", msg("relay", "out", "Call me", { status: "unknown" }), "Rep wrote (may not have gone)", "“Call me”"],
    ["long words, cut", msg("customer", "in", "x".repeat(100)), "They wrote", `“${"x".repeat(90)}…”`],
  ])("%s", (_, m, who, words) => {
    expect(lastTextLine(m)).toEqual({ who, words });
  });
});
