// How a rep's text finds a lead without reading all the rep's leads: the name keys written
// with every name (new, fix, undo), the keys migrations/0005 gave the leads already there,
// and a lead still without keys (written before them) found and keyed on first read.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { nameKeys } from "../src/domain/lead-match";
import { TEST_EPOCH } from "./helpers/clock";
import { row, rows } from "./helpers/db";
import { text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const twilio = storeEachTest({ reps: [{ name: "Sam Rivera", phone: SAM }] });

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const keysOf = (id: number) => row<{ name_key: string | null; first_key: string | null }>("SELECT name_key, first_key FROM leads WHERE id = ?", id);

/** A lead as a row written before the keys existed: no keys. */
async function legacyLead(name: string, phone: string): Promise<number> {
  const r = await env.DB.prepare(
    "INSERT INTO leads (name, phone, product, rep_id, created_at, updated_at, last_contact_at) VALUES (?, ?, 'sofa', (SELECT id FROM reps WHERE phone = ?), ?, ?, ?) RETURNING id",
  )
    .bind(name, phone, SAM, TEST_EPOCH, TEST_EPOCH, TEST_EPOCH)
    .first<{ id: number }>();
  return r!.id;
}

describe("keys written with the name", () => {
  it("new, fix name and undo each leave the keys of the name the lead has", async () => {
    expect(await say("new José Núñez 555-0100 sofa")).toMatch(/^✓ José Núñez #(\d+)/);
    const { id } = (await row<{ id: number }>("SELECT id FROM leads"))!;
    expect(await keysOf(id)).toEqual({ name_key: "jose nunez", first_key: "jose" });
    expect(await say("fix jose name Bob Stone")).toMatch(/^✓ #\d+ name is now Bob Stone/);
    expect(await keysOf(id)).toEqual({ name_key: "bob stone", first_key: "bob" });
    // The old name no longer names the lead; the new one does.
    expect(await say("note jose likes blue")).toMatch(/No lead "jose"/);
    expect(await say("undo")).toMatch(/^✓ Undid fix name/);
    expect(await keysOf(id)).toEqual({ name_key: "jose nunez", first_key: "jose" });
    expect(await say("note JOSE likes blue")).toMatch(/^✓ Noted for José/);
  });
});

describe("leads written before the keys", () => {
  it("are found by name, and keyed on that first read", async () => {
    const id = await legacyLead("Zoë O’Brien", "+12125550100");
    expect(await keysOf(id)).toEqual({ name_key: null, first_key: null });
    expect(await say("note zoe o'brien likes blue")).toMatch(/^✓ Noted for Zoë #\d+/);
    expect(await keysOf(id)).toEqual({ name_key: "zoe o'brien", first_key: "zoe" });
    expect(await say("sold zoe $900")).toMatch(/^✓ Zoë #\d+ sold/);
  });

  it("migrations/0005 (then 0023) key plain ASCII names as nameKeys would, and leave the others for their first read", async () => {
    const names = ["Jane Doe", "  JANE   doe ", "Mary-Kate O'Neil", "Bob", "R2 D2", "José Núñez", "Zoë", "O’Brien", "J. Smith", "Ann\tLee", "Renée Lee"];
    const ids = [];
    for (const [i, name] of names.entries()) ids.push(await legacyLead(name, `+1212555${String(1000 + i)}`));
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0005"));
    const backfill = migration?.queries.filter((q) => /^\s*(--[^\n]*\n\s*)*UPDATE/i.test(q)) ?? [];
    expect(backfill).toHaveLength(2);
    for (const q of backfill) await env.DB.prepare(q).run();
    // ...and 0023, as a store upgrading from before both runs it after: a hyphen in a key is a space.
    const spaces = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0023"))?.queries ?? [];
    expect(spaces).toHaveLength(1);
    for (const q of spaces) await env.DB.prepare(q).run();
    const got = await rows<{ name: string; name_key: string | null; first_key: string | null }>("SELECT name, name_key, first_key FROM leads ORDER BY id");
    for (const r of got) {
      const plain = /^[A-Za-z0-9' -]*$/.test(r.name);
      expect({ name: r.name, name_key: r.name_key, first_key: r.first_key }).toEqual(
        plain ? { name: r.name, name_key: nameKeys(r.name).nameKey, first_key: nameKeys(r.name).firstKey } : { name: r.name, name_key: null, first_key: null },
      );
    }
    expect(got.filter((r) => r.name_key !== null)).toHaveLength(5);
  });
});

describe("list reads a page, not every lead", () => {
  it("pages hold each open lead once, newest first, and say where they are", async () => {
    for (let i = 0; i < 30; i++) await legacyLead(`Guest${String(i).padStart(2, "0")}`, `+1212555${String(2000 + i)}`);
    const shown: string[] = [];
    let page = 1;
    for (;;) {
      const answer = await say(`list ${page}`);
      expect(answer).toMatch(new RegExp(`^Leads \\d+-\\d+ of 30:`));
      shown.push(...[...answer.matchAll(/Guest\d\d/g)].map((m) => m[0]));
      if (!answer.includes(`list ${page + 1} for more`)) break;
      page++;
    }
    expect(page).toBeGreaterThan(1);
    expect(shown).toEqual(Array.from({ length: 30 }, (_, i) => `Guest${String(29 - i).padStart(2, "0")}`));
    expect(await say(`list ${page + 1}`)).toBe(`There are ${page} pages. Text list 1-${page}, or list #${page + 1} for lead #${page + 1}.`);
  });
});
