// twimlResponse: the webhook's TwiML answer, from Twilio's builder, for any text.
import { describe, expect, it } from "vitest";
import { twimlResponse } from "./twiml";

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

describe("twimlResponse", () => {
  it("is an empty <Response/> for no texts, the same every time", () => {
    expect(twimlResponse([])).toBe(`${HEAD}<Response/>`);
    expect(twimlResponse([])).toBe(`${HEAD}<Response/>`);
  });

  it.each([
    ["one text", ["Got it: Jane is sold."], "<Message>Got it: Jane is sold.</Message>"],
    ["two texts, in order", ["first", "second"], "<Message>first</Message><Message>second</Message>"],
    ["markup is escaped", ['<b>Tom & Jerry</b> "hi"'], '<Message>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; "hi"</Message>'],
    ["newlines, tabs and emoji stay", ["a\nb\tc 😍"], "<Message>a\nb\tc 😍</Message>"],
    // Characters XML cannot carry: Twilio's builder throws on each of these as given.
    ["a NUL and a backspace", ["a\u0000b\u0008c"], "<Message>a\ufffdb\ufffdc</Message>"],
    ["the noncharacters U+FFFE and U+FFFF", ['No lead "#\ufffe" among yours.\uffff'], '<Message>No lead "#\ufffd" among yours.\ufffd</Message>'],
    ["a lone surrogate", ["x\ud800y"], "<Message>x\ufffdy</Message>"],
  ])("%s", (_what, texts, messages) => {
    expect(twimlResponse(texts)).toBe(`${HEAD}<Response>${messages}</Response>`);
  });
});
