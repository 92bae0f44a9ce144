// What the follow-up engine tells reps: `later` reminders and delivery failures. Pure.
import type { Lead, Message } from "../db/schema";
import { formatWhen } from "../domain/format-time";
import { leadTag, reachBy } from "../domain/lead-tag";
import { RELAY_GIVE_UP_MS } from "../twilio/errors";
import { quietEnd, type QuietHours } from "./quiet-hours";

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

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
  now: number;
  quiet: QuietHours | null;
  timeZone: string;
}

/**
 * `stepsLeft`: the series has a step to resume with (follow-ups `hasStepLeft`); else the
 * reminder promises none. `resumes`: when its next text really goes — a step due now waits
 * out quiet hours, a step not yet due waits for its time: "texts resume today 11:32 PM" (in
 * the store's zone); without it, or when that is now, "texts resume now".
 */
export function reminderText(lead: Pick<Lead, "id" | "name" | "product" | "notes">, last: Pick<Message, "direction" | "body" | "media"> | undefined, stepsLeft: boolean, resumes?: ResumesAt): string {
  const parts = [`${REMINDER_OPENING} follow up with ${leadTag(lead)} today.`];
  if (lead.notes.trim()) parts.push(`Notes: ${clip(lead.notes.trim().replace(/\s*\n\s*/g, "; "), 80)}.`);
  if (last) parts.push(`Last ${last.direction === "in" ? "from them" : "to them"}: "${clip(wordsOf(last.body, last.media.length), 60)}"`);
  const goes = resumes && resumes.at !== null ? quietEnd(Math.max(resumes.at, resumes.now), resumes.quiet, resumes.timeZone) : null;
  const when = resumes && goes !== null && goes > resumes.now ? formatWhen(goes, resumes.now, resumes.timeZone) : "now";
  parts.push(stepsLeft ? `Text ${reachBy(lead)} to reach them; texts resume ${when}.` : `Text ${reachBy(lead)} to reach them. No automatic texts are left to resume.`);
  return parts.join(" ");
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
  const chars = Array.from(body.trim());
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
      return `✓ Sent ${which} on a later try: Twilio was busy.`;
    case "optedout":
      return `✗ Didn't send ${which}: they opted out of texts. Beback won't text them again.`;
    case "undeliverable":
      return `✗ Couldn't send ${which}: the number can't get texts. Fix it: fix #${lead.id} phone <number>`;
    case "unknown":
      return `? Twilio didn't confirm ${which} on a later try. It may have gone out: check before sending it again.`;
    case "gave-up":
      return `✗ Couldn't send ${which}: Twilio stayed busy for ${RELAY_GIVE_UP_MS / 60_000} minutes${code}. Text it again if it still matters.`;
    case "late":
      return `✗ Didn't send ${which}: it would be more than ${RELAY_GIVE_UP_MS / 60_000} minutes late. Text it again if it still matters.`;
    case "number-changed":
      return `✗ Didn't send ${which}: the lead's number changed since. Text it again if it still matters.`;
    case "refused":
      return `✗ Couldn't send ${which}: Twilio refused it${code}. Tell the owner: it's the store's Twilio set-up.`;
  }
}
