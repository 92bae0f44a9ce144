import { describe, expect, it } from "vitest";
import type { SmsProvider } from "../twilio/provider";
import { boundedProvider, inLanes, LAST_WORD_LEAD_MS, LAST_WORD_MAX_AGE_MS, LAST_WORD_MAX_LEAD_MS, lastWordLead, lastWordPlaces, MAX_IN_FLIGHT, SAVE_AHEAD_MS, Turnstile, WARM_UP_SHARE } from "./lanes";
import { CATCH_UP_SPACING, gridGap, WINDOW_HEADROOM, WINDOW_MARGIN_MS } from "./pacing";

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

  it("a connection taken ahead is held until released: a seventh waits for it, and sends through it never wait", async () => {
    const quick: SmsProvider = { name: "twilio", send: async () => ({ ok: true, sid: "SM1", status: "queued" }) };
    const bounded = boundedProvider(quick);
    const held = await Promise.all(Array.from({ length: MAX_IN_FLIGHT }, () => bounded.connection()));
    let seventh = false;
    const waiting = bounded.connection().then((c) => {
      seventh = true;
      return c;
    });
    // Every held connection sends at once, and more than once, without waiting for another.
    const sms = { to: "+1", from: "+2", body: "hi", mediaUrls: [] };
    await Promise.all(held.map((c) => c.provider.send(sms)));
    await tick();
    expect(seventh).toBe(false);
    held[0]!.release();
    held[0]!.release(); // twice is once
    const seventhConnection = await waiting;
    expect(seventh).toBe(true);
    let eighth = false;
    void bounded.connection().then(() => (eighth = true));
    await tick();
    expect(eighth).toBe(false); // six held again: the second release freed nothing
    seventhConnection.release();
    await tick();
    expect(eighth).toBe(true);
  });
});

