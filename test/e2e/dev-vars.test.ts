// The issue a new store hit: Twilio credentials in .dev.vars never reached the Worker under
// `npm start`. Here `npm start` runs with no flags but the port, in a throwaway copy of the
// project, so it reads `.dev.vars` and keeps `.wrangler/state` exactly as for a user.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startBeback, startTwilioStore, type TwilioStore } from "./harness";

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

it("a second `npm start` on a port in use says so and stops, with no sign-in link (it printed the other server's)", async () => {
  const proc = spawn("npm", ["start", "--", "--port", String(store.beback.port), "--ip", "127.0.0.1"], {
    cwd: join(store.beback.dir, "project"),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => (process.kill(-proc.pid!, "SIGKILL"), resolve(null)), 60_000);
    proc.once("exit", (c) => (clearTimeout(timer), resolve(c)));
  });
  expect(code, out).toBe(1);
  expect(out).toContain(`Port ${store.beback.port} is in use (another npm start?). Stop it, or start on another port: npm start -- --port ${store.beback.port + 1}`);
  expect(out).not.toMatch(/Beback is running|sign-in/i);
  // The first one is untouched.
  expect((await fetch(`${store.beback.url}/health`)).status).toBe(200);
});

it("`export NAME=value` lines are read as wrangler reads them, and a line that is not NAME=value is named, never blanked over", async () => {
  const sid = `AC${"1".repeat(32)}`;
  // The harness writes each entry as `<key>=<value>`: these keys make the lines a user wrote.
  const beback = await startBeback({ vars: { "export TWILIO_ACCOUNT_SID": sid, "export TWILIO_AUTH_TOKEN": "2".repeat(32), "PUBLIC_BASE_URL https://x.example": "" } });
  try {
    expect(await (await fetch(`${beback.url}/health`)).json()).toMatchObject({ sends: "twilio", webhooks: "checked" });
    expect(beback.output()).toContain(`Warning: line 3 of ${beback.varsFile} is not NAME=value (PUBLIC_BASE_URL?), so npm start cannot read it. Write it as NAME=value.`);
    expect(readFileSync(beback.varsFile, "utf8")).not.toMatch(/^TWILIO_(ACCOUNT_SID|AUTH_TOKEN)=$/m);
  } finally {
    await beback.stop({ removeFiles: true });
  }
});
