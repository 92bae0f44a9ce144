// Optional secrets (see .dev.vars.example). Required bindings and vars are typed by
// `wrangler types` in worker-configuration.d.ts.
declare global {
  namespace Cloudflare {
    interface Env {
      TWILIO_ACCOUNT_SID?: string;
      TWILIO_AUTH_TOKEN?: string;
      PUBLIC_BASE_URL?: string;
    }
  }
}
export {};
