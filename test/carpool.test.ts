// Writes that wait a moment to ride in another batch (db/carpool.ts): a sent step's answer
// rides in the next step's claim, or is written alone once its wait is over; a carrying
// batch that fails writes none of its riders, and they are then written alone.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Carpool } from "../src/db/carpool";
import { dbFrom, prepared, runBatch, type Statement } from "../src/db/client";
import { insertMessage, updateMessageStatement } from "../src/db/message-queries";
import { messages } from "../src/db/schema";
import { FollowUpDispatcher, RIDE_WAIT_MS } from "../src/series/dispatcher";
import { TwilioRestProvider } from "../src/twilio/provider";
import { TEST_EPOCH } from "./helpers/clock";
import { installFakeTwilio } from "./helpers/fake-twilio";
import { apiJson, setUpStore } from "./helpers/store";

const db = dbFrom(env.DB);

afterEach(() => vi.restoreAllMocks());

async function queued(to: string) {
  return insertMessage(db, { direction: "out", kind: "series", from: "+12125550000", to, body: "Hi", media: [], status: "queued", at: TEST_EPOCH });
}

async function statusOf(id: number): Promise<string | undefined> {
  return (await env.DB.prepare("SELECT status FROM messages WHERE id = ?").bind(id).first<{ status: string }>())?.status;
}

/** A message that already holds `sid`, and another still queued (returned): the one a test writes. */
async function sidTakenAndAnother(sid: string, to: [string, string]) {
  const holder = await queued(to[0]);
  await env.DB.prepare("UPDATE messages SET sid = ? WHERE id = ?").bind(sid, holder.id).run();
  return queued(to[1]);
}

/** An insert that fails on the UNIQUE sid: a batch carrying it is not written (like a step claimed before). */
function duplicateSid(sid: string): Statement {
  return prepared(
    db,
    "test.duplicateSid",
    () => db.insert(messages).values({ direction: "out", kind: "series", from: "+12125550000", to: "+12125550199", body: "x", media: [], status: "queued", at: TEST_EPOCH, sid: sql.placeholder("sid") }),
    { sid },
  );
}

/** A read of one message id (or none, with `limit` 0): a statement with rows for a result. */
function someIds(limit: 0 | 1): Statement {
  return prepared(db, `test.someIds:${limit}`, () => db.select({ id: messages.id }).from(messages).limit(limit), {});
}

it("a write nobody carries is written alone once its wait is over, and resolves with its results", async () => {
  const m = await queued("+12125550101");
  const batch = vi.spyOn(db.$client, "batch");
  const pool = new Carpool(db, 1);
  const results = await pool.carry([updateMessageStatement(db, m.id, { status: "sent", sid: "SMalone" }), someIds(1)]);
  expect(results).toHaveLength(2);
  expect(await statusOf(m.id)).toBe("sent");
  expect(batch).toHaveBeenCalledTimes(1);
});

it("waiting writes ride in the next batch, first, each resolving with its own results: one round trip", async () => {
  const [a, b] = [await queued("+12125550102"), await queued("+12125550103")];
  const pool = new Carpool(db, 60_000);
  const first = pool.carry([updateMessageStatement(db, a.id, { status: "sent" })]);
  const second = pool.carry([updateMessageStatement(db, b.id, { status: "sent" }), someIds(1)]);
  const batch = vi.spyOn(db.$client, "batch");
  const ride = pool.take();
  expect(ride.statements).toHaveLength(3);
  const results = await runBatch(db, [...ride.statements, someIds(0)]);
  ride.written(results);
  expect(await first).toHaveLength(1);
  expect(await second).toEqual([results[1], results[2]]);
  expect([await statusOf(a.id), await statusOf(b.id)]).toEqual(["sent", "sent"]);
  // Taken: nothing waits any more, and no write of their own follows.
  expect(pool.take().statements).toEqual([]);
  expect(batch).toHaveBeenCalledTimes(1);
});

