// One way to change a lead, as the rest of the Worker meets it: `new` is one write (a failure
// leaves nothing behind), and a new time zone or new quiet hours move every waiting lead's
// next text, so the owner's `nextAt` is when it will really go.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import { dbFrom } from "../src/db/client";
import { waitingPage, writeNextAts } from "../src/db/lead-changes";
import { getSettings } from "../src/db/settings-queries";
import { getLead, setNextAt } from "../src/db/lead-queries";
import { changeLead, createLead, markReplied, markUndeliverable, optOutNumber, rescheduleWaiting } from "../src/series/follow-ups";
import { TEST_EPOCH } from "./helpers/clock";
import { count, row } from "./helpers/db";
import { apiJson, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const MIN = 60_000;
const T0 = TEST_EPOCH; // a Monday, 14:00 in New York

const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });

it("new is one write: when its batch fails, no lead is left half-made, and the rep's new works after", async () => {
  const db = dbFrom(env.DB);
  const ctx = { db, settings: await getSettings(db), now: () => Date.now(), scheduler: { wake: async () => {} } };
  // The undo entry names a rep that does not exist: its insert fails, after the lead's.
  await expect(
    createLead(ctx, { name: "Jane", phone: "+12125550100", product: "recliner", repId: 1, photoUrl: null, source: "rep" }, "beback", { repId: 999, command: "new", summary: "new Jane" }),
  ).rejects.toThrow();
  expect(await count("leads")).toBe(0);
  expect(await count("undo_log")).toBe(0);

  const [answer] = await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  expect(answer).toMatch(/^✓ Jane #\d+ · \(212\) 555-0100 · recliner\. First text/);
  expect(await row("SELECT series_key, series_next_index, next_at FROM leads")).toEqual({ series_key: "beback", series_next_index: 0, next_at: T0 + 20 * MIN });
  expect(await row("SELECT command, lead_id, at FROM undo_log")).toEqual({ command: "new", lead_id: 1, at: T0 });
});

it("new through the rep's text: when D1 fails inside its batch, the rep is asked to try again, nothing is left, and the same new works", async () => {
  // The undo entry's insert fails inside the batch, after the lead's insert.
  await env.DB.prepare("CREATE TRIGGER fail_undo BEFORE INSERT ON undo_log BEGIN SELECT RAISE(ABORT, 'D1 is down'); END").run();
  const [failed] = await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  expect(failed).toMatch(/try again/i);
  expect(await count("leads")).toBe(0);
  expect(await count("undo_log")).toBe(0);
  expect(twilio.sent.filter((s) => s.to === "+12125550100")).toHaveLength(0);

  await env.DB.prepare("DROP TRIGGER fail_undo").run();
  const [answer] = await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  expect(answer).toMatch(/^✓ Jane #\d+ · \(212\) 555-0100 · recliner\. First text/);
  expect(await row("SELECT count(*) AS n, series_key, next_at FROM leads")).toEqual({ n: 1, series_key: "beback", next_at: T0 + 20 * MIN });
});

it("a new time zone or new quiet hours move every waiting lead's next text (nextAt says when it will really go)", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  const { id } = (await row<{ id: number }>("SELECT id FROM leads"))!;
  const nextAt = async () => (await apiJson<{ nextAt: string | null }>(`/leads/${id}`)).nextAt;
  expect(await nextAt()).toBe(new Date(T0 + 20 * MIN).toISOString()); // 14:20 New York

  // Quiet from 14:00 to 16:00: the 14:20 text waits for 16:00.
  await apiJson("/settings", { method: "PUT", body: { quietHours: { start: "14:00", end: "16:00" } } });
  expect(await nextAt()).toBe(new Date(T0 + 2 * 60 * MIN).toISOString());

  // The store is in Los Angeles after all: 14:20 New York is 11:20 there, outside 14:00–16:00.
  await apiJson("/settings", { method: "PUT", body: { timezone: "America/Los_Angeles" } });
  expect(await nextAt()).toBe(new Date(T0 + 20 * MIN).toISOString());

  // Saving something else leaves the leads alone.
  await env.DB.prepare("UPDATE leads SET next_at = 12345").run();
  await apiJson("/settings", { method: "PUT", body: { storeName: "Oak & Pine" } });
  expect(await row("SELECT next_at FROM leads")).toEqual({ next_at: 12345 });
});

it("a store's waiting leads move a page at a time: every one of 2,500 gets its new time, an opted-out one none, and no read holds more than a page", async () => {
  // Jane through the rep's `new`, then 2,499 copies of her lead (as a big store would have).
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2499)
     INSERT INTO leads (name, phone, product, status, rep_id, source, created_at, updated_at, last_contact_at, series_key, series_started_at, series_next_index, series_paused, next_at)
     SELECT 'Lead ' || i, printf('+1212556%04d', i), 'sofa', 'active', rep_id, 'rep', created_at, updated_at, last_contact_at, series_key, series_started_at, 0, 0, next_at
     FROM n, (SELECT * FROM leads WHERE name = 'Jane')`,
  ).run();
  // One number in the middle pages opted out (written straight in: its lead still has a time).
  await env.DB.prepare("INSERT INTO opt_outs (phone, at) VALUES ('+12125561500', ?)").bind(T0).run();
  expect(await row("SELECT count(*) AS n, min(next_at) AS at FROM leads")).toEqual({ n: 2500, at: T0 + 20 * MIN });

  const db = dbFrom(env.DB);
  const pages: number[] = [];
  const counting = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "batch") return Reflect.get(target, prop, receiver);
      return async (queries: Parameters<typeof db.batch>[0]) => {
        const result = await target.batch(queries);
        // The page's read is the batch whose last query reads the saved series.
        if (queries.length === 3) pages.push((result[0] as unknown[]).length);
        return result;
      };
    },
  });
  const settings = { ...(await getSettings(db)), quietHours: { start: "14:00", end: "16:00" } };
  const woken: number[] = [];
  expect(await rescheduleWaiting({ db: counting, settings, now: () => Date.now(), scheduler: { wake: async (t: number) => void woken.push(t) } })).toBe(2500);
  expect(pages).toEqual([1000, 1000, 500]);
  expect(await row("SELECT count(*) AS n FROM leads WHERE next_at = ?", T0 + 2 * 60 * MIN)).toEqual({ n: 2499 });
  expect(await row("SELECT next_at FROM leads WHERE phone = '+12125561500'")).toEqual({ next_at: null });
  expect(woken).toEqual([T0 + 2 * 60 * MIN]);

  // A page reads its own leads' rows, not every closed lead's before them (the partial index
  // leads_waiting): 3,000 leads out of their series, older than the 2,500.
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
     INSERT INTO leads (id, name, phone, product, status, rep_id, source, created_at, updated_at)
     SELECT -i, 'Old ' || i, printf('+1646557%04d', i), 'sofa', 'lost', rep_id, 'rep', created_at, updated_at
     FROM n, (SELECT * FROM leads WHERE name = 'Jane')`,
  ).run();
  const page = waitingPage(db, undefined, -10_000).toSQL();
  const read = await env.DB.prepare(page.sql).bind(...page.params).all();
  expect(read.results).toHaveLength(1000);
  expect(read.meta.rows_read).toBeLessThanOrEqual(1001);
});

