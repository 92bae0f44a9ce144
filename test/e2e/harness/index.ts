// The end-to-end harness: Beback under the real `npm start`, a fake Twilio REST server, and
// Twilio's webhook signatures. See README.md in this folder.
export { startBeback, REPO_ROOT, type BebackServer, type BebackServerOptions } from "./beback-server";
export { startFakeTwilio, answers, type FakeAnswer, type FakeTwilio, type FakeTwilioMessage, type FakeTwilioOptions, type FakeTwilioRequest } from "./fake-twilio";
export { startFakeTwilioThread, type ThreadedFakeTwilio, type ThreadedFakeTwilioOptions } from "./fake-twilio-thread";
export { freePort } from "./free-port";
export { inboundSmsParams, messageSid, postWebhook, twilioSignature, twimlMessages, type InboundSms, type PostWebhookOptions, type WebhookParams } from "./webhooks";
export { startTwilioStore, twilioVars, type TwilioStore, type TwilioStoreOptions } from "./twilio-store";
