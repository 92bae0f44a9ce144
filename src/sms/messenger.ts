// How texts from the store number are recorded and sent. Every one is a row first, so the
// conversation shows every attempt, failed ones too. Three ways in:
// - `sendText`: record (`queued`, no sid), call Twilio, write its sid and status — series
//   steps, a rep's or the owner's text to a customer (`relay`), and the notices and digests
//   sent at once. Two rules live only here: a relay to a number that opted out is refused
//   (series steps get the dispatcher's own check right before the send), and a number's first
//   text from the store gets the first-contact notice (`firstContactStore`). The two ways
//   below apply neither.
// - `sendSoon`: texts to reps nobody waits on (a customer's words forwarded, a webhook's
//   notices): `recordOutgoing` now, `deliverRecorded` after the webhook has answered.
// - `recordTwimlReply`: an answer that goes back inside the webhook's TwiML (Twilio sends it):
//   the row is written `sent`; nothing here calls Twilio.
// Rows already recorded are sent by `deliverRecorded` alone: the Scheduler's
// pending-texts job (series/dispatcher.ts) sends a deferred text whose Worker died, and
// `retryRelay` tries a relay Twilio refused with a 429/5xx (reading the opt-out itself; the
// row already holds any first-contact notice). A caller that keeps a ledger (the follow-up
// dispatcher's step claims) links it to the row in the row's own batch (`recordAlong`),
// before the call: a run that dies during the call leaves a claim with a message, which
// means "maybe sent" (docs/architecture.md, "Exactly once"); and writes its outcome in the
// answer's batch (`settleAlong`).
import type { Db, Statement } from "../db/client";
import { insertMessageWith, textedStatement, updateMessageStatement, updateMessageWith, type MessagePatch } from "../db/message-queries";
import { clipText } from "../domain/clip-text";
import { withFirstContactNoticeWithin } from "../domain/first-contact";
import { optedOutStatement } from "../db/opt-out-queries";
import type { Message, MessageKind, SeriesKey } from "../db/schema";
import { MAX_SMS_BODY } from "../twilio/limits";
import { errorSummary } from "../domain/log";
import { classifySendFailure, pendingRetryDelayMs, RELAY_GIVE_UP_MS, type SendFailure } from "../twilio/errors";
import type { SendResult, SmsProvider } from "../twilio/provider";

export interface Messenger {
  db: Db;
  provider: SmsProvider;
  storeNumber: string;
  now: () => number;
  /**
   * Runs work after the answer (a webhook's `ctx.waitUntil`), for `sendSoon`. Absent: the
   * work is awaited where it is asked for (the Scheduler, tests).
   */
  defer?: (work: Promise<unknown>) => void;
  /** Called before a deferred send: make sure the Scheduler looks at pending texts by `at` (if this Worker dies). */
  pendingBy?: (at: number) => Promise<void>;
  /**
   * Called when Twilio finally refused a deferred text (21610, 21211, another 4xx), after its
   * row says so: a customer's words to a rep's phone that cannot get them go to another rep
   * (series/forward-refused.ts).
   */
  refused?: (message: Message, verdict: "optedout" | "undeliverable" | "failed") => Promise<void>;
}

/** A text recorded for a deferred send and still without a sid this long after belongs to a Worker that died: it is sent again. */
export const PENDING_STALE_MS = 30_000;

/** The kinds `sendSoon` sends: texts to reps whose outcome nobody waits for. */
export const DEFERRED_KINDS = ["forward", "notice"] as const satisfies readonly MessageKind[];

/**
 * The kinds whose rows, left queued without a sid PENDING_STALE_MS on, the Scheduler's
 * pending-texts job looks at: a deferred text is sent; a relay (a person's text to a
 * customer, sent inside its webhook, whose call times out in 10 s) that Twilio refused with
 * a 429/5xx has a `retry_at` and is tried again; one without belonged to a Worker that died
 * during the call — it may have gone, so it is settled `unknown` and the rep told.
 */
export const PENDING_KINDS = [...DEFERRED_KINDS, "relay"] as const satisfies readonly MessageKind[];

export interface Outgoing {
  kind: MessageKind;
  to: string;
  body: string;
  leadId?: number | null;
  repId?: number | null;
  media?: string[];
  validitySeconds?: number;
  /** A series step names its series and step (stats, the exactly-once audit). */
  seriesKey?: SeriesKey;
  stepIndex?: number;
  /**
   * A person's text to a customer (a rep's or the owner's): the store's name. When the store
   * never texted the number before, the text gets the first-contact notice (the store's
   * name and how to opt out), as a series step's does. Read in the row's own batch.
   */
  firstContactStore?: string;
}

