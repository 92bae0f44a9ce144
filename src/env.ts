// How the Worker reads its configuration. `wrangler types` types every binding, var and
// secret in worker-configuration.d.ts from wrangler.jsonc; this module says what the
// values mean together. TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required secrets of a
// deployed store, but locally they may be empty (`npm start` writes them empty): an empty
// string means unset. PUBLIC_BASE_URL is a var whose default is "" (the request's origin).

/** Where texts go, and what happens to a Twilio webhook. */
export interface TwilioMode {
  /** `twilio`: both credentials set, texts go out by REST. `outbox`: recorded locally only. */
  sends: "twilio" | "outbox";
  /**
   * `checked`: an auth token is set, every webhook needs a valid X-Twilio-Signature.
   * `unchecked`: no Twilio at all (local outbox), webhooks are trusted as is.
   * `refused`: an account SID without an auth token — this Worker could talk to Twilio but
   * cannot tell Twilio's webhooks from forgeries, so it refuses them rather than trust them.
   */
  webhooks: "checked" | "unchecked" | "refused";
}

type TwilioConfig = Pick<Env, "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN">;

export function twilioMode(env: TwilioConfig): TwilioMode {
  const sid = Boolean(env.TWILIO_ACCOUNT_SID);
  const token = Boolean(env.TWILIO_AUTH_TOKEN);
  return {
    sends: sid && token ? "twilio" : "outbox",
    webhooks: token ? "checked" : sid ? "refused" : "unchecked",
  };
}
