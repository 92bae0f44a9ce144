// A text as it may be stored, shown and sent on: what a phone or a page would show, without
// what only hides or reorders it. Pure.
//
// Out: control characters other than tab and line breaks (a NUL or an escape in a
// customer's text would go on raw to a rep's phone), Unicode's noncharacters FFFE/FFFF, and
// the bidi overrides (U+202D/202E), which display the letters after them reversed: "evil"
// shows as "live" in a rep's name or a customer's words. A lone surrogate becomes U+FFFD.
// Kept: emoji and their joiners (U+200D: "👨‍👩" stays one emoji), and what right-to-left
// writing puts in without reversing any letter: the marks (U+200E/200F), embeddings and
// isolates (U+202A–202C, U+2066–2069).

/** What `plainText` takes out. */
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202d\u202e\ufffe\uffff]/g;

/** `text` without control characters (but tab and line breaks), noncharacters and bidi overrides. */
export function plainText(text: string): string {
  return text.toWellFormed().replace(HIDDEN_CHARACTERS, "");
}

/** Whether `text` holds anything `plainText` would take out or replace (the owner API refuses such words). */
export function hasHiddenCharacters(text: string): boolean {
  return plainText(text) !== text;
}
