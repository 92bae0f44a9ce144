import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** BEBACK_TEST_EPOCH: forces where the tests' fake clock starts (test/helpers/clock.ts). */
      TEST_EPOCH?: string;
      /** BEBACK_SEEDS: the seeds test/interleavings.test.ts runs (default 1–3, or 1–8 at full depth). */
      TEST_SEEDS?: string;
      /** BEBACK_TEST_DEPTH=full: the randomized suites at full size (.ci/run); else their quick size (`npm test`). */
      TEST_DEPTH?: string;
    }
  }
}
