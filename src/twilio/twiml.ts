// TwiML answers to a webhook, built by Twilio's own builder so text is always escaped.
import MessagingResponse from "twilio/lib/twiml/MessagingResponse";

/**
 * Characters XML 1.0 cannot carry (C0 controls other than tab, newline and return; lone
 * surrogates; U+FFFE, U+FFFF): Twilio's builder throws on them, which would turn a text that
 * quotes a rep's or customer's odd character into a failed answer. They become U+FFFD.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** `<Response/>`: most webhooks answer it, so it is built once. */
let empty: string | null = null;

/** `<Response/>` with one `<Message>` per text (none: Twilio sends nothing). */
export function twimlResponse(texts: string[]): string {
  if (texts.length === 0) return (empty ??= new MessagingResponse().toString());
  const response = new MessagingResponse();
  for (const text of texts) response.message(text.toWellFormed().replace(NOT_XML, "\ufffd"));
  return response.toString();
}
