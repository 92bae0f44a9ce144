// `npm run deploy [-- --secrets-file FILE]`: deploys Beback to the Cloudflare account wrangler
// is logged in to, with its D1 database and migrations, in the order that is safe:
// - the account has the D1 database named in wrangler.jsonc ("beback"): apply the pending
//   migrations first, then deploy the code that needs them;
// - it has none yet (the first deploy): `wrangler deploy` creates it and binds it to the
//   Worker (wrangler's resource provisioning: wrangler.jsonc has a database_name and no
//   database_id), then the migrations are applied, before Twilio is pointed at the Worker.
// Every argument goes to `wrangler deploy` (e.g. --secrets-file for the first deploy).
// BEBACK_WRANGLER names another wrangler executable (the tests use a fake one).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMangledByDotenv, isShortOwnerToken, SAFE_TOKEN_ADVICE } from "./owner-token.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = process.env.BEBACK_WRANGLER || join(root, "node_modules", ".bin", "wrangler");
process.env.WRANGLER_SEND_METRICS ??= "false";

// The database's name, from wrangler.jsonc (comments stripped; no string in it holds "//").
const config = JSON.parse(readFileSync(join(root, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1"));
const database = config.d1_databases.find((d) => d.binding === "DB").database_name;

function run(args, options = {}) {
  const result = spawnSync(wrangler, args, { cwd: root, stdio: options.capture ? ["inherit", "pipe", "inherit"] : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (options.capture) process.stdout.write(result.stdout ?? "");
    console.error(`\`wrangler ${args.join(" ")}\` failed; nothing after it was run.`);
    process.exit(result.status ?? 1);
  }
  return result.stdout ?? "";
}

// A secrets file must hold real values: wrangler checks only that the required names are
// there, and a Worker deployed with empty Twilio secrets would run on the outbox and take
// unsigned webhooks from anyone (posing as a rep, a `list` of customers).
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--secrets-file" || a.startsWith("--secrets-file="));
if (at >= 0) {
  const file = args[at].includes("=") ? args[at].slice(args[at].indexOf("=") + 1) : args[at + 1];
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    console.error(`Cannot read the secrets file ${file}; nothing was deployed.`);
    process.exit(1);
  }
  const values = Object.fromEntries(
    text.split("\n").map((line) => /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)).filter(Boolean).map(([, k, v]) => [k, v.replace(/^(["'])(.*)\1$/, "$2")]),
  );
  const problems = [
    isShortOwnerToken(values.OWNER_TOKEN ?? "") && "OWNER_TOKEN must be a long random string (20 characters or more, e.g. from: openssl rand -base64 24)",
    isMangledByDotenv(values.OWNER_TOKEN ?? "") && `OWNER_TOKEN holds # $ a quote, a backslash or a space, which wrangler reads otherwise in a secrets file (the Worker would get another token). ${SAFE_TOKEN_ADVICE}`,
    !/^AC[0-9a-f]{32}$/i.test(values.TWILIO_ACCOUNT_SID ?? "") && "TWILIO_ACCOUNT_SID must be your Twilio account SID (AC followed by 32 characters)",
    !values.TWILIO_AUTH_TOKEN && "TWILIO_AUTH_TOKEN must be set (a deployed store checks every webhook's signature with it)",
  ].filter(Boolean);
  if (problems.length > 0) {
    console.error(`${file} is not ready to deploy; nothing was deployed:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    process.exit(1);
  }
}

const migrate = ["d1", "migrations", "apply", "DB", "--remote"];
const deploy = ["deploy", ...args];
const databases = JSON.parse(run(["d1", "list", "--json"], { capture: true }));
if (databases.some((d) => d.name === database)) {
  console.log(`D1 database "${database}" found: applying its migrations, then deploying.`);
  run(migrate);
  run(deploy);
} else {
  console.log(`No D1 database "${database}" yet: deploying creates it; then its migrations are applied.`);
  run(deploy);
  run(migrate);
}
