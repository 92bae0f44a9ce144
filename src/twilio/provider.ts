// Where outbound texts go: Twilio's REST API (fetch, no SDK), or the local outbox when no
// Twilio credentials are set, so `npm start` works without accounts and nothing leaves
// the machine. Bindings read: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_BASE,
// PUBLIC_BASE_URL.
import * as v from "valibot";
import { consoleLog } from "../domain/log";

export interface OutgoingSms {
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  /** Seconds Twilio may hold the message in its queue before dropping it. */
  validitySeconds?: number;
}

export type SendResult =
  | { ok: true; sid: string; status: string }
  /**
   * httpStatus null: no answer (network error or timeout); a 2xx: Twilio answered "created"
   * but its body could not be read (no sid). Either way the message may have been accepted
   * (twilio/errors.ts calls both "unknown", never a retry).
   */
  | {
      ok: false;
      httpStatus: number | null;
      errorCode: number | null;
      message: string;
      /**
       * The runtime refused the call before it left this Worker (`TOO_MANY_SUBREQUESTS`):
       * Twilio never saw it, so it may go again (twilio/errors.ts: "not-sent").
       */
      neverLeft?: boolean;
    };

export interface SmsProvider {
  readonly name: "twilio" | "outbox";
  send(sms: OutgoingSms): Promise<SendResult>;
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * What `fetch` throws, before anything is sent, once an invocation has made as many
 * subrequests as its plan allows (Workers Free: 50 outside Cloudflare; Paid: 10,000, every
 * D1 query and Durable Object call counted too).
 */
const TOO_MANY_SUBREQUESTS = /too many subrequests/i;

/** The parts of Twilio's JSON answer (a Message resource, or an error) that Beback reads. */
const TwilioAnswer = v.looseObject({
  sid: v.optional(v.string()),
  // A Message's status is a word ("queued"); an error's is the HTTP status number.
  status: v.optional(v.union([v.string(), v.number()])),
  code: v.optional(v.pipe(v.number(), v.integer())),
  message: v.optional(v.string()),
});

export class TwilioRestProvider implements SmsProvider {
  readonly name = "twilio";
  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
    private readonly apiBase: string,
    private readonly statusCallback: string | null,
  ) {}

  async send(sms: OutgoingSms): Promise<SendResult> {
    const form = new URLSearchParams({ To: sms.to, From: sms.from, Body: sms.body });
    for (const url of sms.mediaUrls) form.append("MediaUrl", url);
    if (this.statusCallback) form.set("StatusCallback", this.statusCallback);
    if (sms.validitySeconds !== undefined) form.set("ValidityPeriod", String(sms.validitySeconds));
    const url = `${this.apiBase.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(this.accountSid)}/Messages.json`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${this.accountSid}:${this.authToken}`)}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : "network error";
      // Said in the Worker's log: a wrong TWILIO_API_BASE or Twilio out of reach shows there,
      // not only as texts whose fate is unknown (the address is the store's, not a customer's).
      consoleLog("twilio request failed", { apiBase: this.apiBase, error: `${error instanceof Error ? error.name : "Error"}: ${message}` });
      return { ok: false, httpStatus: null, errorCode: null, message, ...(TOO_MANY_SUBREQUESTS.test(message) ? { neverLeft: true } : {}) };
    }
    // A body cut off mid-read (the connection dropped) is as unreadable as a garbled one.
    const answer = v.safeParse(TwilioAnswer, await response.json().catch(() => null));
    const body = answer.success ? answer.output : {};
    if (response.ok && body.sid) return { ok: true, sid: body.sid, status: typeof body.status === "string" ? body.status : "queued" };
    return {
      ok: false,
      // A 2xx without a readable sid stays a 2xx: "unknown", not a failure to retry.
      httpStatus: response.status,
      errorCode: body.code ?? null,
      message: body.message ?? `HTTP ${response.status}`,
    };
  }
}

/** The local stand-in: the message row in D1 is the outbox; the phone simulator reads it. */
export class OutboxProvider implements SmsProvider {
  readonly name = "outbox";
  async send(): Promise<SendResult> {
    return { ok: true, sid: `OB${crypto.randomUUID().replaceAll("-", "")}`, status: "outbox" };
  }
}

/**
 * The provider for this Worker's configuration. Status callbacks go to PUBLIC_BASE_URL, else
 * to where Twilio's signed webhooks come (`twilioOrigin`, remembered in settings), else to
 * the request's own origin; a text sent with none of them (a follow-up before Twilio ever
 * called) goes without one.
 */
export function providerFromEnv(env: Env, requestOrigin?: string | null, twilioOrigin?: string | null): SmsProvider {
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    const base = env.PUBLIC_BASE_URL || twilioOrigin || requestOrigin;
    return new TwilioRestProvider(
      env.TWILIO_ACCOUNT_SID,
      env.TWILIO_AUTH_TOKEN,
      env.TWILIO_API_BASE || "https://api.twilio.com",
      base ? `${base.replace(/\/+$/, "")}/twilio/status` : null,
    );
  }
  return new OutboxProvider();
}
