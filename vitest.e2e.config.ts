// The end-to-end project: test/e2e/**/*.test.ts in Node. Each file starts its own
// `npm start` (test/e2e/harness/) on a free loopback port and stops it in afterAll.
// Files run one at a time: each server is a wrangler dev plus workerd, and the machine
// may have two cores.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 150_000,
  },
});