export interface SendHooks {
  /** Written in the queued row's own batch, before it: a ledger's claim (if it fails, nothing is written and sendText throws). */
  recordBefore?: Statement[];
  /** Written in the queued row's own batch, after it: a ledger's link to the row (one round trip). */
  recordAlong?: Statement[];
  /**
   * Last word before the provider is called (the dispatcher's pacing slot and a final
   * check): false cancels the send, and the row is marked `canceled`.
   */
  ready?: () => Promise<boolean>;
  /** Written in the batch that records Twilio's answer (one round trip); their results come back in `Sent.settled`. */
  settleAlong?: (verdict: Sent["verdict"]) => Statement[];
  /** Told the results of `recordBefore`, once the queued row's batch is written. */
  recorded?: (before: unknown[]) => void;
  /**
   * Writes the answer's batch (Twilio's sid and status, then `settleAlong`) and resolves with
   * its results. Given, `sendText` returns once Twilio has answered, without waiting for the
   * write (`Sent.settled`): the dispatcher lets it ride in another step's batch
   * (db/carpool.ts). Default: written at once, before `sendText` returns.
   */
  settleWith?: (statements: Statement[]) => Promise<unknown[]>;
}

export interface Sent {
  message: Message;
  result: SendResult;
  /** What the answer means: "sent", or the failure's class (twilio/errors.ts). */
  verdict: "sent" | "canceled" | SendFailure;
  /** Resolves with the results of the hooks' `settleAlong` statements once the answer's batch is written (already, without `settleWith`). */
  settled: Promise<unknown[]>;
}

/** Clips a body to what one message may carry (a forward repeats up to 1,600 characters after its tag). */
export function clipBody(body: string): string {
  return clipText(body, MAX_SMS_BODY);
}

/**
 * Texts a person asked for (a rep's or the owner's relay): never sent to an opted-out
 * number. Series steps are checked by the dispatcher itself, with a fresh read right before
 * the send (its D1 budget per step has no room for a second one).
 */
const TO_CUSTOMER: ReadonlySet<MessageKind> = new Set(["relay"]);

/** What Twilio answers a send to a number that opted out. */
const OPTED_OUT: SendResult = { ok: false, httpStatus: 400, errorCode: 21610, message: "the number opted out" };

/** True when Twilio did not take the text now (429/5xx) and it waits to be tried again (`retry_at`, the pending-texts job). */
export function willRetry(sent: Pick<Sent, "message">): boolean {
  return sent.message.status === "queued" && sent.message.retryAt !== null && sent.message.sid === null;
}

/** True when the send path itself refused the text (the number had opted out): Twilio was not called. */
export function refusedOptedOut(sent: Sent): boolean {
  return sent.result === OPTED_OUT;
}

/** A relay's next try: the waits double, but the last one lands by RELAY_GIVE_UP_MS, never past it. */
function relayRetryDelayMs(ageMs: number): number | null {
  const delay = pendingRetryDelayMs(ageMs, RELAY_GIVE_UP_MS);
  return delay === null ? null : Math.min(delay, RELAY_GIVE_UP_MS - ageMs);
}

/** Records an outgoing text as `queued` (no sid yet): the row every send path writes first. */
async function recordOutgoing(m: Messenger, out: Outgoing, along: { before?: Statement[]; after?: Statement[] } = {}): Promise<{ message: Message; before: unknown[] }> {
  const row = {
    direction: "out",
    kind: out.kind,
    leadId: out.leadId ?? null,
    repId: out.repId ?? null,
    from: m.storeNumber,
    to: out.to,
    body: clipBody(out.body),
    media: out.media ?? [],
    status: "queued",
    seriesKey: out.seriesKey ?? null,
    stepIndex: out.stepIndex ?? null,
    at: m.now(),
  } as const;
  return insertMessageWith(m.db, row, along);
}

export async function sendText(m: Messenger, out: Outgoing, hooks: SendHooks = {}): Promise<Sent> {
  // The last line of "opt-out is sacred": whoever asks, a text to a customer whose number
  // opted out is refused here, answered as Twilio would (21610), so every caller's handling
  // applies. Read in the batch that records the row (no round trip of its own), before the
  // pacing slot (`ready`), so the slot-to-Twilio time stays flat; the dispatcher's own last
  // check in `ready` covers a STOP that lands while it waits.
  const checked = TO_CUSTOMER.has(out.kind);
  const store = out.firstContactStore;
  const reads = [...(checked ? [optedOutStatement(m.db, out.to)] : []), ...(store !== undefined ? [textedStatement(m.db, out.to)] : [])];
  const recorded = await recordOutgoing(m, out, { before: [...reads, ...(hooks.recordBefore ?? [])], after: hooks.recordAlong ?? [] });
  const { before: read } = recorded;
  const found = (i: number) => Array.isArray(read[i]) && read[i].length > 0;
  const refused = checked && found(0);
  const firstText = store !== undefined && !found(reads.length - 1); // the texted read is the last of `reads`
  hooks.recorded?.(read.slice(reads.length));
  // The number's first text from the store: the row takes the notice before the call (one
  // more round trip, once per number).
  const message = firstText && !refused ? await withNotice(m, recorded.message, store) : recorded.message;
  if (hooks.ready && !(await hooks.ready())) {
    const along = await updateMessageWith(m.db, message.id, { status: "canceled" }, hooks.settleAlong?.("canceled") ?? []);
    return { message: { ...message, status: "canceled" }, result: { ok: false, httpStatus: null, errorCode: null, message: "canceled" }, verdict: "canceled", settled: Promise.resolve(along) };
  }
  return refused ? settle(m, message, OPTED_OUT, hooks) : deliverRecorded(m, message, out.validitySeconds, hooks);
}

