// Tests run inside workerd through @cloudflare/vitest-plugin, against the real wrangler.jsonc.
// Test files share a workerd (isolate: false); every test starts from an empty store
// (test/setup/clean-state.ts). Nothing leaves the sandbox: every outbound request the
// tests did not mock (test/helpers/fake-twilio.ts stubs fetch) is answered here with a 599.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The secrets wrangler.jsonc requires, as the tests want them. wrangler reads the config's
// `secrets` block for the pool too and warns about required secrets it cannot find in
// .dev.vars, .env or process.env, so they go into process.env as well as into the bindings.
// PUBLIC_BASE_URL is pinned to its default so a developer's .dev.vars cannot change the tests.
const TEST_SECRETS = {
  OWNER_TOKEN: "test-owner-token",
  TWILIO_ACCOUNT_SID: "ACtest00000000000000000000000000",
  TWILIO_AUTH_TOKEN: "test-auth-token",
};
Object.assign(process.env, TEST_SECRETS);
// …and wrangler then says "Using secrets defined in process.env" once per test file: only
// its warnings and errors are worth reading here.
process.env.WRANGLER_LOG ??= "warn";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_EPOCH: process.env.BEBACK_TEST_EPOCH ?? "",
            TEST_SEEDS: process.env.BEBACK_SEEDS ?? "",
            TEST_DEPTH: process.env.BEBACK_TEST_DEPTH ?? "",
            ...TEST_SECRETS,
            TWILIO_API_BASE: "https://fake-twilio.test",
            PUBLIC_BASE_URL: "",
          },
          outboundService: (request: Request) =>
            new Response(`blocked by the test sandbox: ${request.method} ${new URL(request.url).origin}`, { status: 599 }),
        },
      }),
    ],
    test: {
      name: "workers",
      // One workerd per worker, reused across files (not one per file): 150 s → 60 s here.
      // Every test starts from an empty store anyway (test/setup/clean-state.ts), and the
      // suite passes with its files shuffled.
      isolate: false,
      // `npm test` runs the e2e files (wrangler dev, Chromium) beside this project on the same
      // cores: a test that takes 3.5 s alone (pending-texts' never-left forward) once passed
      // vitest's default 5 s there.
      testTimeout: 15_000,
      setupFiles: ["./test/setup/apply-migrations.ts", "./test/setup/clean-state.ts"],
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: ["test/e2e/**", "**/node_modules/**"],
    },
  };
});
