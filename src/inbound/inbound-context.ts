// What every inbound handler works with: the database, the send path, the store, the clock
// and the scheduler (commands that change a lead's series wake it).
import type { FollowUpContext } from "../series/follow-ups";
import type { Messenger } from "../sms/messenger";

export interface InboundContext extends Messenger, FollowUpContext {}

/** The sender's texts go back inside the webhook's TwiML answer (and are recorded). */
export type TwimlTexts = string[];

/** An inbound text's row, claimed by its MessageSid (status `receiving`) while it is handled. */
export interface ClaimedText {
  id: number;
  /** Set once a handler marked the row `received` in a batch of its own writes (one round trip less). */
  received: boolean;
  /** Taken over from a handler that died with its Worker (INBOUND_STALE_MS): it may have done part of the work. */
  retaken?: boolean;
}
