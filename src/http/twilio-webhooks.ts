// Twilio's webhooks: POST /twilio/sms (inbound SMS/MMS) and POST /twilio/status (delivery
// status callbacks). Verify, then parse, then act: the signature is checked over every
// received parameter before anything is read or stored (when TWILIO_AUTH_TOKEN is set). An
// account SID without an auth token refuses every webhook (503): it must not trust them.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { dbFrom, type Db } from "../db/client";
import { twilioMode } from "../env";
import { errorSummary, errorWithFrames } from "../domain/log";
import { isCrossOriginRequest, isRebindableHostRequest } from "./cross-origin";
import { adoptUnconfirmed, hasSid, hasTextInFlight, updateStatusBySid } from "../db/message-queries";
import { getRepByPhone } from "../db/rep-queries";
import { readInbound, type InboundRead } from "../db/inbound-queries";
import { getSettings, setStoreNumberIfUnset, setTwilioOrigin } from "../db/settings-queries";
import { countryOf, normalizePhone } from "../domain/phone";
import type { Message } from "../db/schema";
import { handleDeliveryStatus } from "../inbound/delivery-status";
import { handleInbound } from "../inbound/handle-inbound";
import { PROBLEM_TEXT } from "../inbound/texts";
import { MAX_FORM_BYTES, readForm, param, type FormParams } from "../twilio/form";
import { isOtherChannel, isSenderId, parseInboundSms } from "../twilio/inbound-sms";
import { providerFromEnv } from "../twilio/provider";
import { isValidTwilioSignature, signedUrls } from "../twilio/signature";
import { twimlResponse } from "../twilio/twiml";
import { forwardRefused } from "../series/forward-refused";
import { schedulerFor } from "../series/scheduler-client";
import { deferrer, pendingByOf } from "./after-answer";

type Ctx = Context<{ Bindings: Env }>;

export const twilioWebhooks = new Hono<{ Bindings: Env }>();

// Cut off at the limit as it arrives, before the signature check reads it.
twilioWebhooks.use(bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text("body too large: a Twilio webhook is at most 64 KB", 413) }));

function twiml(c: Ctx, texts: string[]): Response {
  return c.body(twimlResponse(texts), 200, { "content-type": "text/xml; charset=utf-8" });
}

/** The 403 of an unsigned webhook from a page at a name that may be rebound here (the simulator shows it). */
export const REBINDABLE_HOST = "This page was opened at a name Beback cannot trust with unsigned texts: open it at localhost or an IP address, or set PUBLIC_BASE_URL to this address.";

/** The verified form, or the error response to send instead. */
async function verifiedForm(c: Ctx): Promise<FormParams | Response> {
  const mode = twilioMode(c.env).webhooks;
  if (mode === "refused") {
    // One line, no body, no numbers: the operator's fix is in the configuration.
    console.error("Twilio webhook refused: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not, so signatures cannot be checked");
    return c.text("Twilio webhooks are refused: this server has TWILIO_ACCOUNT_SID but no TWILIO_AUTH_TOKEN", 503);
  }
  if (mode === "unchecked" && isCrossOriginRequest(c.req)) {
    // Unsigned webhooks are trusted on the local outbox, from Twilio-less callers (curl, the
    // simulator's own page), but never from another origin's page in the owner's browser,
    return c.text("a webhook from another origin's page is refused", 403);
  }
  if (mode === "unchecked" && isRebindableHostRequest(c.req, c.env.PUBLIC_BASE_URL)) {
    // nor from a page that reached this server by a name that may be rebound to it.
    return c.text(REBINDABLE_HOST, 403);
  }
  const params = await readForm(c.req.raw);
  const token = c.env.TWILIO_AUTH_TOKEN;
  if (mode === "checked") {
    // A body we cannot read cannot be verified either: 403 before any detail.
    const urls = signedUrls(c.req.url, c.env.PUBLIC_BASE_URL, c.req.header("host"));
    if (!params || !urls.some((url) => isValidTwilioSignature(token, c.req.header("x-twilio-signature"), url, params))) {
      return c.text("invalid Twilio signature", 403);
    }
  }
  if (!params) return c.text("expected an application/x-www-form-urlencoded body", 400);
  return params;
}

/**
 * A store whose owner has not set its number yet takes the number Twilio says was texted
 * (`To`, in E.164, and not a rep's phone): the store's texts need a From, and every text
 * that reaches the store came to it.
 */
