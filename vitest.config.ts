// `npm test` runs two projects:
// - workers (vitest.workers.config.ts): unit and integration tests inside workerd, with
//   bindings injected by @cloudflare/vitest-plugin;
// - e2e (vitest.e2e.config.ts): the product as shipped — `npm start` as a child process
//   and a fake Twilio on loopback, tested over HTTP from Node (test/e2e/).
// `npx vitest run --project e2e` (or a file path) runs one of them.
import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./vitest.e2e.config.ts"],
    // At least two at once, even on two cores (vitest's default there is one): the e2e
    // files mostly wait on their servers, so the workers files run beside them
    // (`npm test` 262 s → 224 s on the two-core machine).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
