// `npm start [-- --port N]`: Beback on this machine with the embedded defaults — local D1
// (migrations applied first), the Scheduler Durable Object, and the local outbox instead of
// Twilio unless the vars file has Twilio credentials. Creates the vars file (.dev.vars) with
// a fresh OWNER_TOKEN when it has none, and prints the owner's sign-in URL and what the
// running Worker says it does (outbox or Twilio; webhook signatures checked, not checked,
// or webhooks refused), read from its GET /health once it answers.
//
// Options (after `npm start --`):
//   --port N            the port (default 8787); printed URLs use it
//   --vars-file PATH    the vars/secrets file (default .dev.vars next to wrangler.jsonc);
//                       any other path is passed to wrangler dev as --env-file
//   --persist-to DIR    where local D1 and Durable Object state live (default .wrangler/state)
// Everything else goes to `wrangler dev` as is (e.g. --ip 127.0.0.1, --inspector-port N).
import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMangledByDotenv, isShortOwnerToken, SAFE_TOKEN_ADVICE } from "./owner-token.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Read first: a parent gone while the migrations run must still be seen (below).
const parent = process.ppid;
const defaultVarsFile = join(root, ".dev.vars");

let port = "8787";
let varsFile = defaultVarsFile;
let persistTo = null;
let ip = "localhost";
const passThrough = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].startsWith("--") && args[i].includes("=") ? args[i].split(/=(.*)/s) : [args[i], undefined];
  const value = () => inline ?? args[++i];
  if (flag === "--port") port = value() ?? port;
  else if (flag === "--vars-file") varsFile = resolve(value());
  else if (flag === "--persist-to") persistTo = resolve(value());
  else {
    if (flag === "--ip") ip = inline ?? args[i + 1] ?? ip;
    passThrough.push(args[i]);
  }
}
// Nothing that needs the network: no usage reports, and no download of the `Request.cf`
// sample object (Beback does not read request.cf), whose failure offline printed two
// "getaddrinfo ENOTFOUND workers.cloudflare.com" errors that looked like Beback failing.
process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.WRANGLER_SEND_ERROR_REPORTS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";

// A line as wrangler reads it: NAME=value, quoted or not, `export NAME=value` too.
const VAR_LINE = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/;

