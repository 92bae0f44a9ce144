// Every test starts from an empty store (test/setup/clean-state.ts), whatever the test before
// it left: the two tests below run in order, the first leaving a row in each table a test can
// write. (opt_ins was once left out: a START recorded by another file's test at a later fake
// time made this one's 21610 callback read as stale, now and then — test/webhook-safety.test.ts.)
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_EPOCH } from "./helpers/clock";

const TABLES = ["step_sends", "undo_log", "messages", "leads", "opt_outs", "opt_ins", "series", "reps"] as const;

describe("every test starts from an empty store", () => {
  it("(a test that leaves a number's opt-in and opt-out behind)", async () => {
    await env.DB.batch([
      env.DB.prepare("INSERT INTO opt_ins (phone, at) VALUES ('+12125550100', ?)").bind(TEST_EPOCH + 86_400_000),
      env.DB.prepare("INSERT INTO opt_outs (phone, at) VALUES ('+12125550101', ?)").bind(TEST_EPOCH),
    ]);
  });

  it("finds nothing the test before it wrote", async () => {
    for (const table of TABLES) {
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
  });
});
