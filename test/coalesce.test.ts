// db/coalesce.ts against the real local D1: batches asked for while one is in flight share a
// round trip, each caller gets its own results, and a failing caller's batch fails alone.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { coalescing } from "../src/db/coalesce";
import { optOuts } from "../src/db/schema";
import { rows } from "./helpers/db";

const put = (db: ReturnType<typeof dbFrom>, phone: string) => db.insert(optOuts).values({ phone, at: 1 }).returning();
const read = (db: ReturnType<typeof dbFrom>, phone: string) => db.select().from(optOuts).where(eq(optOuts.phone, phone));

describe("coalescing D1 batches", () => {
  it("one at a time: each batch goes at once, in its own round trip", async () => {
    const db = coalescing(dbFrom(env.DB));
    for (let i = 0; i < 3; i++) {
      const [inserted] = await db.batch([put(db, `+1555000000${i}`)]);
      expect(inserted).toEqual([{ phone: `+1555000000${i}`, at: 1 }]);
    }
    expect(db.coalesced).toEqual({ asked: 3, roundTrips: 3 });
  });

  it("asked for together: the first goes at once, the rest share the next round trip, each with its own results", async () => {
    const db = coalescing(dbFrom(env.DB));
    const phones = Array.from({ length: 6 }, (_, i) => `+1555000010${i}`);
    const results = await Promise.all(phones.map((phone) => db.batch([put(db, phone), read(db, phone)])));
    results.forEach((r, i) => expect(r).toEqual([[{ phone: phones[i], at: 1 }], [{ phone: phones[i], at: 1 }]]));
    expect(db.coalesced).toEqual({ asked: 6, roundTrips: 2 });
    expect(await rows("SELECT phone FROM opt_outs ORDER BY phone")).toHaveLength(6);
  });

  it("no round trip carries more than the cap (a caller's batch is never split)", async () => {
    const db = coalescing(dbFrom(env.DB), 4);
    const phones = Array.from({ length: 7 }, (_, i) => `+1555000020${i}`);
    await Promise.all(phones.map((phone) => db.batch([put(db, phone), read(db, phone)])));
    // 1 alone, then two per round trip: 1 + 3.
    expect(db.coalesced).toEqual({ asked: 7, roundTrips: 4 });
    expect(await rows("SELECT phone FROM opt_outs")).toHaveLength(7);
  });

  it("a caller whose batch fails (a primary key taken) fails alone: the others are written", async () => {
    const plain = dbFrom(env.DB);
    await put(plain, "+15550000300");
    const db = coalescing(plain);
    const outcomes = await Promise.allSettled([
      db.batch([put(db, "+15550000399")]),
      db.batch([put(db, "+15550000301")]),
      db.batch([put(db, "+15550000300"), put(db, "+15550000302")]),
      db.batch([put(db, "+15550000303")]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    // The failed caller's batch is one transaction: its second insert is not there.
    expect((await rows<{ phone: string }>("SELECT phone FROM opt_outs ORDER BY phone")).map((r) => r.phone)).toEqual([
      "+15550000300",
      "+15550000301",
      "+15550000303",
      "+15550000399",
    ]);
  });
});
