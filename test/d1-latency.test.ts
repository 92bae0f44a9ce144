// The fan-out drain's pace when every D1 round trip takes time, as it does deployed (a
// Durable Object far from the database's primary waits tens of milliseconds per round trip;
// the local D1 answers in about one). 600 due steps at 100/s, Twilio at 150 ms, the senders
// of `sendersFor` through one turnstile, with every D1 call held `ms` first. A measurement, not a test of
// speed: `npm run bench` runs it (BEBACK_TEST_DEPTH=bench) and prints a `BENCH_D1_LATENCY
// {json}` line per latency; `npm test` skips it.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { checkedPacer, FollowUpDispatcher, RIDE_WAIT_MS } from "../src/series/dispatcher";
import { sendersFor, Turnstile } from "../src/series/lanes";
import { TwilioRestProvider } from "../src/twilio/provider";
import { TEST_EPOCH } from "./helpers/clock";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { apiJson, setUpStore } from "./helpers/store";

const RATE = 100;
const STEPS = 600;
const started = performance.now();
const clock = () => TEST_EPOCH + Math.round(performance.now() - started);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
let twilio: FakeTwilio;
beforeEach(() => {
  twilio = installFakeTwilio({ latencyMs: 150, clock });
});
afterEach(() => twilio.restore());

/** A D1 binding whose every round trip (a statement or a batch) waits `ms` first, counted. */
function delayed(d1: D1Database, ms: number, count: { roundTrips: number }): D1Database {
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "__target") return target;
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args));
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw") {
          const method = Reflect.get(target, prop, target) as (...args: unknown[]) => Promise<unknown>;
          return async (...args: unknown[]) => {
            count.roundTrips += 1;
            await sleep(ms);
            return method.apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          count.roundTrips += 1;
          await sleep(ms);
          // Unwrap: the runtime needs its own statements.
          return target.batch(stmts.map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

for (const ms of [0, 20, 50, 100]) {
  it.skipIf(env.TEST_DEPTH !== "bench")(`${STEPS} due steps at ${RATE}/s, fanned out, with every D1 round trip ${ms} ms`, { timeout: 120_000 }, async () => {
    await setUpStore();
    await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: RATE, quietHours: null } });
    const now = clock();
    await env.DB.batch(
      Array.from({ length: STEPS }, (_, i) =>
        env.DB.prepare(
          "INSERT INTO leads (name, phone, product, rep_id, created_at, updated_at, series_key, series_started_at, series_next_index, next_at) VALUES (?, ?, 'sofa', 1, ?, ?, 'beback', ?, 0, ?)",
        ).bind(`Guest${i}`, `+1212556${String(i).padStart(4, "0")}`, now, now, now - 20 * 60_000, now),
      ),
    );
    const count = { roundTrips: 0 };
    const db = dbFrom(delayed(env.DB, ms, count));
    const deps = {
      db,
      provider: new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null),
      now: clock,
      sleep,
      lastSlot: null,
      // One turnstile for all the senders, as the store's pass() is.
      pacer: checkedPacer(new Turnstile(null, RATE, { now: clock, sleep }), db),
      log: () => undefined,
      rideWaitMs: RIDE_WAIT_MS,
    };
    const d = new FollowUpDispatcher({
      ...deps,
      fanOut: {
        senders: sendersFor,
        send: async (_k, leads) => {
          const sender = await new FollowUpDispatcher(deps).load();
          await sender.sendSteps(leads);
        },
      },
    });
    await d.run();
    const at = twilio.sent.map((s) => s.at).sort((a, b) => a - b);
    expect(at).toHaveLength(STEPS);
    // Round trips per step: a last word said again inside its turn is one more.
    console.log(`BENCH_D1_LATENCY ${JSON.stringify({ d1Ms: ms, steps: STEPS, textsPerSecond: ((STEPS - 1) * 1000) / (at.at(-1)! - at[0]!), roundTripsPerStep: count.roundTrips / STEPS, peakInFlight: twilio.peakInFlight })}`);
  });
}
