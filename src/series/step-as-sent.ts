// A series step's words as the customer gets them: a number's first text from the store ends
// with the store's name and how to opt out, and the whole is cut to what one message holds
// (the notice kept whole). The dispatcher sends this; the owner's page previews it. Pure.
import { clipText } from "../domain/clip-text";
import { withFirstContactNoticeWithin } from "../domain/first-contact";
import { MAX_SMS_BODY } from "../twilio/limits";

export function stepAsSent(words: string, store: string, firstContact: boolean): string {
  return firstContact ? withFirstContactNoticeWithin(words, store, MAX_SMS_BODY) : clipText(words, MAX_SMS_BODY);
}
