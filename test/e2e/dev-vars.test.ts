// The issue a new store hit: Twilio credentials in .dev.vars never reached the Worker under
// `npm start`. Here `npm start` runs with no flags but the port, in a throwaway copy of the
// project, so it reads `.dev.vars` and keeps `.wrangler/state` exactly as for a user.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBeback, startFakeTwilio, type BebackServer, type FakeTwilio } from "./harness";

let twilio: FakeTwilio;
let beback: BebackServer;
beforeAll(async () => {
  twilio = await startFakeTwilio();
  beback = await startBeback({
    layout: "defaults",
    vars: (url) => ({ TWILIO_ACCOUNT_SID: twilio.accountSid, TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_API_BASE: twilio.url, PUBLIC_BASE_URL: url }),
  });
});
afterAll(async () => {
  await beback?.stop({ removeFiles: true });
  await twilio?.close();
});

it("Twilio credentials in .dev.vars reach the Worker under plain `npm start`", async () => {
  expect(beback.varsFile.endsWith("/project/.dev.vars")).toBe(true);
  expect(await (await fetch(`${beback.url}/health`)).json()).toEqual({ ok: true, sends: "twilio", webhooks: "checked" });
  expect(beback.output()).toMatch(/sending through Twilio \(real texts!\); Twilio webhooks must carry a valid X-Twilio-Signature/);
  // npm start added the owner's token to the same file, and keeps its state beside it.
  expect(beback.readVars()).toMatchObject({ TWILIO_ACCOUNT_SID: twilio.accountSid, OWNER_TOKEN: expect.stringMatching(/^[\w-]{32}$/) });
  expect((await beback.api("/api/settings")).status).toBe(200);
  expect(existsSync(join(beback.dir, "project", ".wrangler", "state", "v3", "d1"))).toBe(true);
});
