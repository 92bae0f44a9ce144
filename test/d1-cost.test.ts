// What one inbound customer reply and one follow-up step cost in D1: round trips, and the
// rows D1 reports read and written (its `meta`), with 1,000 and with 100,000 leads in the
// store. The costs must not grow with the store (every lookup indexed, no full loads).
// Each measurement is printed as a `BENCH_D1 {json}` line, which `npm run bench` collects
// into its table (bench/e2e/engine.bench.ts).
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { readInbound } from "../src/db/inbound-queries";
import { listedLeadIds, listLeads, OPEN_COUNT_CAP } from "../src/db/lead-queries";
import { lastThreadMessages } from "../src/db/message-queries";
import { handleInbound } from "../src/inbound/handle-inbound";
import { FollowUpDispatcher, RIDE_WAIT_MS } from "../src/series/dispatcher";
import { TwilioRestProvider } from "../src/twilio/provider";
import { TEST_EPOCH } from "./helpers/clock";
import { apiJson, setUpStore, STORE_NUMBER } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

interface Meter {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

/**
 * A D1 binding that counts what goes through it. `raw()` carries no `meta`, so a write's is
 * answered from `all()` (same statement, same rows; columns in order), which does; a read's
 * rows come from `raw()` and its meta from `all()` of the same read.
 */
function metered(d1: D1Database, m: Meter): D1Database {
  const add = (meta: { rows_read?: number; rows_written?: number } | undefined) => {
    m.rowsRead += meta?.rows_read ?? 0;
    m.rowsWritten += meta?.rows_written ?? 0;
  };
  const wrap = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "__target") return target;
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (prop === "run" || prop === "all") {
          return async () => {
            m.roundTrips += 1;
            const r = await target.all();
            add(r.meta);
            return r;
          };
        }
        if (prop === "first") {
          return async (column?: string) => {
            m.roundTrips += 1;
            const r = await target.all<Record<string, unknown>>();
            add(r.meta);
            const row = r.results[0] ?? null;
            return column === undefined || row === null ? row : row[column];
          };
        }
        if (prop === "raw") {
          return async (options?: { columnNames?: boolean }) => {
            m.roundTrips += 1;
            if (/^\s*select\b/i.test(sql)) {
              // A read may join tables with the same column names (id), which all()'s objects
              // would fold: its rows come from raw() itself, its meta from the same read again.
              const rows = options?.columnNames ? await target.raw({ columnNames: true }) : await target.raw();
              add((await target.all()).meta);
              return rows;
            }
            const r = await target.all<Record<string, unknown>>();
            add(r.meta);
            const rows = r.results.map((row) => Object.values(row));
            return options?.columnNames ? [Object.keys(r.results[0] ?? {}), ...rows] : rows;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          m.roundTrips += 1;
          // Unwrap: the runtime needs its own statements.
          const results = await target.batch(stmts.map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s));
          for (const r of results) add(r.meta);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Steps due in the measured run: the run's own queries are shared among them. */
const DUE = 10;
const twilio = storeEachTest({ reps: null });

/** `count` leads of the rep, none due, with their name keys; up to a few hundred thousand rows in one statement. */
async function fill(count: number) {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO leads (name, name_key, first_key, phone, product, rep_id, created_at, updated_at, series_key, series_started_at, series_next_index, next_at, last_contact_at)
     SELECT 'Filler' || i, 'filler' || i, 'filler' || i, '+1646' || (5000000 + i), 'sofa', 1, ?, ?, 'beback', ?, 1, ? + i * 1000, ?
     FROM n`,
  )
    .bind(count, TEST_EPOCH, TEST_EPOCH, TEST_EPOCH, TEST_EPOCH + 86_400_000, TEST_EPOCH - 86_400_000)
    .run();
}

async function measure(leads: number) {
  await fill(leads - 2);
  const now = TEST_EPOCH;
  // The measured leads: Jane (replies), and ten whose first step is due.
  const insert = env.DB.prepare(
    "INSERT INTO leads (name, phone, product, rep_id, created_at, updated_at, series_key, series_started_at, series_next_index, next_at, last_contact_at) VALUES (?, ?, 'recliner', 1, ?, ?, 'beback', ?, 0, ?, ?)",
  );
  await env.DB.batch([
    insert.bind("Jane", "+12125550100", now, now, now - 3_600_000, now + 86_400_000, now),
    ...Array.from({ length: DUE }, (_, i) => insert.bind(`Due${i}`, `+1212555020${i}`, now, now, now - 3_600_000, now - 1, now - 3_600_000)),
  ]);

  const reply: Meter = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
  const db = dbFrom(metered(env.DB, reply));
  const provider = new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null);
  // As the webhook does it: one read of everything the text is routed by (the settings too), then the text.
  const read = await readInbound(db, "+12125550100");
  const ctx = { db, provider, storeNumber: STORE_NUMBER, now: () => now, settings: read.settings, scheduler: { wake: async () => {} } };
  await handleInbound(ctx, { sid: "SM0000000000000000000000000000bench", to: STORE_NUMBER, body: "Is it still available?", media: [] } as never, "+12125550100", read);
  expect(twilio.sent.map((s) => s.to)).toEqual(["+12125550111"]); // forwarded to Sam

  // A run of the steps job: its own queries (the due rows, the series, the next due time)
  // shared by the steps it sends, as in production.
  const run: Meter = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
  const dispatcher = await new FollowUpDispatcher({ db: dbFrom(metered(env.DB, run)), provider, now: () => now, sleep: async () => {}, lastSlot: null, log: () => undefined }).load();
  const loaded = { ...run };
  await dispatcher.steps();
  expect(twilio.sent).toHaveLength(1 + DUE);
  const per = (k: keyof Meter) => (run[k] - loaded[k]) / DUE;
  const perStep = { roundTrips: per("roundTrips"), rowsRead: per("rowsRead"), rowsWritten: per("rowsWritten") };
  console.log(`BENCH_D1 ${JSON.stringify({ leads, inboundReply: reply, step: perStep })}`);
  return { reply, step: perStep };
}

it("an inbound reply and a follow-up step cost the same in D1 with 1,000 and with 100,000 leads", { timeout: 120_000 }, async () => {
  await setUpStore();
  const small = await measure(1_000);
  await env.DB.batch(["step_sends", "messages", "leads"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  twilio.sent.length = 0;
  const large = await measure(100_000);
  expect(large.reply.roundTrips).toBe(small.reply.roundTrips);
  expect(large.step).toEqual(small.step);
  // Rows read may differ by a handful (index pages), never with the number of leads.
  expect(large.reply.rowsRead).toBeLessThan(small.reply.rowsRead + 50);
  // A reply: the read, the write (the text, the lead stepping aside, the forward), and the
  // forward's sid once Twilio answered.
  expect(small.reply.roundTrips).toBeLessThanOrEqual(3);
  // Three per step (the claim with the queued row and its link, the last word, Twilio's
  // answer with the ledger and the lead's next step), plus the run's three (the due rows
  // with what they are written with, the series, the next due time) shared among its steps.
  expect(small.step.roundTrips).toBeLessThanOrEqual(3 + 3 / DUE);
});

it("a run as the Scheduler runs it: a sent step's answer rides in another step's batch — fewer round trips, each step sent once and recorded", async () => {
  await setUpStore();
  await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } });
  await fill(1_000);
  const now = TEST_EPOCH;
  const insert = env.DB.prepare(
    "INSERT INTO leads (name, phone, product, rep_id, created_at, updated_at, series_key, series_started_at, series_next_index, next_at, last_contact_at) VALUES (?, ?, 'recliner', 1, ?, ?, 'beback', ?, 0, ?, ?)",
  );
  await env.DB.batch(Array.from({ length: DUE }, (_, i) => insert.bind(`Due${i}`, `+1212555020${i}`, now, now, now - 3_600_000, now - 1, now - 3_600_000)));
  const provider = new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null);
  const run: Meter = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
  const deps = { db: dbFrom(metered(env.DB, run)), provider, now: () => now, sleep: async () => {}, lastSlot: null, log: () => undefined, rideWaitMs: RIDE_WAIT_MS };
  const dispatcher = await new FollowUpDispatcher(deps).load();
  const loaded = { ...run };
  await dispatcher.steps();
  const step = { roundTrips: (run.roundTrips - loaded.roundTrips) / DUE, rowsRead: (run.rowsRead - loaded.rowsRead) / DUE, rowsWritten: (run.rowsWritten - loaded.rowsWritten) / DUE };
  console.log(`BENCH_D1_RIDING ${JSON.stringify({ leads: 1_000, step })}`);
  // Every step once, its answer recorded: the sid on its message, the ledger `sent`, the lead on to its next step.
  expect(twilio.sent).toHaveLength(DUE);
  const one = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n;
  expect(await one("SELECT count(*) AS n FROM messages WHERE kind = 'series' AND sid IS NOT NULL")).toBe(DUE);
  expect(await one("SELECT count(*) AS n FROM step_sends WHERE status = 'sent' AND message_id IS NOT NULL")).toBe(DUE);
  expect(await one(`SELECT count(*) AS n FROM leads WHERE name LIKE 'Due%' AND series_next_index = 1 AND next_at > ${now}`)).toBe(DUE);
  // The claim and the last word each step; the answers share batches (alone, three per step).
  expect(step.roundTrips).toBeLessThanOrEqual(2.5 + 3 / DUE);
});

/** What each of the rep's texts costs, with the rep holding `count` leads. */
async function measureRepTexts(count: number) {
  await fill(count - 2);
  const now = TEST_EPOCH;
  const insert = env.DB.prepare(
    "INSERT INTO leads (name, name_key, first_key, phone, product, rep_id, created_at, updated_at, last_contact_at) VALUES (?, ?, ?, ?, 'recliner', 1, ?, ?, ?) RETURNING id",
  );
  const [jane] = await env.DB.batch<{ id: number }>([insert.bind("Jane Doe", "jane doe", "jane", "+12125550100", now, now, now), insert.bind("Bob Smith", "bob smith", "bob", "+12125559999", now, now, now)]);
  const janeId = jane!.results[0]!.id;
  const costs: Record<string, Meter> = {};
  const texts = ["note jane likes blue", "@jane doe see you Saturday", "sold 9999", "#JANE it's in", "later jane 2 weeks", "sold zed", "Back in stock Friday!", "new Ann 555-0177 sofa", "list"];
  for (const label of texts) {
    const body = label.replace("JANE", String(janeId));
    const m: Meter = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    const db = dbFrom(metered(env.DB, m));
    const provider = new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null);
    const read = await readInbound(db, "+12125550111");
    const ctx = { db, provider, storeNumber: STORE_NUMBER, now: () => now, settings: read.settings, scheduler: { wake: async () => {} } };
    await handleInbound(ctx, { sid: `SM${"f".repeat(24)}${String(Object.keys(costs).length).padStart(8, "0")}`, to: STORE_NUMBER, body, media: [] } as never, "+12125550111", read);
    costs[label] = m;
  }
  console.log(`BENCH_D1_REP ${JSON.stringify({ leads: count, costs })}`);
  return costs;
}

it("a rep's text costs the same in D1 whether the rep has 5 leads or 5,000 (list: bounded)", { timeout: 120_000 }, async () => {
  await setUpStore();
  const few = await measureRepTexts(5);
  await env.DB.batch(["step_sends", "undo_log", "messages", "leads"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  const many = await measureRepTexts(5_000);
  for (const [body, cost] of Object.entries(few)) {
    if (body === "list") continue;
    expect(many[body]?.roundTrips, body).toBe(cost.roundTrips);
    // A handful of index pages more, never the rep's leads.
    expect(many[body]?.rowsRead, body).toBeLessThan(cost.rowsRead + 20);
  }
  // A command that changes a lead: the read of who sent it, the claim of the text, the
  // candidates, the change's read and write, and the answer with the text marked received.
  expect(few["note jane likes blue"]?.roundTrips).toBeLessThanOrEqual(6);
  // `new` names no lead: no read of the candidates (who sent it, the claim, the number's
  // read, the write, and the answer).
  expect(few["new Ann 555-0177 sofa"]?.roundTrips).toBeLessThanOrEqual(5);
  expect(few.list?.roundTrips).toBeLessThanOrEqual(4);
  expect(few["sold 9999"]?.roundTrips).toBeLessThanOrEqual(6);
  expect(few["later jane 2 weeks"]?.roundTrips).toBeLessThanOrEqual(6);
  // A relay: who sent it, the claim, the candidates (each with its opt-out), the text
  // recorded (the send path's opt-out check and whether the number was texted before, in
  // the same batch), Twilio's answer written, the lead's change read and written, and the
  // answer. Jane's first text from the store takes the first-contact notice: one more.
  expect(few["@jane doe see you Saturday"]?.roundTrips).toBeLessThanOrEqual(9);
  expect(few["#JANE it's in"]?.roundTrips).toBeLessThanOrEqual(8);
  // A plain reply with nobody to reply to: who sent it, the claim, the candidates (the recent
  // forwards with them), and the answer.
  expect(few["Back in stock Friday!"]?.roundTrips).toBeLessThanOrEqual(4);
  // `list` reads a page's leads and counts the open ones up to its cap.
  expect(many.list?.rowsRead).toBeLessThan(OPEN_COUNT_CAP + 1 + 100);
});

it("the owner's list, a page at a time, reads the same rows with 200 leads or 20,000", { timeout: 120_000 }, async () => {
  await setUpStore();
  const page = async () => {
    // The second page: the 100 leads after the newest 50.
    const newest = (await env.DB.prepare("SELECT max(id) AS id FROM leads").first<{ id: number }>())!.id;
    const m: Meter = { roundTrips: 0, rowsRead: 0, rowsWritten: 0 };
    const db = dbFrom(metered(env.DB, m));
    const query = { limit: 100, beforeId: newest - 49 };
    const [rows] = await Promise.all([listLeads(db, query), lastThreadMessages(db, listedLeadIds(db, query))]);
    expect(rows).toHaveLength(100);
    return m;
  };
  await fill(200);
  const few = await page();
  await env.DB.prepare("DELETE FROM leads").run();
  await fill(20_000);
  const many = await page();
  expect(many.roundTrips).toBe(2);
  expect(many.rowsRead).toBeLessThan(few.rowsRead + 20);
  // The page's leads, their opt-out probes and their messages' index: not the store's leads.
  expect(many.rowsRead).toBeLessThan(400);
});
