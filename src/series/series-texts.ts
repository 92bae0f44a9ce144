// What the follow-up engine tells reps: `later` reminders and delivery failures. Pure.
import type { Lead, Message } from "../db/schema";
import { carrierReason } from "../domain/carrier-reasons";
import { clipWords } from "../domain/clip-text";
import { formatWhen } from "../domain/format-time";
import { withoutFirstContactNotice } from "../domain/first-contact";
import { leadTag, reachBy } from "../domain/lead-tag";
import { formatPhoneForRep } from "../domain/phone";
import { countSegments, gsmOnly } from "../domain/segments";
import { isMediaRefusal, RELAY_GIVE_UP_MS } from "../twilio/errors";
import { quietEnd, type QuietHours } from "./quiet-hours";

/** A text's words as a rep reads them: "[photo]" for a photo sent without any, "[empty text]" for nothing. */
export function wordsOf(body: string, mediaCount: number): string {
  return body.trim() || (mediaCount > 0 ? "[photo]" : "[empty text]");
}

/** How every `later` reminder opens (what `undo` recognises it by). */
export const REMINDER_OPENING = "Reminder:";

/** What the reminder needs to say when texts resume: the lead's `next_at` once resumed, and the store's clock. */
export interface ResumesAt {
  /** The resumed series' next step (`next_at`; it may be past, due at once), or null. */
  at: number | null;
  /** The customer wrote after the `later` was set: the texts stay paused (lead `laterResumes`). */
  theyWrote?: boolean;
  now: number;
  quiet: QuietHours | null;
  timeZone: string;
}



/** Words ended with a full stop, unless they end with one already ("...", "!"). */
const sentence = (words: string) => (/[.!?]$/.test(words) ? words : `${words}.`);

/** A reminder is an answer to a rep: two segments at most, as every answer is (texts.ts ANSWER_SEGMENTS). */
const REMINDER_SEGMENTS = 2;
/** The most of the notes, and of the last message, a reminder quotes. */
const NOTES_CHARS = 80;
const QUOTE_CHARS = 60;
/** A note or a quote cut shorter than this says nothing: it is left out instead. */
const LEAST_CHARS = 16;

/**
 * `stepsLeft`: the series has a step to resume with (follow-ups `hasStepLeft`); else the
 * reminder promises none. `resumes`: when its next text really goes — a step due now waits
 * out quiet hours, a step not yet due waits for its time: "texts resume today 11:32pm" (in
 * the store's zone); without it, or when that is now, "texts resume now".
 *
 * Two segments at most: the last message's quote gives way first, then the notes (the rep's
 * own words of what matters); the lead tag and the hint are never cut. A cut ends with "..."
 * (GSM-7): a "…" would make the whole text UCS-2 and double its segments. A name or a quote
 * that GSM-7 lacks a character of makes it UCS-2 anyway, and the notes and quote shrink to fit.
 */