it("a change says whether the number was opted out as it read it: a sold whose STOP landed after the rep's text was read says why no after-sale texts go", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  const db = dbFrom(env.DB);
  const { id } = (await row<{ id: number }>("SELECT id FROM leads"))!;
  const ctx = { db, settings: await getSettings(db), now: () => Date.now(), scheduler: { wake: async () => {} } };
  // The STOP lands after the rep's sold was read, before its change reads the lead.
  await env.DB.prepare("INSERT INTO opt_outs (phone, at) VALUES ('+12125550100', ?)").bind(T0).run();
  const changed = await changeLead(ctx, id, { kind: "sold", amountCents: 90_000 });
  expect(changed).toMatchObject({ optedOut: true, after: { status: "sold", nextAt: null } });
  const other = await changeLead(ctx, id, { kind: "edit", fields: { product: "sofa" } });
  expect(other?.optedOut).toBe(true);
});

it("a reply, an opt-out and a refused number are guarded writes: a change that landed after the read is kept, and the stop still happens", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await text({ From: SAM, Body: "new Bob 555-0102 sofa" });
  const db = dbFrom(env.DB);
  const jane = (await row<{ id: number }>("SELECT id FROM leads WHERE name = 'Jane'"))!.id;
  const bob = (await row<{ id: number }>("SELECT id FROM leads WHERE name = 'Bob'"))!.id;
  const stale = (await getLead(db, jane))!;
  // Between the read and the reply's write, the rep marks Jane sold.
  vi.setSystemTime(T0 + MIN);
  await text({ From: SAM, Body: "sold jane 900" });
  await markReplied(db, stale, T0 + 2 * MIN);
  expect(await row("SELECT status, series_paused, next_at, last_contact_at FROM leads WHERE id = ?", jane)).toEqual({ status: "sold", series_paused: 1, next_at: null, last_contact_at: T0 + 2 * MIN });

  // STOP pauses Bob's lead (active → paused) and clears everything pending.
  const stopped = await optOutNumber(db, "+12125550102", T0 + 3 * MIN);
  expect(stopped.isNew).toBe(true);
  expect(stopped.leads.map((l) => [l.id, l.status, l.nextAt, l.seriesPaused])).toEqual([[bob, "paused", null, true]]);
  expect(await row("SELECT at FROM opt_outs WHERE phone = '+12125550102'")).toEqual({ at: T0 + 3 * MIN });
  // A second opt-out of the number is not news: its reps were told once.
  expect((await optOutNumber(db, "+12125550102", T0 + 4 * MIN)).isNew).toBe(false);

  // A refused number flips once: the second verdict changes nothing (its rep is told once).
  expect(await markUndeliverable(db, jane, T0 + 4 * MIN)).toMatchObject({ id: jane, undeliverable: true, status: "sold", nextAt: null });
  expect(await markUndeliverable(db, jane, T0 + 5 * MIN)).toBeUndefined();
  expect(await row("SELECT updated_at FROM leads WHERE id = ?", jane)).toEqual({ updated_at: T0 + 4 * MIN });
});

