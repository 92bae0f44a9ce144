// Migration 0018 rebuilds undo_log so an entry may outlive its lead (an undone `new`). Run
// again here, as D1 applies a migration (its statements in one transaction), on a store with
// entries: every entry is kept as it was, and undo still reads them.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import migration from "../migrations/0018_undo_entry_outlives_lead.sql?raw";
import { rows } from "./helpers/db";
import { text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
storeEachTest({ reps: [{ name: "Sam Rivera", phone: SAM }] });

const entries = () => rows("SELECT id, rep_id, command, lead_id, before, summary, at, undone_at, ended_after_sale FROM undo_log ORDER BY id");

it("keeps every entry through the rebuild, and undo reads them after it", async () => {
  await text({ From: SAM, Body: "new Jane 212-555-0100 recliner" });
  await text({ From: SAM, Body: "note jane likes blue" });
  await text({ From: SAM, Body: "new Pia 646-555-0190 chair" });
  await text({ From: SAM, Body: "undo" });
  const before = await entries();
  expect(before.map((e) => (e as { lead_id: number | null }).lead_id)).toEqual([1, 1, null]);

  const statements = migration.split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));

  expect(await entries()).toEqual(before);
  const [answer] = await text({ From: SAM, Body: "undo" });
  expect(answer).toBe("Already undone: new Pia. Undo goes back one command only.");
});
