// LastWords: the last words said near each other share one read; each send gets its own.
import { describe, expect, it } from "vitest";
import type { StepCheck } from "../db/engine-queries";
import { LAST_WORD_WINDOW_MS, LastWords } from "./last-words";
import { LAST_WORD_LEAD_MS } from "./lanes";

const check = (leadId: number): StepCheck => ({ leadId, phone: `+1212555${String(leadId).padStart(4, "0")}`, updatedAt: 1, nextAt: 2 });

/** A clock whose waits end only when the test moves time on. */
function fakeTime() {
  let now = 0;
  const timers: { at: number; resolve: () => void }[] = [];
  return {
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.resolve();
      }
      // Let the reads and their answers run.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

describe("LastWords", () => {
  it("the window fits inside the lead: a word is read at least 50 ms before its slot", () => {
    expect(LAST_WORD_LEAD_MS - LAST_WORD_WINDOW_MS).toBeGreaterThanOrEqual(50);
  });

  it("words said within the window share one read, each answered by its own result", async () => {
    const time = fakeTime();
    const reads: number[][] = [];
    const words = new LastWords(async (checks) => {
      reads.push(checks.map((c) => c.leadId));
      return checks.map((c) => c.leadId !== 2);
    }, time.sleep, 45);
    const a = words.say(check(1));
    await time.advance(10);
    const b = words.say(check(2));
    await time.advance(10);
    const c = words.say(check(3));
    expect(reads).toEqual([]);
    await time.advance(LAST_WORD_WINDOW_MS - 20);
    expect(reads).toEqual([[1, 2, 3]]);
    expect(await Promise.all([a, b, c])).toEqual([true, false, true]);
    // The next word opens a new window.
    const d = words.say(check(4));
    await time.advance(LAST_WORD_WINDOW_MS);
    expect(reads).toEqual([[1, 2, 3], [4]]);
    expect(await d).toBe(true);
  });

  it("a full read goes at once, without waiting out the window", async () => {
    const time = fakeTime();
    const reads: number[][] = [];
    const words = new LastWords(async (checks) => {
      reads.push(checks.map((c) => c.leadId));
      return checks.map(() => true);
    }, time.sleep, 3);
    const said = [1, 2, 3, 4].map((id) => words.say(check(id)));
    await time.advance(0);
    expect(reads).toEqual([[1, 2, 3]]);
    await time.advance(LAST_WORD_WINDOW_MS);
    expect(reads).toEqual([[1, 2, 3], [4]]);
    expect(await Promise.all(said)).toEqual([true, true, true, true]);
  });

  it("a read that fails fails every word in it (the turnstile counts that as no); the next read is fresh", async () => {
    const time = fakeTime();
    let fail = true;
    const words = new LastWords(async (checks) => {
      if (fail) throw new Error("D1 unavailable");
      return checks.map(() => true);
    }, time.sleep, 45);
    const a = words.say(check(1)).catch((e: unknown) => String(e));
    const b = words.say(check(2)).catch((e: unknown) => String(e));
    await time.advance(LAST_WORD_WINDOW_MS);
    expect(await Promise.all([a, b])).toEqual(["Error: D1 unavailable", "Error: D1 unavailable"]);
    fail = false;
    const c = words.say(check(3));
    await time.advance(LAST_WORD_WINDOW_MS);
    expect(await c).toBe(true);
  });
});
