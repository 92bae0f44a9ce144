// Benchmarks of the pure core (bench/*.bench.ts). They need no Workers runtime, so they run
// in Node: vitest's bench mode is not available in the Workers pool.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: [], benchmark: { include: ["bench/**/*.bench.ts"] } },
});
