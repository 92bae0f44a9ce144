// What a carrier's error code on a text that did not arrive means, in words a rep or an
// owner reads (Twilio's 30xxx codes, reported by status callback). Pure: the Worker's
// notices to reps and the owner's page both say it.

const CARRIER_REASONS: Record<string, string> = {
  "30003": "their phone was off or out of reach",
  "30004": "the number blocks it",
  "30005": "the number doesn't exist or is no longer in service",
  "30006": "a landline, or a carrier that can't take texts",
  "30007": "their carrier filtered it as spam",
  "30008": "the carrier gave no reason",
  "30032": "the store's toll-free number isn't verified yet",
  "30034": "the store number isn't registered for business texting",
};

/** The reason in words, or null for a code without one here. */
export function carrierReason(errorCode: string | null): string | null {
  return (errorCode !== null && CARRIER_REASONS[errorCode]) || null;
}

/** Whether the store's own set-up is why (the owner fixes it at Twilio, not the rep). */
export function isStoreSetUpCode(errorCode: string | null): boolean {
  return errorCode === "30032" || errorCode === "30034";
}
