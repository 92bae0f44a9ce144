// A store as most end-to-end files start one: `npm start` wired to a fake Twilio (its
// credentials and URL in the vars file), and signed texts and status callbacks to it.
import { startBeback, type BebackServer, type BebackServerOptions } from "./beback-server";
import { startFakeTwilio, type FakeTwilio, type FakeTwilioOptions } from "./fake-twilio";
import { inboundSmsParams, postWebhook, type InboundSms, type WebhookParams } from "./webhooks";

/**
 * The vars file's lines that send through `twilio` and have the Worker check its signatures;
 * with `PUBLIC_BASE_URL` (the default), the server's own URL, as a deployed store sets it.
 */
export function twilioVars(twilio: Pick<FakeTwilio, "accountSid" | "authToken" | "url">, options: { publicBaseUrl?: boolean } = {}): (url: string) => Record<string, string> {
  return (url) => ({
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE: twilio.url,
    ...(options.publicBaseUrl === false ? {} : { PUBLIC_BASE_URL: url }),
  });
}

export interface TwilioStoreOptions {
  /** The number the texts are to (the store's number); default +12125550000. */
  storeNumber?: string;
  twilio?: FakeTwilioOptions;
  /** How `npm start` runs; its vars are `twilioVars`. */
  beback?: Omit<BebackServerOptions, "vars">;
  /** Set PUBLIC_BASE_URL (default true; a store first set up has none). */
  publicBaseUrl?: boolean;
}

export interface TwilioStore {
  readonly twilio: FakeTwilio;
  readonly beback: BebackServer;
  readonly storeNumber: string;
  /** A text from `from` to the store's number, as Twilio posts it, signed with the account's auth token. */
  text(from: string, body: string, extra?: Omit<InboundSms, "from" | "to" | "body" | "accountSid">): Promise<Response>;
  /** A status callback, as Twilio posts it for one of the store's texts, signed. */
  status(sid: string, fields: WebhookParams): Promise<Response>;
  /** Stops `npm start` (removing its files) and the fake Twilio; idempotent. */
  stop(): Promise<void>;
}

export async function startTwilioStore(options: TwilioStoreOptions = {}): Promise<TwilioStore> {
  const storeNumber = options.storeNumber ?? "+12125550000";
  const twilio = await startFakeTwilio(options.twilio);
  let beback: BebackServer;
  try {
    beback = await startBeback({ ...options.beback, vars: twilioVars(twilio, { publicBaseUrl: options.publicBaseUrl }) });
  } catch (error) {
    await twilio.close();
    throw error;
  }
  const signed = { authToken: twilio.authToken };
  return {
    twilio,
    beback,
    storeNumber,
    text: (from, body, extra = {}) => postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ ...extra, from, to: storeNumber, body, accountSid: twilio.accountSid }), signed),
    status: (sid, fields) => postWebhook(`${beback.url}/twilio/status`, { MessageSid: sid, AccountSid: twilio.accountSid, From: storeNumber, ...fields }, signed),
    async stop() {
      await beback.stop({ removeFiles: true });
      await twilio.close();
    },
  };
}
