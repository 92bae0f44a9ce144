// Optional secrets (see .dev.vars.example). Required bindings and vars are typed by
// `wrangler types` in worker-configuration.d.ts; these are optional, so they are typed here.
interface OptionalSecrets {
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  PUBLIC_BASE_URL?: string;
}

declare global {
  interface Env extends OptionalSecrets {}
  namespace Cloudflare {
    interface Env extends OptionalSecrets {}
  }
}
export {};
