// A rep the owner made inactive, or whose leads the owner handed to another rep: the customers
// who wrote to them and are still waiting for an answer are not left waiting until they write
// again. Made inactive, each moves to the next active rep in turn; handed over, to the rep
// they were handed to. That rep gets the customer's last text, told whose customer it was — as
// a customer of an inactive rep who writes in is (customer-text.ts, rep-in-turn `moveToNextRep`).
// A cover made inactive hands on the customers it covered too: to their rep, or a new cover.
import { coveredWaiting, digestLeads, getLead } from "../db/lead-queries";
import { lastExchange, messagesOfLead, NEVER_REACHED } from "../db/message-queries";
import { optedOutAmong } from "../db/opt-out-queries";
import { getRep } from "../db/rep-queries";
import type { Lead, Message, Rep } from "../db/schema";
import { coverTag } from "../series/forward-refused";
import { handedTag, movedTag, moveToNextRep, pickCover } from "../series/rep-in-turn";
import { sendSoon, type Messenger } from "../sms/messenger";
import { whyNotReachable } from "./customer-text";
import { repliesAmong } from "./keywords";
import { forwardText, movedAlreadyForwardedText } from "./texts";

/** The customers of `rep` with a reply waiting (the digest's "replies waiting": they wrote last, and their number can be texted back). */
export async function waitingReplies(m: Messenger, rep: Rep): Promise<number[]> {
  return (await digestLeads(m.db, rep.id, m.now())).waiting.map((l) => l.id);
}

/**
 * Moves `rep`'s customers with a reply waiting to the next active reps in turn, and forwards
 * each one's last text. Returns how many moved: none when no rep is active (their next text
 * is kept for the first rep in, as any is then).
 */
export async function handOnWaitingReplies(m: Messenger, rep: Rep): Promise<number> {
  let moved = 0;
  for (const id of await waitingReplies(m, rep)) {
    const waiting = await stillWaiting(m, id, (lead) => lead.repId === rep.id);
    if (!waiting) continue;
    const next = await moveToNextRep(m, waiting.lead);
    if (!next) break;
    moved += 1;
    await handOn(m, waiting, next, movedTag(rep));
  }
  await handOnCovered(m, rep);
  return moved;
}

/**
 * Another rep's customers `rep` covered for (their rep away, or their phone opted out) who
 * wrote last, unanswered (routing audit: the question stayed with the inactive cover): their
 * last text goes to their own rep if they can take it now, else to a new cover.
 */
async function handOnCovered(m: Messenger, cover: Rep): Promise<void> {
  for (const { id } of await coveredWaiting(m.db, cover.id)) {
    const waiting = await stillWaiting(m, id, (lead) => lead.coverRepId === cover.id);
    if (!waiting) continue;
    const { lead } = waiting;
    const own = await getRep(m.db, lead.repId);
    if (!own?.active) continue;
    const why = whyNotReachable(own, m.now(), await optedOutAmong(m.db, [own.phone]));
    const to = why === null ? own : await pickCover(m, lead, own.id);
    if (!to) continue;
    await handOn(m, waiting, to, to.id === own.id ? `[${cover.name} covered and is not an active rep] ` : coverTag(own, why ?? ""));
  }
}

/**
 * After the owner handed `from`'s leads to `to`: each of `waiting` (`waitingReplies`, read
 * before the hand-over) now `to`'s, gets its last text to `to` (routing audit: the question
 * stayed with the rep who left).
 */
export async function handOnAfterHandover(m: Messenger, from: Rep, to: Rep, waiting: readonly number[]): Promise<void> {
  // A rep handed the leads while away (or whose phone opted out): their cover takes the words, as for any text of theirs (fixes audit).
  const why = whyNotReachable(to, m.now(), await optedOutAmong(m.db, [to.phone]));
  for (const id of waiting) {
    const still = await stillWaiting(m, id, (lead) => lead.repId === to.id);
    if (!still) continue;
    const cover = why === null ? null : await pickCover(m, still.lead, to.id, from.id);
    await (cover ? handOn(m, still, cover, coverTag(to, why ?? "")) : handOn(m, still, to, handedTag(from)));
  }
}

/** At most this many of a customer's unanswered texts are handed on, the latest. */
const HANDED_ON_TEXTS = 3;

interface Waiting {
  lead: Lead;
  history: Message[];
  /** The customer's texts since the thread's last text of ours that reached them, oldest first (the last is the thread's last). */
  unanswered: Message[];
}

/** The lead, if still `held` (by its rep or cover: the lead read once) and its customer's last text still waits on an answer. */
async function stillWaiting(m: Messenger, id: number, held: (lead: Lead) => boolean): Promise<Waiting | null> {
  const lead = await getLead(m.db, id);
  // Moved or answered since the list was read: no longer this rep's reply waiting.
  if (!lead || !held(lead)) return null;
  const history = await messagesOfLead(m.db, id);
  const last = lastExchange(history);
  if (last?.kind !== "customer") return null;
  // A START after their STOP, or a HELP, was answered already: no reply waits on it (docs
  // audit: a bare START was handed on as one). A "Yes" from a number not opted out is words.
  const said = history.filter((t) => t.kind === "customer").map((t) => ({ ...t, phone: t.from }));
  const replies = new Set(repliesAmong(said).map((t) => t.id));
  if (!replies.has(last.id)) return null;
  // Every question since the store last reached them, not only the last (fixes audit).
  const ours = history.filter((t) => (t.kind === "relay" || t.kind === "series") && !(NEVER_REACHED as readonly string[]).includes(t.status)).at(-1);
  const unanswered = said.filter((t) => replies.has(t.id) && (ours === undefined || t.id > ours.id)).slice(-HANDED_ON_TEXTS);
  return { lead, history, unanswered };
}

/**
 * The customer's unanswered texts to `to`, each after `tag`, oldest first; those `to` got
 * already (they covered) are not sent again: when `to` had them all, only that the customer
 * is theirs now.
 */
async function handOn(m: Messenger, { lead, history, unanswered }: Waiting, to: Rep, tag: string): Promise<void> {
  const had = (text: Message) => history.some((t) => t.kind === "forward" && t.repId === to.id && t.at >= text.at);
  const fresh = unanswered.filter((t) => !had(t));
  const last = unanswered.at(-1)!;
  if (fresh.length === 0) {
    await sendSoon(m, { kind: "notice", to: to.phone, body: tag + movedAlreadyForwardedText(lead, last.body, last.media.length), leadId: lead.id, repId: to.id });
    return;
  }
  for (const text of fresh) await sendSoon(m, { kind: "forward", to: to.phone, body: tag + forwardText(lead, text.body, text.media.length), leadId: lead.id, repId: to.id, media: text.media });
}
