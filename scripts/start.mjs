// `npm start [-- --port N]`: Beback on this machine with the embedded defaults — local D1
// (migrations applied first), the Scheduler Durable Object, and the local outbox instead of
// Twilio unless .dev.vars has Twilio credentials. Creates .dev.vars with a fresh OWNER_TOKEN
// when it has none, and prints the owner's sign-in URL. State persists under .wrangler/.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const devVars = join(root, ".dev.vars");
// `--port N` / `--port=N` is ours (for the printed URLs); every other argument goes to wrangler dev.
let port = "8787";
const passThrough = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--port") port = args[++i] ?? port;
  else if (args[i].startsWith("--port=")) port = args[i].slice("--port=".length);
  else passThrough.push(args[i]);
}
process.env.WRANGLER_SEND_METRICS ??= "false";

function readVars() {
  if (!existsSync(devVars)) return {};
  return Object.fromEntries(
    readFileSync(devVars, "utf8")
      .split(/\r?\n/)
      .map((line) => /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(line))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

let vars = readVars();
if (!vars.OWNER_TOKEN) {
  const token = randomBytes(24).toString("base64url");
  const existing = existsSync(devVars) ? readFileSync(devVars, "utf8").replace(/^OWNER_TOKEN=.*$/m, "").trimEnd() : "";
  writeFileSync(devVars, `${existing ? `${existing}\n` : ""}OWNER_TOKEN=${token}\n`, { mode: 0o600 });
  console.log("Created .dev.vars with a new OWNER_TOKEN.");
  vars = readVars();
}

const wrangler = join(root, "node_modules", ".bin", "wrangler");
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], { cwd: root, stdio: "inherit", env: { ...process.env, CI: "true" } });
if (migrate.status !== 0) {
  console.error("Applying the D1 migrations failed; see above.");
  process.exit(migrate.status ?? 1);
}

const mode = vars.TWILIO_ACCOUNT_SID && vars.TWILIO_AUTH_TOKEN ? "Twilio (real texts!)" : "the local outbox (no texts leave this machine)";
console.log(`\nBeback is starting on http://localhost:${port}, sending through ${mode}.`);
console.log(`Owner sign-in: http://localhost:${port}/#token=${vars.OWNER_TOKEN}`);
console.log(`API: curl -H "Authorization: Bearer ${vars.OWNER_TOKEN}" http://localhost:${port}/api/settings\n`);

const dev = spawn(wrangler, ["dev", "--port", port, ...passThrough], {
  cwd: root,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
