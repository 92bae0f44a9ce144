import { describe, expect, it } from "vitest";
import { isReaction } from "./reaction";

describe("isReaction: a phone's reaction sent as a text", () => {
  it.each([
    "Liked “Hi Ida, it's Pia at Oak & Pine. - Oak & Pine Furniture. Reply STOP to opt out.”",
    "Loved “See you Saturday”",
    'Liked "Reply STOP to opt out."',
    "Disliked “Stop by Saturday?”",
    "Laughed at “✓ Sent to Gus #58.”",
    "Emphasized “Gus (sofa) #58: Great, I'll come Saturday”",
    "Emphasised “the blue one”",
    "Questioned “$1,200?”",
    "Liked an image",
    "Loved a photo",
    "Removed a heart from “See you Saturday”",
    "Removed a like from “See you”",
    "Reacted 👍 to “See you Saturday”",
    'Reacted 😂 to "Stop by anytime"',
    'Reacted with ❤️ to "ok"',
    '👍 to "Gus (sofa) #58: Great"',
    "👍🏽 to “ok”",
    "  Liked “multi\nline text”  ",
  ])("%j is a reaction", (text) => {
    expect(isReaction(text)).toBe(true);
  });

  it.each([
    "Liked it a lot, can I come Saturday?",
    "I liked the blue one",
    "Loved “the blue one” – is it still there?",
    "Stop",
    "Reply STOP to opt out",
    "Thanks! Why does it say reply STOP to opt out?",
    "👍",
    "👍 see you then",
    "Liked",
    "",
  ])("%j is not", (text) => {
    expect(isReaction(text)).toBe(false);
  });
});
