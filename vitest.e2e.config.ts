// The end-to-end project: test/e2e/**/*.test.ts in Node. Each file starts its own
// `npm start` (test/e2e/harness/) on a free loopback port and stops it in afterAll.
// Files run one at a time: each server is a wrangler dev plus workerd, and the machine
// may have two cores.
//
// The fault soak (test/e2e/soak.test.ts, about 80 s even small) is left out of `npm test`
// to keep it near five minutes; it runs when asked for: `BEBACK_TEST_DEPTH=full` (CI,
// `.ci/run`, runs its small size) or `BEBACK_SOAK` (`npm run soak`, 5,000 leads).
// So are the edge cases below (about two minutes together, a server each): `.ci/run` runs
// them at full depth; `npm test` keeps one end-to-end test of every capability.
import { defineConfig } from "vitest/config";

const full = process.env.BEBACK_TEST_DEPTH === "full";
const soak = full || process.env.BEBACK_SOAK !== undefined;

/** Edge cases through `npm start` run by `.ci/run` (full depth), not by `npm test`. */
export const FULL_DEPTH_FILES = [
  // Late answers, two tabs, previews and focus on the owner's page (Chromium).
  "test/e2e/owner-page-answers.test.ts",
  // A +1 rep's phone kept when the store is in another country (Chromium).
  "test/e2e/rep-phone-country.test.ts",
  // Zone names and "tomorrow" on the night the clocks change (Chromium).
  "test/e2e/owner-page-clock.test.ts",
  // A `new` whose number reads two ways; an extension; a number written the local way.
  "test/e2e/rep-new-number.test.ts",
  // A British store: numbers typed the British way, dates read day/month.
  "test/e2e/store-abroad.test.ts",
];

export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.test.ts"],
    exclude: [...(soak ? [] : ["test/e2e/soak.test.ts"]), ...(full ? [] : FULL_DEPTH_FILES)],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 150_000,
  },
});
