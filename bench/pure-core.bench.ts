// Benchmarks of the pure core on the hot paths: parsing a rep's text (every inbound rep
// text) and computing a lead's next step (every alarm, per due lead). `npm run bench`.
import { expect, test } from "vitest";
import { findReturnDate } from "../src/domain/customer-date";
import type { LeadSummary } from "../src/domain/lead-match";
import { parseRepText } from "../src/domain/parse-command";
import { DEFAULT_SERIES } from "../src/series/default-series";
import { nextDue } from "../src/series/schedule";

const leads: LeadSummary[] = Array.from({ length: 200 }, (_, i) => ({
  id: i + 1, name: `Customer${i} Lastname`, phone: `+1212555${String(1000 + i)}`, product: "sofa", status: "active", lastContactAt: null, createdAt: i,
}));
const ctx = { leads, now: Date.parse("2026-11-23T15:00:00Z"), timeZone: "America/New_York", defaultCountry: "US" as const, repPhone: "+12125550111" };
const steps = DEFAULT_SERIES.beback.map((s) => s.after);

test("parseRepText with 200 leads", async ({ bench }) => {
  const result = await bench.compare(
    bench("new", () => void parseRepText("new Jane Doe 555-0100 recliner", ctx)),
    bench("sold with amount", () => void parseRepText("sold Customer150 Lastname $1,200", ctx)),
    bench("later", () => void parseRepText("later #150 2 weeks", ctx)),
    bench("plain reply", () => void parseRepText("Sounds good, see you Saturday at 2", ctx)),
    bench("1,600-character text", () => void parseRepText("x ".repeat(800), ctx)),
  );
  expect(result).toBeDefined();
});

test("nextDue", async ({ bench }) => {
  const result = await bench("a 3-day step with quiet hours", () =>
    void nextDue({ steps, startedAt: Date.parse("2026-11-23T19:00:00Z"), nextIndex: 2, quiet: { start: "21:00", end: "08:00" }, timeZone: "America/New_York" }),
  ).run();
  // Every due lead of an alarm run computes this: it must stay far below a send slot (1 ms).
  expect(result.latency.mean).toBeLessThan(1);
});

test("findReturnDate (every customer reply forwarded to a rep)", async ({ bench }) => {
  const now = Date.parse("2026-11-23T19:00:00Z");
  const long = `${"We love the recliner but we need to measure the room first. ".repeat(26)}Call me after the 15th`;
  const result = await bench.compare(
    bench("short reply with a date", () => void findReturnDate("Call me after the 15th, I get paid then", now, "America/New_York")),
    bench("short reply without", () => void findReturnDate("Is it still available?", now, "America/New_York")),
    bench("1,600-character reply", () => void findReturnDate(long, now, "America/New_York")),
  );
  // The forward waits for it: a long reply must stay well inside a Worker's CPU budget.
  expect(result).toBeDefined();
});
