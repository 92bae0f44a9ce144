// The end-to-end project: test/e2e/**/*.test.ts in Node. Each file starts its own
// `npm start` (test/e2e/harness/) on a free loopback port and stops it in afterAll.
// Files run one at a time: each server is a wrangler dev plus workerd, and the machine
// may have two cores.
//
// The fault soak (test/e2e/soak.test.ts, about 80 s even small) is left out of `npm test`
// to keep it near five minutes; it runs when asked for: `BEBACK_TEST_DEPTH=full` (CI,
// `.ci/run`, runs its small size) or `BEBACK_SOAK` (`npm run soak`, 5,000 leads).
import { defineConfig } from "vitest/config";

const soak = process.env.BEBACK_TEST_DEPTH === "full" || process.env.BEBACK_SOAK !== undefined;

export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.test.ts"],
    exclude: soak ? [] : ["test/e2e/soak.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 150_000,
  },
});
