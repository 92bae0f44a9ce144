// TwiML answers to a webhook, built by Twilio's own builder so text is always escaped.
import MessagingResponse from "twilio/lib/twiml/MessagingResponse";

/** `<Response/>` with one `<Message>` per text (none: Twilio sends nothing). */
export function twimlResponse(texts: string[]): string {
  const response = new MessagingResponse();
  for (const text of texts) response.message(text);
  return response.toString();
}
