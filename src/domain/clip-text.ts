// Clipping a text to what one Twilio message may carry. Pure.
//
// Twilio's 1,600-character limit on a message's Body counts an emoji as more than one
// (its error 21617): counted here as JavaScript counts a string, in UTF-16 units (an emoji is
// two or more), the count the owner API's limit uses too. A clip never splits a character
// or an emoji sequence (whole graphemes, Intl.Segmenter), and ends with "...".

// Pure: a bundle that never clips (the owner page) leaves it out.
const graphemes = /* @__PURE__ */ new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** `text` when it fits in `max` UTF-16 units; else its longest start of whole characters that fits with "..." after it. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 3) break;
    kept += segment;
  }
  // "display...", not "display ...".
  return `${kept.trimEnd()}...`;
}

/** How far back `clipWords` looks for a space to end on, so a cut does not end mid-word ("for your pu..."). */
const WORD_BACKOFF = 20;

/** `clipText`, ended at a word's end where one is near: "Thank you for your...". */
export function clipWords(text: string, max: number): string {
  const clipped = clipText(text, max);
  if (clipped === text) return text;
  const kept = clipped.slice(0, -"...".length);
  // The cut fell between two words: every kept word is whole.
  if (/^\s/.test(text.slice(kept.length))) return clipped;
  const space = kept.lastIndexOf(" ");
  return `${(space > 0 && kept.length - space <= WORD_BACKOFF ? kept.slice(0, space) : kept).trimEnd()}...`;
}
