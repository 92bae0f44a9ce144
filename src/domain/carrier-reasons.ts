// What a carrier's (or Twilio's) error code on a text that did not arrive means, in words a
// rep or an owner reads (the carrier's 30xxx codes, reported by status callback; a few of
// Twilio's refusals of the call). Pure: the Worker's notices to reps and the owner's page
// both say it.

const CARRIER_REASONS: Record<string, string> = {
  "30003": "their phone was off or out of reach",
  "30004": "the number blocks it",
  "30005": "the number doesn't exist or is no longer in service",
  "30006": "a landline, or a carrier that can't take texts",
  "30007": "their carrier filtered it as spam",
  "30008": "the carrier gave no reason",
  "30032": "the store's toll-free number isn't verified yet",
  "30034": "the store number isn't registered for business texting",
  // Twilio's refusals of the call that are the store's set-up, not the customer's number.
  "20003": "Twilio refused the store's credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)",
  "21606": "the store number can't send texts from this Twilio account",
  "21608": "a trial Twilio account texts only numbers verified on it",
  // Refused for that number's country alone: the owner allows it at Twilio (Messaging, Geo permissions).
  "21408": "the store's Twilio account isn't set to text that country (Twilio's SMS geo permissions)",
};

/** The codes that are the store's own set-up (the owner fixes it at Twilio, not the rep). */
const STORE_SET_UP = ["30032", "30034", "20003", "21606", "21608"];

/** The reason in words, or null for a code without one here. */
export function carrierReason(errorCode: string | null): string | null {
  return (errorCode !== null && CARRIER_REASONS[errorCode]) || null;
}

/** Whether the store's own set-up is why (the owner fixes it at Twilio, not the rep). */
export function isStoreSetUpCode(errorCode: string | null): boolean {
  return errorCode !== null && STORE_SET_UP.includes(errorCode);
}

/**
 * Codes on a text of ours that failed without a text being lost, left out of Results' count
 * of texts that did not reach the phone: 21610, the number opted out (their own word); 21620
 * and 21623, a follow-up's photo refused on the call (its words go again without it).
 */
export const NOT_A_LOST_TEXT: readonly string[] = ["21610", "21620", "21623"];

/**
 * Twilio busy or failing on its side: a follow-up so refused is sent again (a later try of
 * the same step), so such a try is no lost text; the last one, given up, is.
 */
export const TRIED_AGAIN: readonly string[] = ["20429", "20500", "20503"];