describe("Turnstile", () => {
  /** Virtual time with real timers: each sleeper wakes at its own due time, in order. */
  function virtualTime(start: number, lateMs: number | (() => number) = 0) {
    const timers: { at: number; wake: () => void }[] = [];
    const late = typeof lateMs === "number" ? () => lateMs : lateMs;
    const v = {
      t: start,
      now: () => v.t,
      sleep: (ms: number) => new Promise<void>((wake) => timers.push({ at: v.t + ms + late(), wake })),
      /** Runs until `work` settles, moving the clock to the next timer whenever nothing else can happen. */
      async run<T>(work: Promise<T>): Promise<T> {
        let settled = false;
        const done = work.finally(() => {
          settled = true;
        });
        while (!settled) {
          await tick();
          if (settled) break;
          timers.sort((a, b) => a.at - b.at);
          const next = timers.shift();
          if (!next) continue;
          v.t = Math.max(v.t, next.at);
          next.wake();
        }
        return done;
      },
    };
    return v;
  }

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

  it("lets sends through on the grid (1000 / rate ms apart, 2 % wider), concurrent callers included, and stores a time past each slot first", async () => {
    const c = clock(10_000);
    const gate = new Turnstile(null, 100, c);
    const passed: number[] = [];
    await Promise.all(Array.from({ length: 12 }, async () => {
      await gate.pass();
      passed.push(c.now());
      // Storage already holds a time at or after this send.
      expect(Math.max(...c.saved)).toBeGreaterThanOrEqual(c.now());
    }));
    expect(passed).toEqual(Array.from({ length: 12 }, (_, i) => Math.ceil(10_000 + i * gridGap(100))));
    expect(passed.slice(0, 4)).toEqual([10_000, 10_011, 10_021, 10_031]);
    // Stored ahead before the first send (and not again within SAVE_AHEAD_MS).
    expect(c.saved).toEqual([10_000 + SAVE_AHEAD_MS]);
    expect(gate.lastSlot).toBe(passed.at(-1));
  });

  it("after a restart, waits a whole window past the stored time (the second before it may have been full)", async () => {
    const c = clock(10_000);
    const gate = new Turnstile(10_500, 2, c);
    const { waited, clear } = await gate.pass();
    expect(c.now()).toBe(10_500 + 1_000 + WINDOW_MARGIN_MS);
    expect(waited).toBe(1_500 + WINDOW_MARGIN_MS);
    expect(clear).toBe(true);
  });

  it("says a send's last word just before its slot, and lets it go only after", async () => {
    const v = virtualTime(10_000);
    const gate = new Turnstile(null, 1, v);
    await v.run(gate.pass(1));
    const said: number[] = [];
    const passage = await v.run(gate.pass(1, async () => {
      said.push(v.now());
      await v.sleep(5);
      return true;
    }));
    // One a second, on the grid 2 % under the rate.
    const slot = Math.ceil(10_000 + gridGap(1));
    expect(said).toEqual([slot - LAST_WORD_LEAD_MS]);
    expect(v.now()).toBe(slot);
    expect(passage).toEqual({ waited: slot - 10_000, clear: true });
  });

  it("a slow last word delays the sends after it, never bunches them", async () => {
    const c = clock(0);
    const gate = new Turnstile(null, 100, c);
    const passed: number[] = [];
    const slowWord = async () => {
      c.t += 25; // a D1 read that took 25 ms, at a 10 ms gap
      return true;
    };
    await Promise.all(Array.from({ length: 5 }, async () => {
      await gate.pass(100, slowWord);
      passed.push(c.now());
    }));
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(gaps.every((g) => g >= 10)).toBe(true);
    expect(c.saved.at(-1)).toBeGreaterThanOrEqual(passed.at(-1)!);
  });

  it("a send whose last word says no (or throws) does not go, and the next send gets its slot", async () => {
    const c = clock(10_000);
    const gate = new Turnstile(null, 100, c);
    expect((await gate.pass(100, async () => true)).clear).toBe(true);
    expect((await gate.pass(100, async () => false)).clear).toBe(false);
    expect((await gate.pass(100, () => Promise.reject(new Error("D1 down")))).clear).toBe(false);
    expect(gate.lastSlot).toBe(10_000);
    await gate.pass(100, async () => true);
    expect(c.now()).toBe(10_011);
    expect(gate.lastSlot).toBe(10_011);
  });

  it("timers that fire late do not add up: the grid catches up, and no second holds more than the rate", async () => {
    const v = virtualTime(0, 4); // every timer fires 4 ms late
    const gate = new Turnstile(null, 100, v);
    const passed: number[] = [];
    await v.run(Promise.all(Array.from({ length: 250 }, async () => {
      await gate.pass();
      passed.push(v.now());
    })));
    // On the grid, 10.2 ms apart: 249 gaps in about 2.54 s and two windows' margins (moving
    // with each late timer: 3.49 s).
    expect(passed.at(-1)! - passed[0]!).toBeLessThan(2_600 + 2 * WINDOW_MARGIN_MS);
    for (let i = 0; i + 100 < passed.length; i++) expect(passed[i + 100]! - passed[i]!).toBeGreaterThanOrEqual(1_000);
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10 * CATCH_UP_SPACING);
  });

  it("a thread that stalls now and then (one timer in 50 fires 80 ms late) stretches the window by as much: the catch-up after a stall stays under the rate", async () => {
    let n = 0;
    const v = virtualTime(0, () => (++n % 50 === 0 ? 80 : 0));
    const gate = new Turnstile(null, 100, v);
    const passed: number[] = [];
    await v.run(Promise.all(Array.from({ length: 400 }, async () => {
      await gate.pass();
      passed.push(v.now());
    })));
    const count = 100 - Math.floor(100 * WINDOW_HEADROOM);
    // Every window of sends from the first stall on holds a stalled one and on-time ones:
    // its count spans a second, the margin and the 80 ms (less a millisecond of rounding).
    const from = passed.findIndex((t, k) => k > 0 && t - passed[k - 1]! >= 80);
    expect(from).toBeGreaterThan(0);
    for (let k = from; k + count < passed.length; k++) expect(passed[k + count]! - passed[k]!, `sends ${k}..${k + count}`).toBeGreaterThanOrEqual(1_000 + WINDOW_MARGIN_MS + 80 - 1);
  });

  it("warming (the Scheduler's): the first window after a start, and after an idle window, goes at WARM_UP_SHARE of the rate; then the full grid", async () => {
    const v = virtualTime(0);
    const gate = new Turnstile(null, 100, { now: v.now, sleep: v.sleep, warmUp: true });
    const passed: number[] = [];
    const burst = (n: number) => v.run(Promise.all(Array.from({ length: n }, async () => {
      await gate.pass();
      passed.push(v.now());
    })));
    await burst(200);
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    const warmGap = gridGap(100 * WARM_UP_SHARE);
    // The first window (a second) at 75 % of the rate, 13.6 ms apart: 74 sends in it.
    expect(gaps.slice(0, 60).every((g) => g >= Math.floor(warmGap))).toBe(true);
    expect(passed.filter((t) => t < 1_000).length).toBeLessThanOrEqual(Math.ceil(1_000 / warmGap));
    // Then the grid at the rate (10.2 ms; the window's pause once a second).
    const later = gaps.slice(-50);
    expect(later.filter((g) => g <= Math.ceil(gridGap(100))).length).toBeGreaterThanOrEqual(45);
    // Never more than the rate in a second, across the change of pace either.
    for (let i = 0; i + 98 < passed.length; i++) expect(passed[i + 98]! - passed[i]!).toBeGreaterThanOrEqual(1_000);
    // Idle for two seconds: warming again, the grid started afresh (no catch-up burst).
    v.t += 2_000;
    const before = passed.length;
    await burst(20);
    const again = passed.slice(before);
    expect(again.slice(1).map((t, i) => t - again[i]!).every((g) => g >= Math.floor(warmGap))).toBe(true);
    // Without warmUp (the dispatcher's own turnstile, the tests): the grid from the first send.
    const cold = new Turnstile(null, 100, { now: v.now, sleep: v.sleep });
    const first: number[] = [];
    await v.run(Promise.all(Array.from({ length: 20 }, async () => {
      await cold.pass();
      first.push(v.now());
    })));
    expect(first.slice(1).map((t, i) => t - first[i]!).every((g) => g <= Math.ceil(gridGap(100)))).toBe(true);
  });

  it("a late timer never bunches two sends closer than CATCH_UP_SPACING of a gap", async () => {
    const c = clock(0);
    c.late = 25;
    const gate = new Turnstile(null, 100, c);
    const passed: number[] = [];
    for (let i = 0; i < 5; i++) {
      await gate.pass();
      passed.push(c.now());
    }
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(gaps.every((g) => g >= 10 * CATCH_UP_SPACING)).toBe(true);
    expect(c.saved.at(-1)).toBeGreaterThanOrEqual(passed.at(-1)!);
  });

  it("stores its time ahead and early: sends wait for a write only when nothing durable covers them", async () => {
    const v = virtualTime(0);
    const writes: number[] = [];
    // Every write after the first takes 300 ms to become durable.
    const gate = new Turnstile(null, 100, { now: v.now, sleep: v.sleep, save: async (t) => {
      writes.push(t);
      if (writes.length > 1) await v.sleep(300);
    } });
    const passed: number[] = [];
    await v.run(Promise.all(Array.from({ length: 300 }, async () => {
      await gate.pass();
      passed.push(v.now());
    })));
    // On the grid (no 300 ms stall at each second); at most the window's pause once a second
    // (2 % headroom and the margin).
    expect(passed[0]).toBe(0);
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(10 + 1000 * WINDOW_HEADROOM + WINDOW_MARGIN_MS);
    // Every send was covered by a time written before it.
    for (const t of passed) expect(Math.max(...writes)).toBeGreaterThanOrEqual(t);
    expect(writes.length).toBeLessThanOrEqual(8);
  });

  it("a write that fails fails the send that needed it, and the next send writes again", async () => {
    const c = clock(10_000);
    let fail = true;
    const saved: number[] = [];
    const gate = new Turnstile(null, 100, { now: c.now, sleep: c.sleep, save: async (t) => {
      if (fail) throw new Error("storage unavailable");
      saved.push(t);
    } });
    await expect(gate.pass()).rejects.toThrow("storage unavailable");
    fail = false;
    await gate.pass();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toBeGreaterThanOrEqual(c.now());
  });

  it("says the last words of queued sends side by side: a 25 ms read at a 10 ms gap keeps the pace", async () => {
    const v = virtualTime(0);
    const gate = new Turnstile(null, 100, v);
    const passed: number[] = [];
    const read = async () => {
      await v.sleep(25);
      return true;
    };
    await v.run(Promise.all(Array.from({ length: 20 }, async () => {
      await gate.pass(100, read);
      passed.push(v.now());
    })));
    // Waiting for the first read is the only delay: the grid catches up (never closer than
    // CATCH_UP_SPACING of a gap) and the twenty go in the time the pace allows.
    expect(passed[0]).toBe(25);
    const gaps = passed.slice(1).map((t, i) => t - passed[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10 * CATCH_UP_SPACING);
    expect(passed.at(-1)).toBe(Math.ceil(19 * gridGap(100)));
  });

  it.each([
    // words lately taking (ms) → lead (ms): half as long again, within its bounds
    [0, LAST_WORD_LEAD_MS],
    [20, LAST_WORD_LEAD_MS],
    [40, 60],
    [100, 150],
    [150, LAST_WORD_MAX_LEAD_MS],
    [1_000, LAST_WORD_MAX_LEAD_MS],
  ])("a last word that has lately taken %i ms begins %i ms before its slot", (wordMs, lead) => {
    expect(lastWordLead(wordMs)).toBe(lead);
  });

  it.each([
    // lead, how far apart turns end (ms) → places from the head
    [50, 10.2, 6],
    [150, 10.2, 16],
    [50, 60, 2],
    [200, 1_000, 2],
  ])("a %i ms lead with turns %f ms apart: the word may begin %i places from the head", (lead, interval, places) => {
    expect(lastWordPlaces(lead, interval)).toBe(places);
  });

  it("a queue that falls behind its expected slots has its last words said in their places, not early: a stall does not set off words said again one after another", async () => {
    // One slow read (400 ms) holds the first send; the 99 queued behind it expected slots
    // 10 ms apart from 0. Said by those times alone, their words were 250 ms old by their
    // real slots and said again inside their turns, one 60 ms read after another — each turn
    // then 60 ms long, so every later word aged too: 200 reads, 99 sends in 6.5 s (and D1 at
    // 20 ms a round trip took a 100/s drain to 35 texts a second). Said in their places, only
    // the words already begun when the stall came, and a few while the places adjust to the
    // slower turns, are said again; then the pace is back.
    const v = virtualTime(0);
    const gate = new Turnstile(null, 100, v);
    let reads = 0;
    const passed: number[] = [];
    await v.run(Promise.all(Array.from({ length: 100 }, async (_, i) => {
      await gate.pass(100, async () => {
        reads += 1;
        await v.sleep(i === 0 ? 400 : 60);
        return true;
      });
      passed.push(v.now());
    })));
    expect(passed[0]).toBe(400);
    expect(reads).toBeLessThan(120);
    expect(passed.at(-1)! - passed[0]!).toBeLessThan(2_000);
    for (let i = 0; i + 98 < passed.length; i++) expect(passed[i + 98]! - passed[i]!).toBeGreaterThanOrEqual(1_000);
  });

  it(`a last word's age is counted from its answer: reads slower than ${LAST_WORD_MAX_AGE_MS} ms are each said once`, async () => {
    // Counted from when the read began, a 300 ms read was too old the moment it came back,
    // and every send's word was said twice.
    const v = virtualTime(0);
    const gate = new Turnstile(null, 1, v);
    let reads = 0;
    await v.run(Promise.all(Array.from({ length: 3 }, () =>
      gate.pass(1, async () => {
        reads += 1;
        await v.sleep(300);
        return true;
      }),
    )));
    expect(reads).toBe(3);
  });

  it(`a last word older than ${LAST_WORD_MAX_AGE_MS} ms when its slot comes is said again`, async () => {
    const v = virtualTime(0);
    const gate = new Turnstile(null, 0.2, v);
    const saidB: number[] = [];
    const [a, b] = await v.run(Promise.all([
      gate.pass(0.2, async () => {
        await v.sleep(240); // the first send's read is slow, so its slot (and the next) move on
        return true;
      }).then(() => v.now()),
      gate.pass(0.2, async () => {
        saidB.push(v.now());
        await v.sleep(10);
        return true;
      }).then(() => v.now()),
    ]));
    expect(a).toBe(240);
    // Said before its expected slot (5 s), then again when its real slot came, 295 ms later
    // (a window after the first send really left, and the margin).
    expect(saidB).toEqual([5_000 - LAST_WORD_LEAD_MS, 5_240 + WINDOW_MARGIN_MS]);
    expect(b).toBe(5_250 + WINDOW_MARGIN_MS);
  });
});
