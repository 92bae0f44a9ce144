// Part 3 of 4 of the rep-text fuzz (test/helpers/fuzz-rep-texts.ts), seed 3: 2,500 texts at full
// depth (BEBACK_TEST_DEPTH=full, as .ci/run runs it), 600 in `npm test`.
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { fuzzRepTexts, withFakeTwilio } from "./helpers/fuzz-rep-texts";

withFakeTwilio();
const TEXTS = env.TEST_DEPTH === "full" ? 2_500 : 600;

it(`${TEXTS} rep texts: never a 500, one short answer each, no change from invalid ones`, { timeout: 280_000 }, () => fuzzRepTexts(TEXTS, 2026 + 3));
