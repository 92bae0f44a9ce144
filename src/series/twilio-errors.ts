// What a failed send means. Pure. 429 and 5xx: Twilio answered and did not take the
// message, so retrying cannot double it. 4xx: final. No answer at all (timeout, network):
// the message may have been accepted; the dispatcher does not retry it (see
// docs/architecture.md).

export type SendFailure = "retry" | "optedout" | "undeliverable" | "failed";

/** 21610: the number replied STOP to this sender. 21211: not a valid number. 21614: not a mobile number. */
export const UNSUBSCRIBED = 21610;
export const UNDELIVERABLE_CODES = [21211, 21614] as const;

export function classifySendFailure(httpStatus: number, errorCode: number | null): SendFailure {
  if (httpStatus === 429 || httpStatus >= 500) return "retry";
  if (errorCode === UNSUBSCRIBED) return "optedout";
  if (errorCode !== null && (UNDELIVERABLE_CODES as readonly number[]).includes(errorCode)) return "undeliverable";
  return "failed";
}

const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 30 * 60_000;
export const MAX_ATTEMPTS = 6;

/** Backoff after the `attempt`-th failed try: 1, 2, 4, 8, 16 minutes…, capped; null when done. */
export function retryDelayMs(attempt: number): number | null {
  if (attempt >= MAX_ATTEMPTS) return null;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}
