// Part 1 of 4 of the rep-text fuzz (test/helpers/fuzz-rep-texts.ts): 2,500 texts, seed 1.
import { it } from "vitest";
import { fuzzRepTexts, withFakeTwilio } from "./helpers/fuzz-rep-texts";

withFakeTwilio();
it("2,500 rep texts: never a 500, one short answer each, no change from invalid ones", { timeout: 280_000 }, () => fuzzRepTexts(2_500, 2026 + 1));
