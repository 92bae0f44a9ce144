// A lead's conversation as the customer saw it on their phone. Pure. The message log also
// holds the customer's texts forwarded to the rep, the rep's commands and Beback's answers
// and notices to the rep: those stay out of the customer's thread, and so do texts canceled
// before they went (a STOP, a reply or quiet hours came first): they never reached the phone.
// One thing of the rep's side shows: a customer's text whose forward did not reach the rep's
// phone says so in its delivery line ("Didn't reach Sam Rivera (error 30003); sent on to Kim
// Lee"), since the owner then knows the rep never read it.
import { carrierReason } from "../domain/carrier-reasons";
import type { MessageView } from "./types";

export interface ThreadItem {
  side: "them" | "us";
  /** Who wrote it: the customer, the rep (from the store number) or Beback automatically. */
  who: string;
  auto: boolean;
  body: string;
  media: string[];
  at: string;
  /**
   * Delivery in words, for our texts ("Delivered", "Not delivered (30006)"); for theirs, ""
   * unless its forward did not reach the rep ("Didn't reach Sam Rivera (error 30003)").
   */
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
  // Final: the call got no answer, or one that could not be read (a text to a customer is never sent twice blindly).
  unknown: "Twilio didn't confirm it: it may not have gone",
  outbox: "In the local outbox (not really sent)",
};

export function deliveryInWords(status: string, errorCode: string | null): string {
  const words = STATUS_WORDS[status] ?? status;
  if (!errorCode || (status !== "undelivered" && status !== "failed")) return words;
  // The carrier's reason in words where it has one ("Not delivered: their phone was off or out of reach (error 30003)").
  const reason = carrierReason(errorCode);
  return reason ? `${words}: ${reason} (error ${errorCode})` : `${words} (error ${errorCode})`;
}

/** Who sent the last text of a conversation, for the leads list. */
const LAST_BY: Record<string, string> = { series: "Automatic text", courtesy: "Automatic reply", relay: "Rep wrote" };
/** What became of an outbound text that did not go as meant, for the leads list. */
const LAST_PROBLEM: Record<string, string> = { failed: "failed", undelivered: "not delivered", unknown: "may not have gone" };

/**
 * The leads list's line for a conversation's last text, before its time: who wrote it and,
 * for ours, what went wrong with it; its words (a photo alone: "[photo]").
 */
export function lastTextLine(m: Pick<MessageView, "direction" | "kind" | "status" | "body" | "media">): { who: string; words: string } {
  const who = m.direction === "in" ? "They wrote" : (LAST_BY[m.kind] ?? "Sent");
  const problem = m.direction === "out" ? LAST_PROBLEM[m.status] : undefined;
  const words = m.body.trim() === "" && m.media.length > 0 ? "[photo]" : `“${m.body.slice(0, 90)}${m.body.length > 90 ? "…" : ""}”`;
  return { who: problem ? `${who} (${problem})` : who, words };
}

/** A text a phone really got: not one canceled before it went (a STOP, a reply or quiet hours came first). */
export const reachedThePhone = (m: Pick<MessageView, "status">): boolean => m.status !== "canceled";

const MISSED = ["undelivered", "failed", "unknown"];

/**
 * What the forwards of one customer's text say about it: "" when none missed the rep (on its
 * way, or gone); else each rep it did not reach, and each it was sent on to.
 */
function forwardNote(sent: MessageView[], repName: (id: number | null) => string): string {
  if (!sent.some((m) => MISSED.includes(m.status))) return "";
  const note = sent
    .filter(reachedThePhone)
    .map((m) => {
      const rep = repName(m.repId ?? null);
      if (m.status === "unknown") return `Twilio didn't confirm it reached ${rep}`;
      return MISSED.includes(m.status) ? `didn't reach ${rep}${m.errorCode ? ` (error ${m.errorCode})` : ""}` : `sent on to ${rep}`;
    })
    .join("; ");
  return note.charAt(0).toUpperCase() + note.slice(1);
}

/** `repName` names the rep who sent a text (a rep removed since: "a former rep"). */
export function customerThread(messages: MessageView[], repName: (id: number | null) => string): ThreadItem[] {
  const items: ThreadItem[] = [];
  /** The customer's texts shown, each with its forwards to reps. */
  const theirs: { item: ThreadItem; sent: MessageView[] }[] = [];
  // A follow-up Twilio refused for now (busy, a 5xx) and sent again later shows once, as the
  // try that went: the earlier tries never reached the phone, and are not texts of their own.
  const retried = new Set(messages.filter((m, i) => m.kind === "series" && m.status === "failed" && messages.slice(i + 1).some((n) => n.kind === "series" && n.step === m.step && n.body === m.body)));
  for (const m of messages) {
    if (retried.has(m)) continue;
    if (m.kind === "forward") {
      // The customer's text whose words it carries (the newest such, else the newest before it:
      // a forward passed on to another rep may come after a later text).
      const carried = [...theirs].reverse().find((t) => t.item.body.trim() !== "" && m.body.includes(t.item.body.trim())) ?? theirs[theirs.length - 1];
      carried?.sent.push(m);
      continue;
    }
    if (!THREAD_KINDS.has(m.kind) || !reachedThePhone(m)) continue;
    const them = m.kind === "customer";
    const auto = m.kind === "series" || m.kind === "courtesy";
    const who = them ? "Customer" : m.kind === "series" ? `Automatic${typeof m.step === "number" ? ` · step ${m.step + 1}` : ""}` : m.kind === "courtesy" ? "Automatic reply" : repName(m.repId ?? null);
    const item: ThreadItem = { side: them ? "them" : "us", who, auto, body: m.body, media: m.media, at: m.at, delivery: them ? "" : deliveryInWords(m.status, m.errorCode) };
    items.push(item);
    if (them) theirs.push({ item, sent: [] });
  }
  for (const { item, sent } of theirs) item.delivery = forwardNote(sent, repName);
  return items;
}
