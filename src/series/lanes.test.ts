import { describe, expect, it } from "vitest";
import type { SmsProvider } from "../twilio/provider";
import { boundedProvider, inLanes, MAX_IN_FLIGHT, Turnstile } from "./lanes";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("inLanes", () => {
  it.each([1, 3, 6])("keeps at most %i items in progress and does every item once", async (lanes) => {
    let open = 0;
    let peak = 0;
    const done: number[] = [];
    await inLanes([...Array(20).keys()], lanes, async (i) => {
      open += 1;
      peak = Math.max(peak, open);
      await tick();
      done.push(i);
      open -= 1;
    });
    expect(peak).toBe(lanes);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it("an empty list does nothing", async () => {
    await inLanes([], 6, async () => {
      throw new Error("not called");
    });
  });
});

describe("boundedProvider", () => {
  it(`never has more than ${MAX_IN_FLIGHT} sends in flight, however many are asked for`, async () => {
    let open = 0;
    let peak = 0;
    const slow: SmsProvider = {
      name: "twilio",
      send: async () => {
        open += 1;
        peak = Math.max(peak, open);
        await tick();
        open -= 1;
        return { ok: true, sid: "SM1", status: "queued" };
      },
    };
    const bounded = boundedProvider(slow);
    const sms = { to: "+1", from: "+2", body: "hi", mediaUrls: [] };
    const results = await Promise.all(Array.from({ length: 25 }, () => bounded.send(sms)));
    expect(results).toHaveLength(25);
    expect(peak).toBe(MAX_IN_FLIGHT);
    expect(bounded.peak).toBe(MAX_IN_FLIGHT);
  });
});

describe("Turnstile", () => {
  function clock(start: number) {
    const c = {
      t: start,
      saved: [] as number[],
      now: () => c.t,
      // A timer that fires `late` ms after it was due.
      late: 0,
      sleep: async (ms: number) => {
        await tick();
        c.t += ms + c.late;
      },
      save: async (slot: number) => {
        c.saved.push(slot);
      },
    };
    return c;
  }

  it("lets sends through 1000 / rate ms apart, concurrent callers included, and stores each slot first", async () => {
    const c = clock(10_000);
    const gate = new Turnstile(null, 100, c);
    const passed: number[] = [];
    await Promise.all(Array.from({ length: 12 }, async () => {
      await gate.pass();
      passed.push(c.now());
    }));
    expect(passed).toEqual(Array.from({ length: 12 }, (_, i) => 10_000 + i * 10));
    expect(c.saved).toEqual(passed);
    expect(gate.lastSlot).toBe(10_110);
  });

  it("starts after the last slot of an earlier run (a re-run or a restart)", async () => {
    const c = clock(10_000);
    const gate = new Turnstile(10_500, 2, c);
    const waited = await gate.pass();
    expect(c.now()).toBe(11_000);
    expect(waited).toBe(1_000);
  });

  it("a late timer moves the next slot with it: two sends are never closer than the gap", async () => {
    const c = clock(0);
    c.late = 25;
    const gate = new Turnstile(null, 100, c);
    const passed: number[] = [];
    for (let i = 0; i < 5; i++) {
      await gate.pass();
      passed.push(c.now());
    }
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(gaps.every((g) => g >= 10)).toBe(true);
    expect(c.saved.at(-1)).toBe(passed.at(-1));
  });
});
