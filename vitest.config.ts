// Two projects:
// - workers (vitest.workers.config.ts): unit and integration tests inside workerd, with
//   bindings injected by @cloudflare/vitest-plugin;
// - e2e (vitest.e2e.config.ts): the product as shipped — `npm start` as a child process
//   and a fake Twilio on loopback, tested over HTTP from Node (test/e2e/).
// `npm test` (scripts/test.mjs) runs them side by side in two vitest processes; one
// `vitest run` would run them one after the other. `npx vitest run --project e2e` (or a
// file path) runs a part.
import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./vitest.e2e.config.ts"],
    // At least two at once, even on two cores (vitest's default there is one).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
