// `npm test`: the two vitest projects side by side, in two vitest processes.
//
// One `vitest run` would run them one after the other: vitest puts a project without file
// parallelism (e2e: one `npm start` at a time) in a group of its own that starts only when
// every other file is done. The e2e files mostly wait on their servers, so the workers
// files fit beside them: 318 s → 202 s on the two-core machine.
//
// With arguments (`npm test -- test/foo.test.ts`, `npm test -- --project e2e`) it is one
// plain `vitest run` with them. Each line of the side-by-side run is prefixed with its
// project; the exit code is the first non-zero of the two.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const args = process.argv.slice(2);

/** Runs vitest with `vitestArgs`; its lines go to our stdout/stderr, prefixed when `label`. */
function run(vitestArgs, label) {
  const child = spawn(process.execPath, [vitest, "run", ...vitestArgs], {
    stdio: label ? ["ignore", "pipe", "pipe"] : "inherit",
  });
  if (label) {
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => to.write(`[${label}] ${line}\n`));
    }
  }
  const done = new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`${label ?? "vitest"}: ${error.message}\n`);
      resolve(1);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, done };
}

const runs = args.length > 0
  ? [run(args)]
  : [run(["--project", "workers"], "workers"), run(["--project", "e2e"], "e2e")];

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const { child } of runs) child.kill(signal);
  });
}

const codes = await Promise.all(runs.map((r) => r.done));
if (runs.length > 1) {
  process.stdout.write(`\nnpm test: workers ${codes[0] === 0 ? "passed" : `failed (exit ${codes[0]})`}, e2e ${codes[1] === 0 ? "passed" : `failed (exit ${codes[1]})`}\n`);
}
process.exitCode = codes.find((code) => code !== 0) ?? 0;
