// A phone's reaction to a text, as it arrives by SMS from a phone that cannot send it as a
// reaction (an iPhone to a business number or an Android phone): `Liked “See you at 3”`,
// `Loved an image`, `Laughed at “…”`, `Removed a heart from “…”`, and Android's
// `Reacted 👍 to “…”` or `👍 to "…"`. It quotes the text it reacts to — often one of ours,
// with its "Reply STOP to opt out." — and is never words meant for anyone. Pure.
const QUOTED = String.raw`["“”„«‘’'][\s\S]*["“”»‘’']`;
const THING = String.raw`an?\s+(?:image|photo|picture|video|movie|attachment|audio\s+message|sticker|gif|link|contact)`;
const WHAT = `(?:${QUOTED}|${THING})`;
const VERB = String.raw`(?:liked|loved|disliked|laughed\s+at|emphasi[sz]ed|questioned)`;
const EMOJI = String.raw`\p{Extended_Pictographic}[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]*`;
const REACTION = new RegExp(
  String.raw`^\s*(?:${VERB}\s+${WHAT}|removed\s+an?\s+\S+(?:\s+\S+)?\s+from\s+${WHAT}|reacted\s+(?:with\s+)?\S+\s+to\s+${WHAT}|${EMOJI}\s+to\s+${WHAT})\s*$`,
  "iu",
);

/** True when the whole text is a phone's reaction to another text (see above). */
export function isReaction(text: string): boolean {
  return REACTION.test(text);
}
