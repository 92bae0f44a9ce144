// `npm test` runs two projects:
// - workers (vitest.workers.config.ts): unit and integration tests inside workerd, with
//   bindings injected by @cloudflare/vitest-plugin;
// - e2e (vitest.e2e.config.ts): the product as shipped — `npm start` as a child process
//   and a fake Twilio on loopback, tested over HTTP from Node (test/e2e/).
// `npx vitest run --project e2e` (or a file path) runs one of them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./vitest.e2e.config.ts"],
  },
});