async function learnStoreNumber(db: Db, read: InboundRead, to: string): Promise<InboundRead> {
  if (read.settings.storeNumber !== "" || !to.trim().startsWith("+")) return read;
  const storeNumber = normalizePhone(to, { defaultCountry: "US" });
  if (!storeNumber || (await getRepByPhone(db, storeNumber))) return read;
  await setStoreNumberIfUnset(db, storeNumber);
  return { ...read, settings: { ...read.settings, storeNumber } };
}

twilioWebhooks.post("/sms", async (c) => {
  const params = await verifiedForm(c);
  if (params instanceof Response) return params;
  const parsed = parseInboundSms(params);
  if (!parsed.ok) return c.json({ error: "invalid Twilio webhook", issues: parsed.issues }, 400);
  const db = dbFrom(c.env.DB);
  let from: string | null = null;
  // Whether the sender was a rep as the text was first read: one removed while their text is
  // handled (the owner's delete, at that moment) still gets an answer.
  let fromRep = false;
  try {
    // Twilio sends From in E.164 (+…), which needs no default country: the settings then come
    // in the same round trip as everything the text is routed by. Anything else is read with
    // the store's default country first.
    const e164 = parsed.sms.from.trim().startsWith("+") ? normalizePhone(parsed.sms.from, { defaultCountry: "US" }) : null;
    from = e164 ?? normalizePhone(parsed.sms.from, { defaultCountry: countryOf((await getSettings(db)).defaultCountry) });
    if (!from) {
      // A short code's or an alphanumeric sender's text (a verification code, a carrier's
      // notice) is Twilio's to deliver but nobody's to answer: not a customer, so nothing is
      // stored or forwarded, and Twilio gets its 200 (a 400 shows as a webhook error in its console).
      // So is a message of another of Twilio's channels (WhatsApp, …) sent to this webhook.
      if (isSenderId(parsed.sms.from) || isOtherChannel(parsed.sms.from)) return twiml(c, []);
      return c.json({ error: "invalid Twilio webhook", issues: [{ path: "From", message: "must be a phone number, a short code or an alphanumeric sender ID" }] }, 400);
    }
    const read = await learnStoreNumber(db, await readInbound(db, from), parsed.sms.to);
    fromRep = read.rep !== undefined;
    const { settings } = read;
    // A text from the store's own number (a loop, or the simulator's customer phone set to
    // it) is nobody's: answering it would text the store itself. Nothing is stored.
    if (from === settings.storeNumber || from === parsed.sms.to.trim()) return twiml(c, []);
    const origin = new URL(c.req.url).origin;
    // Where Twilio calls, signed: the StatusCallback base of texts sent with no request of
    // Twilio's (follow-ups, the owner's texts) while PUBLIC_BASE_URL is unset. Written once.
    if (twilioMode(c.env).webhooks === "checked" && !c.env.PUBLIC_BASE_URL && settings.twilioOrigin !== origin) await setTwilioOrigin(db, origin);
    const ctx = {
      db,
      settings,
      provider: providerFromEnv(c.env, origin),
      storeNumber: settings.storeNumber || parsed.sms.to,
      now: () => Date.now(),
      scheduler: schedulerFor(c.env),
      // Texts to reps (forwards, notices) go out after the answer: Twilio's latency never
      // holds the webhook (messenger.ts sendSoon; a Worker that dies first leaves them to the
      // Scheduler's pending-texts job, which it asks to look at them: lookAtPendingBy).
      defer: deferrer(c),
      pendingBy: pendingByOf(c),
      // A forward Twilio refuses goes to another rep (customer-text.ts).
      refused: (message: Message, verdict: "optedout" | "undeliverable" | "failed") => forwardRefused(ctx, message, verdict),
    };
    return twiml(c, await handleInbound(ctx, parsed.sms, from, read));
  } catch (error) {
    // A failure of ours (D1 unavailable, a bug): logged once, without the text or numbers.
    // A rep still gets an answer; Twilio gets a 200, as a retry would not help.
    console.error("inbound text failed", errorWithFrames(error));
    const rep = fromRep || (from !== null && (await getRepByPhone(db, from).catch(() => undefined)) !== undefined);
    return twiml(c, rep ? [PROBLEM_TEXT] : []);
  }
});

