// A lead's conversation as the customer saw it on their phone. Pure. The message log also
// holds the customer's texts forwarded to the rep, the rep's commands and Beback's answers
// and notices to the rep: those stay out of the customer's thread, and so do texts canceled
// before they went (a STOP, a reply or quiet hours came first): they never reached the phone.
import type { MessageView } from "./types";

export interface ThreadItem {
  side: "them" | "us";
  /** Who wrote it: the customer, the rep (from the store number) or Beback automatically. */
  who: string;
  auto: boolean;
  body: string;
  media: string[];
  at: string;
  /** Delivery in words, for our texts ("Delivered", "Not delivered (30006)"); "" for theirs. */
  delivery: string;
}

const THREAD_KINDS = new Set(["customer", "series", "relay", "courtesy"]);

const STATUS_WORDS: Record<string, string> = {
  queued: "Sending",
  accepted: "Sending",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  undelivered: "Not delivered",
  failed: "Failed",
  unknown: "No answer from Twilio yet",
  outbox: "In the local outbox (not really sent)",
};

export function deliveryInWords(status: string, errorCode: string | null): string {
  const words = STATUS_WORDS[status] ?? status;
  return errorCode && (status === "undelivered" || status === "failed") ? `${words} (error ${errorCode})` : words;
}

/** A text a phone really got: not one canceled before it went (a STOP, a reply or quiet hours came first). */
export const reachedThePhone = (m: Pick<MessageView, "status">): boolean => m.status !== "canceled";

/** `repName` names the rep who sent a text (a rep removed since: "a former rep"). */
export function customerThread(messages: MessageView[], repName: (id: number | null) => string): ThreadItem[] {
  return messages
    .filter((m) => THREAD_KINDS.has(m.kind) && reachedThePhone(m))
    .map((m) => {
      const them = m.kind === "customer";
      const auto = m.kind === "series" || m.kind === "courtesy";
      const who = them ? "Customer" : m.kind === "series" ? `Automatic${typeof m.step === "number" ? ` · step ${m.step + 1}` : ""}` : m.kind === "courtesy" ? "Automatic reply" : repName(m.repId ?? null);
      return { side: them ? "them" : "us", who, auto, body: m.body, media: m.media, at: m.at, delivery: them ? "" : deliveryInWords(m.status, m.errorCode) };
    });
}
