// Writes that wait a moment to ride in another batch (db/carpool.ts): a sent step's answer
// rides in the next step's claim, or is written alone once its wait is over; a carrying
// batch that fails writes none of its riders, and they are then written alone.
import { env } from "cloudflare:workers";
import { afterEach, expect, it, vi } from "vitest";
import { Carpool } from "../src/db/carpool";
import { dbFrom, type Statement } from "../src/db/client";
import { insertMessage, updateMessageStatement } from "../src/db/message-queries";
import { messages } from "../src/db/schema";
import { TEST_EPOCH } from "./helpers/clock";

const db = dbFrom(env.DB);

afterEach(() => vi.restoreAllMocks());

async function queued(to: string) {
  return insertMessage(db, { direction: "out", kind: "series", from: "+12125550000", to, body: "Hi", media: [], status: "queued", at: TEST_EPOCH });
}

async function statusOf(id: number): Promise<string | undefined> {
  return (await env.DB.prepare("SELECT status FROM messages WHERE id = ?").bind(id).first<{ status: string }>())?.status;
}

/** An insert that fails on the UNIQUE sid: a batch carrying it is not written (like a step claimed before). */
function duplicateSid(sid: string) {
  return db.insert(messages).values({ direction: "out", kind: "series", from: "+12125550000", to: "+12125550199", body: "x", media: [], status: "queued", at: TEST_EPOCH, sid });
}

it("a write nobody carries is written alone once its wait is over, and resolves with its results", async () => {
  const m = await queued("+12125550101");
  const batch = vi.spyOn(db, "batch");
  const pool = new Carpool(db, 1);
  const results = await pool.carry([updateMessageStatement(db, m.id, { status: "sent", sid: "SMalone" }), db.select({ id: messages.id }).from(messages).limit(1)]);
  expect(results).toHaveLength(2);
  expect(await statusOf(m.id)).toBe("sent");
  expect(batch).toHaveBeenCalledTimes(1);
});

it("waiting writes ride in the next batch, first, each resolving with its own results: one round trip", async () => {
  const [a, b] = [await queued("+12125550102"), await queued("+12125550103")];
  const pool = new Carpool(db, 60_000);
  const first = pool.carry([updateMessageStatement(db, a.id, { status: "sent" })]);
  const second = pool.carry([updateMessageStatement(db, b.id, { status: "sent" }), db.select({ id: messages.id }).from(messages).limit(1)]);
  const batch = vi.spyOn(db, "batch");
  const ride = pool.take();
  expect(ride.statements).toHaveLength(3);
  const carrier: Statement[] = [...ride.statements, db.select({ n: messages.id }).from(messages).limit(0)];
  const results = await db.batch(carrier as [Statement, ...Statement[]]);
  ride.written(results);
  expect(await first).toHaveLength(1);
  expect(await second).toEqual([results[1], results[2]]);
  expect([await statusOf(a.id), await statusOf(b.id)]).toEqual(["sent", "sent"]);
  // Taken: nothing waits any more, and no write of their own follows.
  expect(pool.take().statements).toEqual([]);
  expect(batch).toHaveBeenCalledTimes(1);
});

it("riders of a batch that failed (a claim taken before) are written alone at once", async () => {
  const m = await queued("+12125550104");
  await env.DB.prepare("UPDATE messages SET sid = 'SMtaken' WHERE id = ?").bind(m.id).run();
  const other = await queued("+12125550105");
  const pool = new Carpool(db, 60_000);
  const waiting = pool.carry([updateMessageStatement(db, other.id, { status: "sent" })]);
  const ride = pool.take();
  const carrier: Statement[] = [...ride.statements, duplicateSid("SMtaken")];
  await expect(db.batch(carrier as [Statement, ...Statement[]])).rejects.toThrow(/UNIQUE/);
  expect(await statusOf(other.id)).toBe("queued"); // the failed batch wrote none of it
  ride.failed();
  expect(await waiting).toHaveLength(1);
  expect(await statusOf(other.id)).toBe("sent");
});

it("writes that cannot be written reject, every rider of that batch", async () => {
  const m = await queued("+12125550106");
  await env.DB.prepare("UPDATE messages SET sid = 'SMdup' WHERE id = ?").bind(m.id).run();
  const other = await queued("+12125550107");
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
