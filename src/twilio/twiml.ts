// TwiML answers to a webhook: `<Response>` with a `<Message>` per text for the sender.
// Written here rather than with twilio's `MessagingResponse`: that builder brings xmlbuilder,
// 59 KiB of the Worker's bundle, to write one element with escaped text. Its output is the
// oracle of `twiml.test.ts`, which compares the two on every case and on random text.

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, newline and return; lone
 * surrogates; U+FFFE, U+FFFF): a text that quotes a rep's or customer's odd character would
 * otherwise be an answer Twilio cannot read. They become U+FFFD.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Text content escaped as twilio's builder escapes it: `&`, `<`, `>`, and a carriage
 * return (which an XML reader would otherwise turn into a newline).
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** `<Response/>` with one `<Message>` per text (none: Twilio sends nothing). */
export function twimlResponse(texts: string[]): string {
  if (texts.length === 0) return `${HEAD}<Response/>`;
  let messages = "";
  for (const text of texts) {
    const body = text.toWellFormed().replace(NOT_XML, "\ufffd").replace(/[&<>\r]/g, (c) => ESCAPES[c]!);
    messages += body ? `<Message>${body}</Message>` : "<Message/>";
  }
  return `${HEAD}<Response>${messages}</Response>`;
}