async function withNotice(m: Messenger, message: Message, store: string): Promise<Message> {
  const body = withFirstContactNoticeWithin(message.body, store, MAX_SMS_BODY);
  await updateMessageWith(m.db, message.id, { body }, []);
  return { ...message, body };
}

/** Calls Twilio for a recorded row and records what the answer means. */
export async function deliverRecorded(m: Messenger, message: Message, validitySeconds?: number, hooks: SendHooks = {}): Promise<Sent> {
  const result = await m.provider.send({
    to: message.to,
    from: message.from,
    body: message.body,
    mediaUrls: message.media,
    ...(validitySeconds !== undefined ? { validitySeconds } : {}),
  });
  return settle(m, message, result, hooks);
}

/** What a text's row says after the provider answered (or refused to call), `now`. */
function answeredPatch(message: Message, result: SendResult, verdict: Sent["verdict"], now: number): MessagePatch {
  // A text that went on a later try loses the earlier try's error.
  if (result.ok) return { sid: result.sid, status: result.status, ...(message.errorCode !== null ? { errorCode: null } : {}) };
  const errorCode = result.errorCode === null ? null : String(result.errorCode);
  const toRep = (DEFERRED_KINDS as readonly MessageKind[]).includes(message.kind);
  // Never left this Worker: a text to a rep stays pending (the pending-texts job sends it
  // after PENDING_STALE_MS); any other is canceled, and its sender sends it again.
  if (verdict === "not-sent") return { status: toRep ? "queued" : "canceled" };
  // A text to a rep that Twilio did not take (429/5xx) or did not answer stays pending too,
  // tried again with growing waits for an hour: a customer's words reach the rep at least
  // once (a second copy beats a lost one). A person's text to a customer is tried again
  // only when Twilio said it did not take it (429/5xx), for RELAY_GIVE_UP_MS: never twice blindly.
  const delay =
    toRep && (verdict === "retry" || verdict === "unknown")
      ? pendingRetryDelayMs(now - message.at)
      : TO_CUSTOMER.has(message.kind) && verdict === "retry"
        ? relayRetryDelayMs(now - message.at)
        : null;
  if (delay !== null) return { status: "queued", errorCode, retryAt: now + delay };
  return { status: verdict === "unknown" ? "unknown" : "failed", errorCode };
}

async function settle(m: Messenger, message: Message, result: SendResult, hooks: SendHooks): Promise<Sent> {
  const verdict = result.ok ? "sent" : classifySendFailure(result.httpStatus, result.errorCode, result.neverLeft);
  const patch = answeredPatch(message, result, verdict, m.now());
  const settleAlong = hooks.settleAlong?.(verdict) ?? [];
  const settled = hooks.settleWith
    ? hooks.settleWith([updateMessageStatement(m.db, message.id, patch), ...settleAlong]).then((results) => results.slice(1))
    : Promise.resolve(await updateMessageWith(m.db, message.id, patch, settleAlong));
  return { message: { ...message, ...patch }, result, verdict, settled };
}

/**
 * A text to a rep that nobody waits on (a customer's words forwarded, a STOP notice): the
 * row is recorded now (`queued`, no sid), the Twilio call runs after the webhook has
 * answered (`defer`), so Twilio's latency never holds the webhook. If the Worker dies
 * before the call is answered, the row stays without a sid and the Scheduler's pending-texts
 * job sends it after PENDING_STALE_MS: at least once (a Worker killed during the call may
 * have sent it already; a second copy to a rep beats a lost customer message). `before`:
 * statements written in the row's own batch, ahead of it (a customer's reply recorded with
 * its forward: inbound/customer-text.ts); their results come back.
 */
export async function sendSoon(m: Messenger, out: Outgoing & { kind: (typeof DEFERRED_KINDS)[number] }, before: Statement[] = []): Promise<{ message: Message; before: unknown[] }> {
  const recorded = await recordOutgoing(m, out, { before });
  const { message } = recorded;
  const work = (async () => {
    await m.pendingBy?.(message.at + PENDING_STALE_MS);
    const delivered = await deliverRecorded(m, message);
    const { verdict } = delivered;
    // The row as Twilio's answer left it (its error code: what the next rep is told).
    if (m.refused && (verdict === "optedout" || verdict === "undeliverable" || verdict === "failed")) await m.refused(delivered.message, verdict);
  })();
  if (m.defer) m.defer(work.catch((error: unknown) => console.error("deferred send failed", errorSummary(error))));
  else await work;
  return recorded;
}

/** Records a text that goes back to the sender inside the webhook's TwiML answer; `along` is written in the same batch. */
export async function recordTwimlReply(m: Messenger, to: string, body: string, kind: MessageKind, leadId: number | null, repId: number | null, along: Statement[] = []) {
  const { message } = await insertMessageWith(m.db, {
    direction: "out",
    kind,
    leadId,
    repId,
    from: m.storeNumber,
    to,
    body,
    media: [],
    status: "sent",
    at: m.now(),
  }, { before: along });
  return message;
}
