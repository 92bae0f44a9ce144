// The issue a new store hit: Twilio credentials in .dev.vars never reached the Worker under
// `npm start`. Here `npm start` runs with no flags but the port, in a throwaway copy of the
// project, so it reads `.dev.vars` and keeps `.wrangler/state` exactly as for a user.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, type TwilioStore } from "./harness";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ beback: { layout: "defaults" } });
});
afterAll(() => store?.stop());

it("Twilio credentials in .dev.vars reach the Worker under plain `npm start`", async () => {
  expect(store.beback.varsFile.endsWith("/project/.dev.vars")).toBe(true);
  expect(await (await fetch(`${store.beback.url}/health`)).json()).toEqual({ ok: true, sends: "twilio", webhooks: "checked" });
  expect(store.beback.output()).toMatch(/sending through Twilio \(real texts!\); Twilio webhooks must carry a valid X-Twilio-Signature/);
  // npm start added the owner's token to the same file, and keeps its state beside it.
  expect(store.beback.readVars()).toMatchObject({ TWILIO_ACCOUNT_SID: store.twilio.accountSid, OWNER_TOKEN: expect.stringMatching(/^[\w-]{32}$/) });
  expect((await store.beback.api("/api/settings")).status).toBe(200);
  expect(existsSync(join(store.beback.dir, "project", ".wrangler", "state", "v3", "d1"))).toBe(true);
});
