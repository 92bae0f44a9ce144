// The deploy path a store follows (README, "Deploy a store"), as far as it goes without a
// Cloudflare account: what `npm run deploy` asks of wrangler, and in which order (against a
// fake wrangler that records its calls), that it refuses a secrets file with empty or weak
// values before calling wrangler at all, and that the README's secrets are the ones
// wrangler.jsonc makes `wrangler deploy` require. (`npm run check` — in CI — bundles the
// committed configuration with `wrangler deploy --dry-run`.)
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./harness";

const dir = mkdtempSync(join(tmpdir(), "beback-deploy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FAKE_WRANGLER = `#!/usr/bin/env node
const { appendFileSync } = require("node:fs");
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_WRANGLER_LOG, JSON.stringify(args) + "\\n");
if (args.join(" ") === "d1 list --json") process.stdout.write(process.env.FAKE_D1_LIST);
if (args[0] === "deploy" && process.env.FAKE_DEPLOY_FAILS) process.exit(1);
`;
const fake = join(dir, "wrangler.cjs");
writeFileSync(fake, FAKE_WRANGLER);
chmodSync(fake, 0o755);

function deploy(d1List: unknown[], args: string[] = [], extraEnv: Record<string, string> = {}) {
  const log = join(dir, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(log, "");
  const result = spawnSync(process.execPath, ["scripts/deploy.mjs", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH, BEBACK_WRANGLER: fake, FAKE_WRANGLER_LOG: log, FAKE_D1_LIST: JSON.stringify(d1List), ...extraEnv },
    timeout: 30_000,
  });
  const calls = readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((line) => (JSON.parse(line) as string[]).join(" "));
  return { status: result.status, output: result.stdout + result.stderr, calls };
}

describe("npm run deploy", () => {
  const secrets = (lines: string) => {
    const file = join(dir, `secrets-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, lines);
    return file;
  };
  const READY = `OWNER_TOKEN=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0\nTWILIO_ACCOUNT_SID=AC${"0a".repeat(16)}\nTWILIO_AUTH_TOKEN="${"f".repeat(32)}"\n`;

  it("first deploy (no D1 database yet): wrangler deploy creates it, then the migrations are applied", () => {
    const file = secrets(READY);
    const { status, calls } = deploy([{ name: "another-app", uuid: "x" }], ["--secrets-file", file]);
    expect(status).toBe(0);
    expect(calls).toEqual(["d1 list --json", `deploy --secrets-file ${file}`, "d1 migrations apply DB --remote"]);
  });

  // wrangler checks only that the names are there: empty Twilio secrets would deploy a Worker
  // on the outbox that trusts unsigned webhooks from anyone.
  it.each([
    ["the file npm start writes (empty Twilio secrets)", "OWNER_TOKEN=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0\nTWILIO_ACCOUNT_SID=\nTWILIO_AUTH_TOKEN=\n", /TWILIO_ACCOUNT_SID must be[\s\S]*TWILIO_AUTH_TOKEN must be set/],
    ["a short owner token", READY.replace(/^OWNER_TOKEN=.*$/m, "OWNER_TOKEN=secret"), /OWNER_TOKEN must be a long random string/],
    ["an owner token wrangler would cut at its #", READY.replace(/^OWNER_TOKEN=.*$/m, "OWNER_TOKEN=Zx9+Qw/Er#Ty12345678901="), /OWNER_TOKEN holds # \$ a quote, a backslash or a space/],
    ["no auth token", READY.replace(/^TWILIO_AUTH_TOKEN=.*$/m, "TWILIO_AUTH_TOKEN=''"), /TWILIO_AUTH_TOKEN must be set/],
  ])("refuses a secrets file with %s, and runs nothing", (_what, lines, said) => {
    const file = secrets(lines);
    for (const args of [["--secrets-file", file], [`--secrets-file=${file}`]]) {
      const { status, calls, output } = deploy([], args);
      expect(status).not.toBe(0);
      expect(calls).toEqual([]);
      expect(output).toMatch(/is not ready to deploy; nothing was deployed/);
      expect(output).toMatch(said);
    }
  });

  it("refuses a secrets file it cannot read", () => {
    const { status, calls, output } = deploy([], ["--secrets-file", join(dir, "no-such-file")]);
    expect(status).not.toBe(0);
    expect(calls).toEqual([]);
    expect(output).toMatch(/Cannot read the secrets file/);
  });

  it("later deploys: the migrations first, then the code that needs them", () => {
    const { status, calls } = deploy([{ name: "beback", uuid: "0b0e0000-0000-0000-0000-000000000000" }]);
    expect(status).toBe(0);
    expect(calls).toEqual(["d1 list --json", "d1 migrations apply DB --remote", "deploy"]);
  });

  it("stops at the first failure", () => {
    const { status, calls, output } = deploy([], [], { FAKE_DEPLOY_FAILS: "1" });
    expect(status).not.toBe(0);
    expect(calls).toEqual(["d1 list --json", "deploy"]);
    expect(output).toMatch(/`wrangler deploy` failed; nothing after it was run/);
  });
});

describe("the secrets a deployed store needs", () => {
  const config = readFileSync(join(REPO_ROOT, "wrangler.jsonc"), "utf8");
  const required = JSON.parse(/"secrets":\s*(\{[^}]*\})/.exec(config)![1]!).required as string[];
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const deploySection = readme.slice(readme.indexOf("## Deploy a store"), readme.indexOf("\n## ", readme.indexOf("## Deploy a store") + 5));

  it("are required by wrangler.jsonc, so `wrangler deploy` refuses to deploy without them, and typed by `wrangler types`", () => {
    expect(required.sort()).toEqual(["OWNER_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"]);
    const types = readFileSync(join(REPO_ROOT, "worker-configuration.d.ts"), "utf8");
    for (const name of required) expect(types).toMatch(new RegExp(`\\b${name}: string;`));
  });

  it("are exactly the ones README's secrets file lists", () => {
    const block = /```sh\n([\s\S]*?)```/.exec(deploySection)![1]!;
    const names = [...block.matchAll(/^\s*([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(required.sort());
  });

  it("README's deploy is `npm run deploy` with the secrets file, and no hand-copied database id", () => {
    expect(deploySection).toContain("npm run deploy -- --secrets-file .dev.vars.production");
    expect(deploySection).not.toMatch(/d1 create|database_id/);
    expect(config).not.toMatch(/"database_id"/);
  });
});
