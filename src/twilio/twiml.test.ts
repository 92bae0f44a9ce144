// twimlResponse: the webhook's TwiML answer, for any text, the same as twilio's own builder's.
import { describe, expect, it } from "vitest";
import MessagingResponse from "twilio/lib/twiml/MessagingResponse";
import { twimlResponse } from "./twiml";

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** Twilio's builder: the oracle. It throws on characters XML cannot carry. */
function twilios(texts: string[]): string {
  const response = new MessagingResponse();
  for (const text of texts) response.message(text);
  return response.toString();
}

describe("twimlResponse", () => {
  it("is an empty <Response/> for no texts, as twilio's builder writes it", () => {
    expect(twimlResponse([])).toBe(`${HEAD}<Response/>`);
    expect(twimlResponse([])).toBe(twilios([]));
  });

  it.each([
    ["one text", ["Got it: Jane is sold."], "<Message>Got it: Jane is sold.</Message>"],
    ["two texts, in order", ["first", "second"], "<Message>first</Message><Message>second</Message>"],
    ["markup is escaped", ['<b>Tom & Jerry</b> "hi"'], '<Message>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; "hi"</Message>'],
    ["an entity is escaped, not kept", ["R&amp;D &lt; 5 ]]>"], "<Message>R&amp;amp;D &amp;lt; 5 ]]&gt;</Message>"],
    ["a carriage return is kept as a reference", ["a\r\nb"], "<Message>a&#xD;\nb</Message>"],
    ["newlines, tabs and emoji stay", ["a\nb\tc 😍"], "<Message>a\nb\tc 😍</Message>"],
    ["an empty text", [""], "<Message/>"],
  ])("%s, as twilio's builder writes it", (_what, texts, messages) => {
    expect(twimlResponse(texts)).toBe(`${HEAD}<Response>${messages}</Response>`);
    expect(twimlResponse(texts)).toBe(twilios(texts));
  });

  it.each([
    // Characters XML cannot carry: twilio's builder throws on each of these as given.
    ["a NUL and a backspace", ["a\u0000b\u0008c"], "<Message>a\ufffdb\ufffdc</Message>"],
    ["the noncharacters U+FFFE and U+FFFF", ['No lead "#\ufffe" among yours.\uffff'], '<Message>No lead "#\ufffd" among yours.\ufffd</Message>'],
    ["a lone surrogate", ["x\ud800y"], "<Message>x\ufffdy</Message>"],
  ])("%s: U+FFFD where twilio's builder throws", (_what, texts, messages) => {
    expect(() => twilios(texts)).toThrow();
    expect(twimlResponse(texts)).toBe(`${HEAD}<Response>${messages}</Response>`);
  });

  it("writes what twilio's builder writes for random text it accepts", () => {
    // A fixed-seed generator (mulberry32): the same 2,000 cases every run.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const alphabet = ["&", "<", ">", '"', "'", "\r", "\n", "\t", " ", "]]>", "&amp;", "a", "Z", "é", "😍", "\u00a0", "\u2028", "#", ";", "\ud83d\ude00"];
    let compared = 0;
    for (let i = 0; i < 2_000; i++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""),
      );
      expect(twimlResponse(texts)).toBe(twilios(texts));
      compared++;
    }
    expect(compared).toBe(2_000);
  });
});
