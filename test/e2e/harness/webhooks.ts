// Twilio's side of a webhook: the form Twilio posts for an inbound text, signed with
// twilio's own getExpectedTwilioSignature (the algorithm the Worker checks against).
import { randomBytes } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";

export type WebhookParams = Record<string, string>;

/** X-Twilio-Signature for a POST of `params` to `url` (the full URL Twilio called). */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  return getExpectedTwilioSignature(authToken, url, params);
}

/** A fresh MessageSid shaped like Twilio's: "SM" + 32 hex digits. */
export function messageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

export interface InboundSms {
  from: string;
  to: string;
  body?: string;
  accountSid?: string;
  media?: { url: string; contentType: string }[];
  messageSid?: string;
  /** Twilio's Advanced Opt-Out class of the text (STOP, START, HELP), sent when the body is one of the service's keywords. */
  optOutType?: string;
}

/** The form Twilio posts to the SMS webhook for one inbound text (the fields Beback reads, and a few it does not). */
export function inboundSmsParams(sms: InboundSms): WebhookParams {
  const params: WebhookParams = {
    ToCountry: "US",
    SmsMessageSid: "",
    NumMedia: String(sms.media?.length ?? 0),
    SmsSid: "",
    SmsStatus: "received",
    Body: sms.body ?? "",
    To: sms.to,
    NumSegments: "1",
    MessageSid: sms.messageSid ?? messageSid(),
    AccountSid: sms.accountSid ?? `AC${"0".repeat(32)}`,
    From: sms.from,
    ApiVersion: "2010-04-01",
  };
  params.SmsMessageSid = params.SmsSid = params.MessageSid ?? "";
  if (sms.optOutType !== undefined) params.OptOutType = sms.optOutType;
  sms.media?.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.contentType;
  });
  return params;
}

export interface PostWebhookOptions {
  /** Sign with this auth token (over `url` and every parameter). */
  authToken?: string;
  /** Send exactly this X-Twilio-Signature instead (null: send none). Wins over authToken. */
  signature?: string | null;
}

/** POSTs a webhook form to `url` the way Twilio does. */
export function postWebhook(url: string, params: WebhookParams, options: PostWebhookOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "user-agent": "TwilioProxy/1.1",
    "i-twilio-idempotency-token": randomBytes(16).toString("hex"),
  };
  const signature = options.signature !== undefined ? options.signature : options.authToken !== undefined ? twilioSignature(options.authToken, url, params) : null;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(30_000) });
}

/** The texts of a webhook's TwiML answer (`<Message>…</Message>`), its XML escapes undone. */
export function twimlMessages(xml: string): string[] {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return [...xml.matchAll(/<Message[^>]*>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? "").replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([\da-f]+));/gi, (_, name: string, dec?: string, hex?: string) =>
      dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : entities[name.toLowerCase()]!,
    ),
  );
}
