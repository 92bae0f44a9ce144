// README's "Try it locally" walkthrough, run as written (bash and curl) against `npm start`
// in outbox mode: the only changes are the server's address for localhost:8787 and its vars
// file for .dev.vars.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundSmsParams, postWebhook, REPO_ROOT, startBeback, type BebackServer } from "./harness";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const tryItLocally = readme.slice(readme.indexOf("## Try it locally"), readme.indexOf("\n## ", readme.indexOf("## Try it locally") + 5));
const walkthrough = [...tryItLocally.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes("curl"))!;

let beback: BebackServer;
beforeAll(async () => {
  beback = await startBeback();
});
afterAll(async () => {
  await beback?.stop({ removeFiles: true });
});

describe("README, Try it locally", () => {
  it("sends every phone number so that its + arrives (--data-urlencode, not -d)", () => {
    expect(walkthrough).toContain("curl");
    expect(walkthrough).not.toMatch(/(^|\s)(-d|--data|--data-raw)\s+'?\w+=\+/m);
  });

  it("the rep's walkthrough works as written: the store, the rep, and Jane's lead exist", async () => {
    const script = walkthrough.replaceAll("localhost:8787", `127.0.0.1:${beback.port}`).replaceAll(".dev.vars", beback.varsFile);
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { cwd: beback.dir, timeout: 30_000 });
    expect(stdout).toMatch(/<Message>[^<]*Jane/);
    const settings = (await (await beback.api("/api/settings")).json()) as { storeName: string; storeNumber: string };
    expect(settings).toMatchObject({ storeName: "Oak & Pine", storeNumber: "+12125550000" });
    const reps = (await (await beback.api("/api/reps")).json()) as { name: string; phone: string }[];
    expect(reps).toMatchObject([{ name: "Sam", phone: "+12125550111" }]);
    const leads = (await (await beback.api("/api/leads")).json()) as { name: string; phone: string; repId: number }[];
    expect(leads).toMatchObject([{ name: "Jane", phone: "+12125550100" }]);
  });
});

describe("the phone simulator's \"send the next follow-ups now\" (local outbox)", () => {
  type Lead = { id: number; name: string; nextAt: string | null; nextStep: number | null; messages: { kind: string; body: string }[] };
  const json = async <T>(path: string, init?: { method?: string; json?: unknown }) => (await (await beback.api(path, init)).json()) as T;

  it("sends each waiting lead's next text, that one only, even after a rep's text pushed it back a day", async () => {
    // Jane is the walkthrough's lead above. Quiet hours off: the test must not depend on the hour.
    await json("/api/settings", { method: "PUT", json: { quietHours: null } });
    const rep = await postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ from: "+12125550111", to: "+12125550000", body: "@Jane thanks for coming in!" }), { signature: null });
    expect(rep.status).toBe(200);
    const id = (await json<Lead[]>("/api/leads"))[0]!.id;
    const pushed = await json<Lead>(`/api/leads/${id}`);
    expect(Date.parse(pushed.nextAt!)).toBeGreaterThan(Date.now() + 23 * 3_600_000); // the rep's text: a day later

    expect(await json("/api/demo/send-next-now", { method: "POST" })).toEqual({ leads: 1, quiet: 0 });
    const series = async () => (await json<Lead>(`/api/leads/${id}`)).messages.filter((m) => m.kind === "series");
    // Once the first step is done the lead is on the second.
    await expect.poll(async () => (await json<Lead>(`/api/leads/${id}`)).nextStep, { timeout: 15_000 }).toBe(1);
    // The step after it keeps its own delay (18 h after the first): not due, not sent.
    const after = await json<Lead>(`/api/leads/${id}`);
    expect(Date.parse(after.nextAt!)).toBeGreaterThan(Date.now() + 17 * 3_600_000);
    expect(await series()).toHaveLength(1);
    // The rep's text was Jane's first from the store: it, not the follow-up, names the store and how to opt out.
    expect(after.messages.find((m) => m.kind === "relay")?.body).toBe("thanks for coming in! - Oak & Pine. Reply STOP to opt out.");
    expect((await series())[0]?.body).not.toMatch(/STOP/);

    // Pressed again, the next step goes each time, the 3d one too: a day step keeps its
    // start's minute, and none of them waits (quiet hours are off).
    for (const step of [2, 3]) {
      expect(await json("/api/demo/send-next-now", { method: "POST" })).toEqual({ leads: 1, quiet: 0 });
      await expect.poll(async () => (await json<Lead>(`/api/leads/${id}`)).nextStep, { timeout: 15_000 }).toBe(step);
    }
    expect(await series()).toHaveLength(3);
  });
});