const STATUS_RE = /^[a-z_]{3,20}$/;
/**
 * When a status callback for a sid not recorded yet looks for it again: 1, 3, 7, 11 and 15 s
 * after it came. The sid is usually written within ~50 ms of Twilio's answer, but Twilio's
 * 201 itself may be slow (the call waits up to 10 s for it) while the callback is not; and
 * when the 201 never comes in time, the text is `unknown` by the last looks, and the callback
 * is taken as its (adoptUnconfirmed).
 */
const SID_LOOKS_MS = [1_000, 2_000, 4_000, 4_000, 4_000];
/** How old an `unknown` text may be for a callback with a sid we never learned to be taken as its. */
const ADOPT_WINDOW_MS = 24 * 3_600_000;
/** How long ago a text still on its way to Twilio may have been recorded (a call waits 10 s for the answer, a connection and its pacing slot before it). */
const SEND_WINDOW_MS = 60_000;

twilioWebhooks.post("/status", async (c) => {
  const params = await verifiedForm(c);
  if (params instanceof Response) return params;
  const sid = param(params, "MessageSid") ?? "";
  // Twilio's statuses are lower case; any case is read as one.
  const status = (param(params, "MessageStatus") ?? "").toLowerCase();
  // An empty ErrorCode is no error code.
  const errorCode = param(params, "ErrorCode") || null;
  const issues = [
    ...(/^[A-Za-z0-9]{10,64}$/.test(sid) ? [] : [{ path: "MessageSid", message: "must be a Twilio message sid (10–64 letters and digits)" }]),
    ...(STATUS_RE.test(status) ? [] : [{ path: "MessageStatus", message: "must be a Twilio message status, like delivered" }]),
    ...(errorCode === null || /^\d{1,6}$/.test(errorCode) ? [] : [{ path: "ErrorCode", message: "must be a number" }]),
  ];
  if (issues.length > 0) return c.json({ error: "invalid status callback", issues }, 400);
  const db = dbFrom(c.env.DB);
  const apply = async () => {
    const message = await updateStatusBySid(db, sid, status, errorCode);
    if (!message) return false;
    const settings = await getSettings(db);
    // A forward the carrier did not deliver goes to another rep (delivery-status.ts), sent
    // here; the Scheduler is asked to look at it by when a Worker that died would leave it.
    const messenger = { db, provider: providerFromEnv(c.env, new URL(c.req.url).origin), storeNumber: settings.storeNumber, now: () => Date.now(), pendingBy: pendingByOf(c) };
    await handleDeliveryStatus(messenger, message);
    return true;
  };
  // A callback can overtake the write of the sid it names (a step's answer rides in the
  // next claim's batch, tens of ms after Twilio's 201; Twilio's 201 may come late): a sid
  // not found yet is looked for again after the answer, for as long as a call to Twilio may
  // take, so an early "undelivered 30005" is not lost.
  try {
    if (!(await apply()) && !(await hasSid(db, sid))) {
      // Twilio's answer to our call never came (the text is `unknown`), but Twilio took it: its
      // callback names the number, and the one such text to it takes the sid and the status.
      const to = param(params, "To") ?? "";
      const phone = /^\+\d{6,15}$/.test(to);
      const adopt = async () => phone && (await adoptUnconfirmed(db, to, sid, Date.now() - ADOPT_WINDOW_MS)) && (await apply());
      if (await adopt()) return twiml(c, []);
      // The callback came while our call to that number still waited for Twilio's answer: once
      // the answer comes, the sid is found; once the call gives up on it (unknown), the
      // callback is taken. Only then: a text of ours that starts later is not the callback's.
      const inFlight = phone && (await hasTextInFlight(db, to, Date.now() - SEND_WINDOW_MS));
      const lookAgain = async () => {
        for (const wait of SID_LOOKS_MS) {
          await new Promise((resolve) => setTimeout(resolve, wait));
          if ((await apply()) || (inFlight && (await adopt()))) return;
        }
      };
      const work = lookAgain().catch((error: unknown) => console.error("status callback failed", errorSummary(error)));
      deferrer(c)?.(work);
    }
  } catch (error) {
    // A failure of ours (D1 unavailable, a bug): logged once. Twilio gets its 200, as for an
    // inbound text (a 5xx would only show as an error in its console).
    console.error("status callback failed", errorSummary(error));
  }
  // Unknown sids are acknowledged too: Twilio would only retry them.
  return twiml(c, []);
});
