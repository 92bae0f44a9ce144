// Statements built once (db/client.ts `prepared`) and written together (`runBatch`): the
// same shape reuses its SQL, another shape gets its own, values go through their columns'
// encodings (JSON, booleans) and come back mapped, and a batch is one transaction.
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { dbFrom, prepared, runBatch } from "../src/db/client";
import { leadPatchStatement } from "../src/db/lead-changes";
import { insertLead } from "../src/db/lead-queries";
import { insertMessageWith, updateMessageStatement } from "../src/db/message-queries";
import { leads, type Lead } from "../src/db/schema";
import { TEST_EPOCH } from "./helpers/clock";
import { row } from "./helpers/db";
import { setUpStore } from "./helpers/store";

const db = dbFrom(env.DB);

async function aLead(): Promise<Lead> {
  const [rep] = await setUpStore([{ name: "Sam Rivera", phone: "+12125550111" }]);
  return insertLead(db, { name: "Jane Doe", phone: "+12125550100", product: "recliner", repId: rep!.id, photoUrl: null, source: "rep" }, TEST_EPOCH);
}

it("a shape's query is built once per handle; each statement binds its own values", async () => {
  const build = vi.fn(() => db.select({ n: sql<number>`${sql.placeholder("n")} + 1` }).from(leads).limit(1));
  await aLead();
  const results = await runBatch(db, [prepared(db, "test.plusOne", build, { n: 1 }), prepared(db, "test.plusOne", build, { n: 41 })]);
  expect(results).toEqual([[{ n: 2 }], [{ n: 42 }]]);
  expect(build).toHaveBeenCalledTimes(1);
});

it("patches that set other fields are other shapes: each writes only its own fields", async () => {
  const lead = await aLead();
  const [named] = (await runBatch(db, [leadPatchStatement(db, lead, { name: "Janet Doe", updatedAt: TEST_EPOCH + 1 })])) as [Lead[]];
  expect(named[0]).toMatchObject({ name: "Janet Doe", nameKey: "janet doe", product: "recliner", notes: "" });
  const [noted] = (await runBatch(db, [leadPatchStatement(db, named[0]!, { notes: "wants blue", product: undefined, updatedAt: TEST_EPOCH + 2 })])) as [Lead[]];
  expect(noted[0]).toMatchObject({ name: "Janet Doe", product: "recliner", notes: "wants blue", updatedAt: TEST_EPOCH + 2 });
  // Guarded as before: a lead changed since it was read is not written (no row back).
  const [stale] = (await runBatch(db, [leadPatchStatement(db, lead, { notes: "stale", updatedAt: TEST_EPOCH + 3 })])) as [Lead[]];
  expect(stale).toEqual([]);
  expect(await row("SELECT notes FROM leads WHERE id = ?", lead.id)).toEqual({ notes: "wants blue" });
});

it("values go through their columns' encodings: booleans as 0/1, JSON as text, and come back mapped", async () => {
  const lead = await aLead();
  const [paused] = (await runBatch(db, [leadPatchStatement(db, lead, { seriesPaused: true, updatedAt: TEST_EPOCH + 1 })])) as [Lead[]];
  expect(paused[0]?.seriesPaused).toBe(true);
  expect(await row("SELECT series_paused AS p FROM leads WHERE id = ?", lead.id)).toEqual({ p: 1 });
  const { message } = await insertMessageWith(db, { direction: "out", kind: "relay", from: "+12125550000", to: lead.phone, body: "Hi", media: ["https://example.com/a.jpg"], status: "queued", at: TEST_EPOCH }, {});
  expect(message.media).toEqual(["https://example.com/a.jpg"]);
  expect(await row("SELECT media FROM messages WHERE id = ?", message.id)).toEqual({ media: '["https://example.com/a.jpg"]' });
});

it("a batch is one transaction: a statement that fails writes none of the others", async () => {
  const lead = await aLead();
  const { message } = await insertMessageWith(db, { direction: "out", kind: "relay", from: "+12125550000", to: lead.phone, body: "Hi", media: [], status: "queued", at: TEST_EPOCH, sid: "SMfirst" }, {});
  const { message: other } = await insertMessageWith(db, { direction: "out", kind: "relay", from: "+12125550000", to: lead.phone, body: "Hi", media: [], status: "queued", at: TEST_EPOCH }, {});
  await expect(runBatch(db, [updateMessageStatement(db, message.id, { status: "sent" }), updateMessageStatement(db, other.id, { sid: "SMfirst" })])).rejects.toThrow(/UNIQUE/);
  expect(await row("SELECT status FROM messages WHERE id = ?", message.id)).toEqual({ status: "queued" });
});
