// Migrations 0014 and 0015, for a store upgraded from before 0012: 0014 gives back each
// lead's credit that 0013 guessed (handed-over leads and sales counted for the rep who had
// them then); 0015 dates a move made before 0012, so the former rep no longer answers.
// Played on a store whose history the rep's commands wrote (the undo log, the first text of
// a lead that texted in), with 0013's guess put back, then 0014 run as wrangler runs it.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import migration from "../migrations/0014_lead_credit_from_undo.sql?raw";
import repSinceMigration from "../migrations/0015_rep_since_before_0012.sql?raw";
import { rows } from "./helpers/db";
import { apiJson, setUpStore, text, type RepView } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const ANN = "+12125550111";
const BOB = "+16465550122";

const twilio = storeEachTest({ reps: null });

const credit = () => rows<{ name: string; rep_id: number; added_by_rep_id: number | null; sold_by_rep_id: number | null }>("SELECT name, rep_id, added_by_rep_id, sold_by_rep_id FROM leads ORDER BY id");
const run = async (sql: string) => {
  for (const statement of sql.split("--> statement-breakpoint")) await env.DB.prepare(statement).run();
};
const runMigration = () => run(migration);

it("credits the rep who added and sold a lead handed over before the upgrade, and changes nothing the code wrote since", async () => {
  const [ann, bob] = (await setUpStore([{ name: "Ann Park", phone: ANN }, { name: "Bob Cho", phone: BOB }])) as [RepView, RepView];
  await text({ From: ANN, Body: "new Jane 555-0100 recliner" });
  await text({ From: ANN, Body: "new Vic 555-0101 sofa" });
  await text({ From: ANN, Body: "sold Vic $800" });
  await text({ From: "+13475550404", Body: "Hi, are you open Sunday?" }); // texts in: Ann's, her turn first
  await text({ From: BOB, Body: "new Kim 555-0102 chair" });
  await text({ From: BOB, Body: "sold Kim" });
  await text({ From: BOB, Body: "undo" }); // Kim is not sold after all
  await apiJson(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } });
  const written = await credit();
  expect(written.map((l) => [l.name, l.rep_id, l.added_by_rep_id])).toEqual([
    ["Jane", bob.id, ann.id],
    ["Vic", bob.id, ann.id],
    ["Customer 0404", bob.id, ann.id],
    ["Kim", bob.id, bob.id],
  ]);
  expect(written[1]!.sold_by_rep_id).toBe(ann.id);

  // What 0013 did to the leads it found: credit to the rep who had them then.
  await env.DB.prepare("UPDATE leads SET added_by_rep_id = rep_id, sold_by_rep_id = CASE WHEN status = 'sold' THEN rep_id ELSE sold_by_rep_id END").run();
  expect((await credit()).every((l) => l.added_by_rep_id === bob.id)).toBe(true);
  await runMigration();
  expect(await credit()).toEqual(written);

  // Run again (or on leads made after 0013): nothing changes.
  await runMigration();
  expect(await credit()).toEqual(written);
});

it("a lead handed over before 0012 is no longer answered by its former rep once 0015 ran; a covered lead still is", async () => {
  const [ann, bob] = (await setUpStore([{ name: "Ann Park", phone: ANN }, { name: "Bob Cho", phone: BOB }])) as [RepView, RepView];
  await text({ From: ANN, Body: "new Jane 555-0100 recliner" });
  await text({ From: BOB, Body: "new Kim 555-0102 chair" });
  await text({ From: "+12125550100", Body: "Is it in grey?" });
  await apiJson(`/reps/${ann.id}/handover`, { method: "POST", body: { toRepId: bob.id } });
  await text({ From: BOB, Body: "away until friday" });
  await text({ From: "+16465550102", Body: "Does it recline?" }); // Ann covers for Bob (Kim took Bob's area code)
  await env.DB.prepare("UPDATE leads SET rep_since = NULL").run(); // as 0012 left them
  await run(repSinceMigration);
  twilio.sent.length = 0;
  expect(await text({ From: ANN, Body: "#1 yes, in grey too" })).toEqual(["#1 is Bob Cho's customer now: nothing was sent. Text list to see yours."]);
  expect(await text({ From: ANN, Body: "#2 Yes, fully" })).toEqual([expect.stringMatching(/^✓ Sent to Kim #2/)]);
  expect(twilio.sent.map((s) => s.to)).toEqual(["+16465550102"]);
});