/** `tag`: what the text starts with for a rep the lead moved to ("[Was Sam Rivera's customer, …] "), inside the two segments. */
export function reminderText(lead: Pick<Lead, "id" | "name" | "product" | "notes">, last: Pick<Message, "direction" | "body" | "media"> | undefined, stepsLeft: boolean, resumes?: ResumesAt, tag = ""): string {
  // Names as the list writes them (gsmOnly): "Zoë Díaz" or a former rep "Raúl Gómez" alone
  // would make the whole reminder UCS-2 and cost it the notes and the last message.
  const head = gsmOnly(`${tag}${REMINDER_OPENING} follow up with ${leadTag(lead)} today.`);
  const goes = resumes && resumes.at !== null ? quietEnd(Math.max(resumes.at, resumes.now), resumes.quiet, resumes.timeZone) : null;
  const when = resumes && goes !== null && goes > resumes.now ? formatWhen(goes, resumes.now, resumes.timeZone) : "now";
  const hint = !stepsLeft
    ? `Text ${reachBy(lead)} to reach them. No automatic texts are left to resume.`
    : resumes?.theyWrote
      ? `Text ${reachBy(lead)} to reach them. They wrote since your later, so texts stay paused (later #${lead.id} and a date restarts them).`
      : `Text ${reachBy(lead)} to reach them; texts resume ${when}.`;
  // Newest first, as the card lists them: a cut takes the oldest note, not the latest.
  const notes = lead.notes.trim().split(/\s*\n\s*/).reverse().join("; ");
  const said = last ? wordsOf(last.body, last.media.length) : "";
  const withRoom = (room: number) => {
    // The notes take their room first; the quote gets what is left, up to its own most.
    const notesRoom = Math.min(room, NOTES_CHARS, notes.length);
    const quoteRoom = Math.min(room - notesRoom, QUOTE_CHARS);
    const parts = [head];
    if (notes && notesRoom >= Math.min(LEAST_CHARS, notes.length)) parts.push(`Notes: ${sentence(clipWords(notes, notesRoom))}`);
    if (last && quoteRoom >= Math.min(LEAST_CHARS, said.length)) parts.push(`Last ${last.direction === "in" ? "from them" : "to them"}: "${clipWords(said, quoteRoom)}"`);
    parts.push(hint);
    return parts.join(" ");
  };
  // The most room that fits; a lead whose tag and hint alone fill two segments gets neither notes nor quote.
  for (let room = NOTES_CHARS + QUOTE_CHARS; room > 0; room--) {
    const text = withRoom(room);
    if (countSegments(text).segments <= REMINDER_SEGMENTS) return text;
  }
  return withRoom(0);
}

export function seriesFailureNotice(lead: Pick<Lead, "id" | "name" | "product">, why: "optedout" | "undeliverable" | "gave-up"): string {
  switch (why) {
    case "optedout":
      return `${leadTag(lead)} has opted out of texts (carrier says unsubscribed). Beback won't text them again.`;
    case "undeliverable":
      return `${leadTag(lead)}'s number can't get texts (invalid or not a mobile). Follow-ups stopped. Fix it: fix #${lead.id} phone <number>`;
    case "gave-up":
      return `Couldn't send a follow-up to ${leadTag(lead)} after several tries. Text them yourself: ${reachBy(lead)}.`;
  }
}

/**
 * The carrier did not deliver two follow-ups in a row to the lead (a phone off, blocked,
 * filtered as spam): the texts are not reaching them, and a call may.
 */
export function seriesNotReachingNotice(lead: Pick<Lead, "id" | "name" | "product" | "phone" | "nextAt">, errorCode: string | null): string {
  const reason = carrierReason(errorCode) ?? "the carrier didn't deliver them";
  const next = lead.nextAt !== null ? "The next ones go as planned; a call" : "A call";
  return `2 automatic texts in a row to ${leadTag(lead)} didn't reach them: ${reason}${errorCode ? ` (${errorCode})` : ""}. ${next} may reach them: ${formatPhoneForRep(lead.phone)}.`;
}

/**
 * Twilio refused a follow-up for good, for a reason that is neither the number (marked
 * undeliverable) nor the store's own set-up (which fails the notices to reps too, and shows
 * on the owner's Results): e.g. 21408, the account not allowed to text that country.
 */
export function stepRefusedNotice(lead: Pick<Lead, "id" | "name" | "product">, errorCode: string | null): string {
  const reason = carrierReason(errorCode);
  return `Twilio refused an automatic text to ${leadTag(lead)}${reason ? `: ${reason}` : ""}${errorCode ? ` (${errorCode})` : ""}. Text them yourself: ${reachBy(lead)}.`;
}

/** Twilio refused the rep's photo on a follow-up (an invalid or too large image): the step goes again without it. */
export function photoRefusedNotice(lead: Pick<Lead, "id" | "name" | "product">, errorCode: string | null): string {
  return `Twilio refused the photo for ${leadTag(lead)}${errorCode ? ` (error ${errorCode})` : ""}: their follow-ups go on without it. To show them the product, text it yourself: ${reachBy(lead)}.`;
}