function readVars() {
  if (!existsSync(varsFile)) return {};
  return Object.fromEntries(
    readFileSync(varsFile, "utf8")
      .split(/\r?\n/)
      .map((line) => VAR_LINE.exec(line))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

/** The vars file's lines that are neither NAME=value, a comment nor blank (1-based), and the name each seems to set. */
function unreadLines() {
  if (!existsSync(varsFile)) return [];
  return readFileSync(varsFile, "utf8")
    .split(/\r?\n/)
    .flatMap((line, i) => (line.trim() === "" || /^\s*#/.test(line) || VAR_LINE.test(line) ? [] : [{ line: i + 1, name: /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)/.exec(line)?.[1] ?? null }]));
}

/** Whether something already answers on the port (another `npm start`?): wrangler would fail after a misleading start. */
function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

// Before anything is written or started: a port in use is said plainly, with no sign-in link.
const hosts = ip === "localhost" || ip === "0.0.0.0" || ip === "*" ? ["127.0.0.1", "::1"] : [ip.replace(/^\[|\]$/g, "")];
if ((await Promise.all(hosts.map((h) => answers(h, port)))).some(Boolean)) {
  console.error(`Port ${port} is in use (another npm start?). Stop it, or start on another port: npm start -- --port ${Number(port) + 1}`);
  process.exit(1);
}

let vars = readVars();
if (!vars.OWNER_TOKEN) {
  const token = randomBytes(24).toString("base64url");
  const existing = existsSync(varsFile) ? readFileSync(varsFile, "utf8").replace(/^OWNER_TOKEN=.*$/m, "").trimEnd() : "";
  writeFileSync(varsFile, `${existing ? `${existing}\n` : ""}OWNER_TOKEN=${token}\n`, { mode: 0o600 });
  console.log(`Created ${varsFile === defaultVarsFile ? ".dev.vars" : varsFile} with a new OWNER_TOKEN.`);
  vars = readVars();
}
// The Worker takes any token; deploy.mjs refuses a short or mangled one, and this says so before a store runs on it.
if (isShortOwnerToken(vars.OWNER_TOKEN)) {
  console.warn("Warning: OWNER_TOKEN is shorter than 20 characters: anyone who guesses it can run the store. Use a long random one (openssl rand -base64 24).");
}
if (isMangledByDotenv(vars.OWNER_TOKEN)) {
  console.warn(`Warning: OWNER_TOKEN holds # $ a quote, a backslash or a space, which wrangler reads otherwise in .dev.vars: the Worker gets another token, and the sign-in link below will not work. ${SAFE_TOKEN_ADVICE}.`);
}
// A line that is not NAME=value is named (not shown: it may hold a secret); its name, if it
// seems to set one, is not written again below as empty.
const unread = unreadLines();
for (const { line, name } of unread) {
  console.warn(`Warning: line ${line} of ${varsFile === defaultVarsFile ? ".dev.vars" : varsFile} is not NAME=value${name ? ` (${name}?)` : ""}, so npm start cannot read it. Write it as NAME=value.`);
}
// wrangler.jsonc lists the Twilio credentials as required secrets (a deployed store needs
// them; `wrangler deploy` refuses without them). Locally they are optional: an empty value
// means "the local outbox". Writing the empty names keeps wrangler from warning about them.
const missing = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"].filter((name) => !(name in vars) && !unread.some((u) => u.name === name));
if (missing.length > 0) {
  const text = readFileSync(varsFile, "utf8").trimEnd();
  const blank = missing.map((name) => `${name}=`).join("\n");
  writeFileSync(varsFile, `${text}\n# Empty: texts go to the local outbox (see .dev.vars.example).\n${blank}\n`, { mode: 0o600 });
  vars = readVars();
}

const wrangler = join(root, "node_modules", ".bin", "wrangler");
const persist = persistTo ? ["--persist-to", persistTo] : [];
// The migrations' own output (tables, and an "About to apply…? Using fallback value in
// non-interactive context: yes" prompt answered for us) is shown only when they fail.
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", ...persist], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, CI: "true" },
});
if (migrate.status !== 0) {
  process.stdout.write(migrate.stdout ?? "");
  process.stderr.write(migrate.stderr ?? "");
  console.error("Applying the D1 migrations failed; see above.");
  process.exit(migrate.status ?? 1);
}
const applied = [...(migrate.stdout ?? "").matchAll(/│ (\d{4}_\S+\.sql)\s+│ ✅/g)].map((m) => m[1]);
console.log(applied.length > 0 ? `Applied D1 migrations to the local database: ${[...new Set(applied)].join(", ")}.` : "The local database is up to date.");

const envFile = varsFile === defaultVarsFile ? [] : ["--env-file", varsFile];
// The vars file is the one source of Beback's settings: wrangler also reads process.env for
// an --env-file, so the shell's own OWNER_TOKEN or TWILIO_* must not override the file.
const devEnv = { ...process.env };
for (const name of ["OWNER_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_BASE", "PUBLIC_BASE_URL"]) delete devEnv[name];
const dev = spawn(wrangler, ["dev", "--port", port, ...persist, ...envFile, ...passThrough], { cwd: root, stdio: "inherit", env: devEnv });
// Stopping: wrangler dev stops its workerd. Should it not within 5 s, the whole process
// group goes (wrangler, the workerd it started, and this script).
let stopping = false;
function stop(signal) {
  if (stopping || dev.exitCode !== null) return;
  stopping = true;
  dev.kill(signal);
  setTimeout(() => {
    dev.kill("SIGKILL");
    process.kill(0, "SIGKILL");
  }, 5_000).unref();
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
// `npm start` runs this under `sh -c`, which dies of a SIGTERM sent to npm (a test harness's
// kill, `timeout`) without passing it on: the server would go on holding its port. So when
// this process's parent is gone, it stops too.
setInterval(() => {
  if (process.ppid !== parent) stop("SIGTERM");
}, 250).unref();
dev.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** A sign-in link's code, as src/http/sign-in-code.ts checks it: the expiry and its HMAC keyed by the owner token. */
const SIGN_IN_CODE_SECONDS = 86_400;
function signInCode(token, expiry) {
  return `${expiry}.${createHmac("sha256", token).update(`beback sign-in ${expiry}`).digest("base64url")}`;
}

// Once the Worker answers, say what it really does, from its own view of its configuration.
const host = ip === "0.0.0.0" || ip === "localhost" || ip === "*" ? "127.0.0.1" : ip.includes(":") ? `[${ip}]` : ip;
const origin = `http://localhost:${port}`;
const SENDS = { twilio: "sending through Twilio (real texts!)", outbox: "sending to the local outbox (no texts leave this machine)" };
const WEBHOOKS = {
  checked: "Twilio webhooks must carry a valid X-Twilio-Signature",
  unchecked: "Twilio webhooks are accepted without a signature (no TWILIO_AUTH_TOKEN)",
  refused: "Twilio webhooks are REFUSED: TWILIO_ACCOUNT_SID is set but TWILIO_AUTH_TOKEN is not",
};
for (let attempt = 0; attempt < 600 && dev.exitCode === null; attempt++) {
  try {
    const health = await (await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(2000) })).json();
    console.log(`\nBeback is running on ${origin}: ${SENDS[health.sends] ?? health.sends}; ${WEBHOOKS[health.webhooks] ?? health.webhooks}.`);
    // A code, not the token: a browser keeps the link in its history (src/http/sign-in-code.ts, made the same way).
    console.log(`Owner sign-in (works for a day; the token, pasted, always does): ${origin}/#token=${signInCode(vars.OWNER_TOKEN, Math.floor(Date.now() / 1000) + SIGN_IN_CODE_SECONDS)}`);
    // In single quotes: a shell expands nothing in them ($ or ` in a token the owner chose).
    console.log(`API: curl -H 'Authorization: Bearer ${vars.OWNER_TOKEN.replaceAll("'", "'\\''")}' ${origin}/api/settings\n`);
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 250));
  }
}