it("rescheduling never undoes a STOP that lands between its read and its write", async () => {
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  await text({ From: SAM, Body: "new Bob 555-0102 sofa" });
  const db = dbFrom(env.DB);
  // The customer's STOP arrives right after rescheduling read the waiting leads.
  let reads = 0;
  const racing = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== "batch") return Reflect.get(target, prop, receiver);
      return async (queries: Parameters<typeof db.batch>[0]) => {
        const result = await target.batch(queries);
        if (reads++ === 0) await text({ From: "+12125550100", Body: "STOP" });
        return result;
      };
    },
  });
  const settings = { ...(await getSettings(db)), quietHours: { start: "14:00", end: "16:00" } };
  const woken: number[] = [];
  await rescheduleWaiting({ db: racing, settings, now: () => Date.now(), scheduler: { wake: async (t: number) => void woken.push(t) } });
  expect(await row("SELECT status, series_paused, next_at FROM leads WHERE name = 'Jane'")).toEqual({ status: "paused", series_paused: 1, next_at: null });
  // Bob, whom nothing changed, moved to 16:00.
  expect(await row("SELECT next_at FROM leads WHERE name = 'Bob'")).toEqual({ next_at: T0 + 2 * 60 * MIN });
  expect(woken).toEqual([T0 + 2 * 60 * MIN]);
});

it("the engine's note of when to look again (setNextAt) never gives a time to a lead out of its series: one lost, or paused by a reply, since it was read", async () => {
  const db = dbFrom(env.DB);
  for (const name of ["Ann", "Bea", "Cy", "Dee"]) await text({ From: SAM, Body: `new ${name} 555-01${name.length}${name.charCodeAt(0) % 10} sofa` });
  const id = async (name: string) => (await row<{ id: number }>("SELECT id FROM leads WHERE name = ?", name))!.id;
  await text({ From: SAM, Body: "lost Bea" });
  const cy = (await getLead(db, await id("Cy")))!;
  await text({ From: cy.phone, Body: "is it still on sale?" });
  await text({ From: SAM, Body: "sold Dee" });
  const later = T0 + 60 * MIN;
  for (const name of ["Ann", "Bea", "Cy", "Dee"]) await setNextAt(db, await id(name), later);
  const nextAt = async (name: string) => (await row<{ next_at: number | null }>("SELECT next_at FROM leads WHERE name = ?", name))!.next_at;
  expect([await nextAt("Ann"), await nextAt("Bea"), await nextAt("Cy"), await nextAt("Dee")]).toEqual([later, null, null, later]);
  // Nothing pending is always written.
  await setNextAt(db, await id("Ann"), null);
  expect(await nextAt("Ann")).toBeNull();
});

it("writeNextAts writes each lead only if it is as read, in batches of 100, and names the ones changed in between", async () => {
  const db = dbFrom(env.DB);
  for (const [name, phone] of [["Ann", "555-0130"], ["Bea", "555-0131"], ["Cy", "555-0132"]]) expect((await text({ From: SAM, Body: `new ${name} ${phone} sofa` }))[0]).toMatch(/^✓/);
  const leads = await env.DB.prepare("SELECT id, updated_at FROM leads ORDER BY id").all<{ id: number; updated_at: number }>();
  const [a, b, c] = leads.results;
  // b changed after it was read: its updated_at moved on.
  const updates = [a!, b!, c!].map((l) => ({ id: l.id, updatedAt: l.updated_at, nextAt: T0 + 99 * MIN }));
  await env.DB.prepare("UPDATE leads SET updated_at = updated_at + 1 WHERE id = ?").bind(b!.id).run();
  // 250 more updates of leads that do not exist: three batches, none written, none "changed".
  const many = [...updates, ...Array.from({ length: 250 }, (_, i) => ({ id: 10_000 + i, updatedAt: 0, nextAt: 1 }))];
  const missed = await writeNextAts(db, many);
  expect(missed.filter((id) => id < 10_000)).toEqual([b!.id]);
  expect(missed).toHaveLength(251);
  expect((await env.DB.prepare("SELECT id, next_at FROM leads ORDER BY id").all()).results.map((r) => r.next_at)).toEqual([T0 + 99 * MIN, T0 + 20 * MIN, T0 + 99 * MIN]);
});