/** The carrier refused a follow-up's photo after Twilio took it (a delivery report): the text did not reach them. */
export function photoRefusedLateNotice(lead: Pick<Lead, "id" | "name" | "product">, stepIndex: number | null, errorCode: string | null): string {
  return `The carrier refused the photo of ${stepIndex === null ? "a follow-up" : `follow-up ${stepIndex + 1}`} to ${leadTag(lead)}${errorCode ? ` (error ${errorCode})` : ""}, so that text didn't reach them. Their next follow-ups go without the photo. To send them the words, text ${reachBy(lead)}.`;
}

// When something of ours failed on one lead, the rep hears it once, by number only: the
// lead's own fields may be what failed.
export function stepSkippedNotice(leadId: number, stepIndex: number): string {
  return `Follow-up ${stepIndex + 1} to #${leadId} couldn't be sent (a problem on Beback's side), so it was skipped. The next one goes out on schedule.`;
}

export function reminderFailedNotice(leadId: number): string {
  return `Reminder: follow up with #${leadId} today. (Beback couldn't load the details.)`;
}

/** A rep's (or the owner's) text to a customer whose sending was cut short (Beback restarted during Twilio's call). */
export function unansweredRelayNotice(lead: Pick<Lead, "id" | "name" | "product">, body: string): string {
  return `Beback restarted while sending the text to ${leadTag(lead)} ("${openingOf(body)}"): it may not have gone. Check with them before sending it again.`;
}

/** The start of a text, enough for a rep to know which one it was (30 characters at most, "..." if cut). */
export function openingOf(body: string): string {
  // The rep's words, not the notice the first text to a number ends with.
  const chars = Array.from(withoutFirstContactNotice(body).trim());
  return chars.length > 30 ? `${chars.slice(0, 27).join("").trimEnd()}...` : chars.join("");
}

export const DIGEST_FAILED_NOTICE = "Your daily summary couldn't be put together today (a problem on Beback's side). Text list to see your leads.";

/** How a person's text to a customer that Twilio first refused (429/5xx) ended on a later try: the rep was told it would be. */
export type RelayRetryOutcome = "sent" | "optedout" | "undeliverable" | "unknown" | "gave-up" | "refused" | "late" | "number-changed";

export function relayRetryNotice(lead: Pick<Lead, "id" | "name" | "product">, body: string, outcome: RelayRetryOutcome, errorCode: string | null): string {
  const which = `the text to ${leadTag(lead)} ("${openingOf(body)}")`;
  const code = errorCode ? ` (${errorCode})` : "";
  switch (outcome) {
    case "sent":
      return `✓ Sent ${which} on a later try: Twilio had a problem at first.`;
    case "optedout":
      return `✗ Didn't send ${which}: they opted out of texts. Beback won't text them again.`;
    case "undeliverable":
      return `✗ Couldn't send ${which}: the number can't get texts. Fix it: fix #${lead.id} phone <number>`;
    case "unknown":
      return `? Twilio didn't confirm ${which} on a later try. It may have gone out: check before sending it again.`;
    case "gave-up":
      return `✗ Couldn't send ${which}: Twilio kept failing for ${RELAY_GIVE_UP_MS / 60_000} minutes${code}. Text it again if it still matters.`;
    case "late":
      return `✗ Didn't send ${which}: it would be more than ${RELAY_GIVE_UP_MS / 60_000} minutes late. Text it again if it still matters.`;
    case "number-changed":
      return `✗ Didn't send ${which}: the lead's number changed since. Text it again if it still matters.`;
    case "refused":
      if (isMediaRefusal(errorCode)) return `✗ Couldn't send ${which}: Twilio refused the photo${code}. Send your words again without it, or another photo.`;
      return `✗ Couldn't send ${which}: Twilio refused it${code}. Tell the owner: it's the store's Twilio set-up.`;
  }
}