it("riders of a batch that failed (a claim taken before) are written alone at once", async () => {
  const other = await sidTakenAndAnother("SMtaken", ["+12125550104", "+12125550105"]);
  const pool = new Carpool(db, 60_000);
  const waiting = pool.carry([updateMessageStatement(db, other.id, { status: "sent" })]);
  const ride = pool.take();
  await expect(runBatch(db, [...ride.statements, duplicateSid("SMtaken")])).rejects.toThrow(/UNIQUE/);
  expect(await statusOf(other.id)).toBe("queued"); // the failed batch wrote none of it
  ride.failed();
  expect(await waiting).toHaveLength(1);
  expect(await statusOf(other.id)).toBe("sent");
});

it("writes that cannot be written reject, every rider of that batch", async () => {
  const other = await sidTakenAndAnother("SMdup", ["+12125550106", "+12125550107"]);
  const pool = new Carpool(db, 1);
  const fine = pool.carry([updateMessageStatement(db, other.id, { status: "sent" })]);
  const clash = pool.carry([updateMessageStatement(db, other.id, { sid: "SMdup" })]);
  await expect(clash).rejects.toThrow(/UNIQUE/);
  await expect(fine).rejects.toThrow(/UNIQUE/);
  expect(await statusOf(other.id)).toBe("queued");
});

it("a batch with no riders waiting carries nothing", () => {
  const ride = new Carpool(db, 1).take();
  expect(ride.statements).toEqual([]);
  ride.written([]);
});

describe("a sent step's answer that cannot be written, in a run as the Scheduler runs it", () => {
  /** A D1 binding whose batches fail when they carry a message's sid (the answers' writes), and only those. */
  function answersFail(d1: D1Database): D1Database {
    const sqlOf = new WeakMap<object, string>();
    return new Proxy(d1, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) => {
            const stmt = target.prepare(sql);
            sqlOf.set(stmt, sql);
            const bind = stmt.bind.bind(stmt);
            return Object.assign(stmt, {
              bind: (...args: unknown[]) => {
                const bound = bind(...args);
                sqlOf.set(bound, sql);
                return bound;
              },
            });
          };
        }
        if (prop === "batch") {
          return async (stmts: D1PreparedStatement[]) => {
            if (stmts.some((s) => /^update "messages" set .*"sid"/i.test(sqlOf.get(s) ?? ""))) throw new Error("D1_ERROR: answers unavailable");
            return target.batch(stmts);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  it("the steps went out once: each is recorded `unknown`, its lead moves on, and the next run sends nothing again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(TEST_EPOCH);
    const twilio = installFakeTwilio();
    try {
      await setUpStore();
      await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } });
      const insert = env.DB.prepare(
        "INSERT INTO leads (name, phone, product, rep_id, created_at, updated_at, series_key, series_started_at, series_next_index, next_at, last_contact_at) VALUES (?, ?, 'recliner', 1, ?, ?, 'beback', ?, 0, ?, ?)",
      );
      const now = TEST_EPOCH;
      await env.DB.batch(Array.from({ length: 4 }, (_, i) => insert.bind(`Due${i}`, `+1212555030${i}`, now, now, now - 3_600_000, now - 1, now - 3_600_000)));
      const provider = new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null);
      const run = async () => {
        const d = await new FollowUpDispatcher({ db: dbFrom(answersFail(env.DB)), provider, now: () => now, sleep: async () => {}, lastSlot: null, log: () => undefined, rideWaitMs: RIDE_WAIT_MS }).load();
        await d.steps();
      };
      await run();
      expect(twilio.sent).toHaveLength(4);
      const rows = await env.DB.prepare("SELECT s.status, l.series_next_index AS idx FROM step_sends s JOIN leads l ON l.id = s.lead_id WHERE l.name LIKE 'Due%'").all<{ status: string; idx: number }>();
      expect(rows.results).toEqual(Array.from({ length: 4 }, () => ({ status: "unknown", idx: 1 })));
      await run();
      expect(twilio.sent).toHaveLength(4);
    } finally {
      twilio.restore();
      vi.useRealTimers();
    }
  });
});
