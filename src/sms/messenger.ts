// Sends one text from the store number and records it: the row is written as `queued`
// before the provider is called and updated with Twilio's sid and status after, so the
// conversation shows every attempt, including failed ones.
import type { Db } from "../db/client";
import { insertMessage, updateMessage } from "../db/message-queries";
import { isOptedOut } from "../db/opt-out-queries";
import type { Message, MessageKind } from "../db/schema";
import { MAX_SMS_BODY } from "../series/segments";
import type { SendResult, SmsProvider } from "../twilio/provider";

export interface Messenger {
  db: Db;
  provider: SmsProvider;
  storeNumber: string;
  now: () => number;
}

export interface Outgoing {
  kind: MessageKind;
  to: string;
  body: string;
  leadId?: number | null;
  repId?: number | null;
  media?: string[];
  validitySeconds?: number;
}

/** Texts to a customer: never sent to an opted-out number, whoever asks. */
const TO_CUSTOMER: ReadonlySet<MessageKind> = new Set(["relay", "series"]);

/** What Twilio answers a send to a number that opted out (21610): callers already handle it. */
const OPTED_OUT: SendResult = { ok: false, httpStatus: 400, errorCode: 21610, message: "the number opted out" };

export async function sendText(m: Messenger, out: Outgoing): Promise<{ message: Message; result: SendResult }> {
  const media = out.media ?? [];
  // The last line of "opt-out is sacred": checked here too, so no path can text the number.
  const refused = TO_CUSTOMER.has(out.kind) && (await isOptedOut(m.db, out.to));
  // A forward repeats up to 1,600 characters of the customer's text after its tag.
  const body = Array.from(out.body).length > MAX_SMS_BODY ? `${Array.from(out.body).slice(0, MAX_SMS_BODY - 3).join("")}...` : out.body;
  out = { ...out, body };
  const message = await insertMessage(m.db, {
    direction: "out",
    kind: out.kind,
    leadId: out.leadId ?? null,
    repId: out.repId ?? null,
    from: m.storeNumber,
    to: out.to,
    body: out.body,
    media,
    status: "queued",
    at: m.now(),
  });
  const result = refused
    ? OPTED_OUT
    : await m.provider.send({
        to: out.to,
        from: m.storeNumber,
        body: out.body,
        mediaUrls: media,
        ...(out.validitySeconds !== undefined ? { validitySeconds: out.validitySeconds } : {}),
      });
  const patch = result.ok
    ? { sid: result.sid, status: result.status }
    : { status: result.httpStatus === null ? "unknown" : "failed", errorCode: result.errorCode === null ? null : String(result.errorCode) };
  await updateMessage(m.db, message.id, patch);
  return { message: { ...message, ...patch }, result };
}

/** Records a text that goes back to the sender inside the webhook's TwiML answer. */
export function recordTwimlReply(m: Messenger, to: string, body: string, kind: MessageKind, leadId: number | null, repId: number | null) {
  return insertMessage(m.db, {
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
  });
}
