import { describe, expect, it } from "vitest";
import { earliest, JOB_RETRY_MS, runJobs } from "./jobs";

describe("earliest", () => {
  it.each([
    [[], null],
    [[null, undefined], null],
    [[5, null, 3], 3],
    [[Number.NaN, 7], 7],
    [[0], 0],
  ] as const)("%j → %s", (times, expected) => {
    expect(earliest(times)).toBe(expected);
  });
});

describe("runJobs", () => {
  const now = () => 1_000;
  const quiet = () => undefined;

  it("runs every job and returns the earliest next time", async () => {
    const ran: string[] = [];
    const job = (name: string, next: number | null) => ({ name, run: async () => (ran.push(name), next) });
    expect(await runJobs([job("a", 9_000), job("b", null), job("c", 4_000)], now, quiet)).toEqual({ next: 4_000, failed: [] });
    expect(ran).toEqual(["a", "b", "c"]);
  });

  it("a job that throws does not stop the ones after it, and asks to run again soon", async () => {
    const ran: string[] = [];
    const logged: unknown[] = [];
    const result = await runJobs(
      [
        { name: "digests", run: async () => Promise.reject(new Error("boom")) },
        { name: "steps", run: async () => (ran.push("steps"), 500_000) },
      ],
      now,
      (event, detail) => logged.push({ event, detail }),
    );
    expect(ran).toEqual(["steps"]);
    expect(result).toEqual({ next: 1_000 + JOB_RETRY_MS, failed: ["digests"] });
    expect(logged).toEqual([{ event: "job failed", detail: { job: "digests", error: "Error: boom" } }]);
  });
});
