// One customer, one rep, even when texts arrive at once: the database holds at most one open
// (active or paused) lead a number (migration 0007), and every command that would break that
// answers who has the number instead. Each race runs its texts concurrently through the
// Worker's real entry, so both read before either writes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count, row, rows } from "./helpers/db";
import { text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const KIM = "+16465550122";
const JANE = "+12125550100";

const twilio = storeEachTest({
  reps: [
    { name: "Sam Rivera", phone: SAM },
    { name: "Kim Lee", phone: KIM },
  ],
});

const say = async (from: string, body: string) => (await text({ From: from, Body: body }))[0] ?? "";
const openLeads = (phone = JANE) => rows<{ id: number; rep_id: number; name: string }>("SELECT id, rep_id, name FROM leads WHERE phone = ? AND status IN ('active', 'paused')", phone);

describe("two texts at once that would give one number two open leads", () => {
  it("two reps' new: one lead, and the other rep is told whose customer it is", async () => {
    const answers = await Promise.all([say(SAM, "new Jane 555-0100 recliner"), say(KIM, "new Jane 212-555-0100 sofa")]);
    expect(await openLeads()).toHaveLength(1);
    const [lead] = await openLeads();
    const [won, lost] = lead!.rep_id === (await row<{ id: number }>("SELECT id FROM reps WHERE phone = ?", SAM))!.id ? answers : [...answers].reverse();
    expect(won).toMatch(/^✓ Jane #\d+/);
    expect(lost).toMatch(/\(212\) 555-0100 is already (Sam Rivera|Kim Lee)'s customer/);
  });

  it("one rep's new sent twice: one lead, and the second answer points at it", async () => {
    const answers = await Promise.all([say(SAM, "new Jane 555-0100 recliner"), say(SAM, "new Jane 555-0100 recliner")]);
    const open = await openLeads();
    expect(open).toHaveLength(1);
    expect(answers.filter((a) => a.startsWith("✓"))).toHaveLength(1);
    expect(answers.find((a) => !a.startsWith("✓"))).toContain(`#${open[0]!.id}`);
  });

  it("the customer's first text and a rep's new of that number: one lead, and the text reaches its rep", async () => {
    const [, answer] = await Promise.all([text({ From: JANE, Body: "Hi, do you still have the blue recliner?" }), say(SAM, "new Jane 555-0100 recliner")]);
    const open = await openLeads();
    expect(open).toHaveLength(1);
    const rep = (await row<{ phone: string }>("SELECT phone FROM reps WHERE id = ?", open[0]!.rep_id))!.phone;
    // The customer's words went to the one lead's rep, whichever text came first.
    expect(twilio.sent.filter((s) => s.body.includes("blue recliner")).map((s) => s.to)).toEqual([rep]);
    if (answer.startsWith("✓")) expect(rep).toBe(SAM);
    else expect(answer).toMatch(/\(212\) 555-0100 is already/);
  });

  it("fix … phone and another rep's new of that number: one open lead", async () => {
    await say(SAM, "new Ann 555-0177 sofa");
    const answers = await Promise.all([say(SAM, "fix Ann phone 555-0100"), say(KIM, "new Jane 212-555-0100 recliner")]);
    expect(await openLeads()).toHaveLength(1);
    expect(answers.filter((a) => /already/.test(a))).toHaveLength(1);
  });
});

describe("undo that would reopen a number another open lead has now", () => {
  it("refuses in words and changes nothing", async () => {
    await say(SAM, "new Jane 555-0100 recliner");
    await say(SAM, "lost Jane");
    await say(KIM, "new Jane 212-555-0100 sofa"); // the number was free again
    const before = await rows("SELECT id, status, rep_id FROM leads ORDER BY id");
    expect(await say(SAM, "undo")).toMatch(/^Can't undo lost Jane #\d+: \(212\) 555-0100 is another open lead's number now\. Nothing changed\.$/);
    expect(await rows("SELECT id, status, rep_id FROM leads ORDER BY id")).toEqual(before);
  });
});

describe("migration 0007 on a store that already has two open leads of one number", () => {
  it("keeps the newest open, ends the older as lost with its texts stopped, then holds the rule", async () => {
    await say(SAM, "new Jane 555-0100 recliner");
    // As the race left stores before the index: a second open lead of the number.
    await env.DB.exec("DROP INDEX leads_open_phone");
    await env.DB.prepare("INSERT INTO leads (name, phone, product, rep_id, status, next_at, created_at, updated_at, last_contact_at, source) SELECT 'Jane', phone, 'sofa', rep_id, 'active', next_at, created_at, updated_at, last_contact_at, 'rep' FROM leads").run();
    const migration = (env.TEST_MIGRATIONS as { name: string; queries: string[] }[]).find((m) => m.name.startsWith("0007"))!;
    for (const query of migration.queries) await env.DB.prepare(query).run();
    const all = await rows<{ id: number; status: string; next_at: number | null }>("SELECT id, status, next_at FROM leads ORDER BY id");
    expect(all.map((l) => l.status)).toEqual(["lost", "active"]);
    expect(all[0]!.next_at).toBeNull();
    expect(all[1]!.next_at).not.toBeNull();
    await expect(env.DB.prepare("UPDATE leads SET status = 'active' WHERE id = ?").bind(all[0]!.id).run()).rejects.toThrow(/UNIQUE/);
    expect(await count("leads")).toBe(2);
  });
});
