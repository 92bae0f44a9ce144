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

const migrate = ["d1", "migrations", "apply", "DB", "--remote"];
const deploy = ["deploy", ...process.argv.slice(2)];
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
