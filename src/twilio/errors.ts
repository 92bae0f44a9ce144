// What a failed Twilio send means, and how long to wait before trying again. Pure.
//
// - 429 and 5xx: Twilio answered and did not create the message, so a retry cannot double
//   it: "retry", with bounded exponential backoff (retryDelayMs).
// - 4xx: final. 21610 (the number texted STOP to this sender): "optedout". 21211 (not a
//   valid number), 21614 (not a mobile number), 21612 (the number cannot be reached by
//   SMS, usually a landline): "undeliverable", the lead's number is the problem and the
//   rep can fix it. Anything else (auth, a bad From, a body Twilio refuses): "failed".
// - No answer at all (httpStatus null: timeout, reset connection), or a 2xx whose body
//   cannot be read (no sid: Twilio may well have created it): "unknown". Twilio may
//   have created the message, and message creation has no idempotency key to ask with,
//   so a blind retry can text the customer twice. Recommended policy (the dispatcher's):
//   never retry "unknown" automatically (a missed follow-up is better than a doubled one),
//   record it as unknown (the owner's page shows "Twilio didn't confirm it"; a rep's own
//   text is answered "Twilio didn't confirm…" at once). If Twilio did take it, its status
//   callback names the message's sid, which the local row lacks; a StatusCallback URL
//   carrying the local message id (`/twilio/status?m=<id>`) would let that callback
//   settle the row as sent. A retry would only be safe after asking Twilio's Message list
//   (To, From, DateSent) and finding nothing, which is eventually consistent: not worth it.
// - The request never left this Worker (`neverLeft`: the runtime refused the fetch because
//   this invocation used up its subrequests): "not-sent". Nothing reached Twilio, so it is
//   sent again by a later invocation, without counting as a try.

export type SendFailure = "retry" | "optedout" | "undeliverable" | "failed" | "unknown" | "not-sent";

/** 21610: the number replied STOP to this sender. */
export const UNSUBSCRIBED = 21610;
/** 21211: not a valid number. 21614: not a mobile number. 21612: not reachable by SMS. */
export const UNDELIVERABLE_CODES = [21211, 21614, 21612] as const;

/** Twilio's refusals of a text's media, not of the text: an invalid media URL (21620), more than 10 (21623), too large for the carrier (30019). */
export const MEDIA_REFUSAL_CODES = [21620, 21623, 30019] as const;

/** Whether Twilio refused the photo rather than the text (`MEDIA_REFUSAL_CODES`): the words alone would go. */
export function isMediaRefusal(errorCode: number | string | null): boolean {
  return errorCode !== null && (MEDIA_REFUSAL_CODES as readonly number[]).includes(Number(errorCode));
}

/** `httpStatus` null: no answer (timeout, network error). `errorCode`: Twilio's `code`. `neverLeft`: the runtime refused the call. */
export function classifySendFailure(httpStatus: number | null, errorCode: number | null, neverLeft = false): SendFailure {
  if (neverLeft) return "not-sent";
  if (httpStatus === null || (httpStatus >= 200 && httpStatus < 300)) return "unknown";
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  if (errorCode === UNSUBSCRIBED) return "optedout";
  if (errorCode !== null && (UNDELIVERABLE_CODES as readonly number[]).includes(errorCode)) return "undeliverable";
  return "failed";
}

/** A text to a rep (a customer's words, a notice) is tried again for this long after it was recorded, then given up. */
export const PENDING_GIVE_UP_MS = 60 * 60_000;
const PENDING_MAX_DELAY_MS = 15 * 60_000;

/**
 * A person's text to a customer (a rep's `@Jane`, the owner's from the page) that Twilio
 * refused with a 429/5xx is tried again for this long: after that it is late for what it
 * says ("see you in 10"), and the rep is told it did not go.
 */
export const RELAY_GIVE_UP_MS = 10 * 60_000;

/**
 * How long a pending text waits before it is tried again, `ageMs` after it was recorded:
 * as long as it has waited already (so the waits double), at least a minute, at most 15;
 * null once it is `giveUpMs` old (a text to a rep: PENDING_GIVE_UP_MS).
 */
export function pendingRetryDelayMs(ageMs: number, giveUpMs = PENDING_GIVE_UP_MS): number | null {
  if (ageMs >= giveUpMs) return null;
  return Math.min(PENDING_MAX_DELAY_MS, Math.max(BASE_DELAY_MS, ageMs));
}

const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 30 * 60_000;
/** Tries in all: the first send and five retries, about half an hour end to end. */
export const MAX_ATTEMPTS = 6;

/** Backoff after the `attempt`-th failed try (1-based): 1, 2, 4, 8, 16 minutes, capped at 30; null when done. */
export function retryDelayMs(attempt: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}
