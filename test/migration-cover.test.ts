// Migration 0016, for a store upgraded while a rep is away: each lead's cover, which routing
// used to read from the messages (the rep other than its own who last had its conversation),
// is written on the lead, so the customer's next text reaches the same cover.
import { env } from "cloudflare:workers";
import { expect, it, vi } from "vitest";
import migration from "../migrations/0016_cover_rep.sql?raw";
import { TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { apiJson, text, type RepView } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const ANN = "+12125550111";
const BOB = "+16465550122";
const DEV = "+19175550133";
const KIM = "+12125550178";
const MIN = 60_000;

let reps: RepView[] = [];
const twilio = storeEachTest({
  reps: [
    { name: "Ann Park", phone: ANN },
    { name: "Bob Cho", phone: BOB },
    { name: "Dev Shah", phone: DEV },
  ],
  then: (made) => {
    reps = made;
  },
});

const covers = () => rows<{ name: string; cover_rep_id: number | null }>("SELECT name, cover_rep_id FROM leads ORDER BY id");
/** Only the UPDATE: the column is there already (the tests' database has every migration). */
const backfill = () => env.DB.prepare(migration.split("--> statement-breakpoint")[1]!).run();

it("writes each lead's last cover on it; the customer's next text reaches that cover, and the turn does not move", async () => {
  const [, bob, dev] = reps as [RepView, RepView, RepView];
  await text({ From: ANN, Body: "new Kim 212-555-0178 chair" });
  await text({ From: ANN, Body: "new Lou 212-555-0179 sofa" });
  await text({ From: ANN, Body: "away until friday" });
  await text({ From: KIM, Body: "Does it recline?" });
  const written = await covers();
  const kimsCover = written[0]!.cover_rep_id;
  expect([bob.id, dev.id]).toContain(kimsCover);
  expect(written[1]!.cover_rep_id).toBeNull(); // Lou never wrote
  const turn = await rows<{ last_assigned_rep_id: number }>("SELECT last_assigned_rep_id FROM settings");

  await env.DB.prepare("UPDATE leads SET cover_rep_id = NULL").run(); // as before 0016
  await backfill();
  expect(await covers()).toEqual(written);

  vi.setSystemTime(TEST_EPOCH + MIN);
  twilio.sent.length = 0;
  await text({ From: KIM, Body: "And in grey?" });
  expect(twilio.sent.map((s) => s.to)).toEqual([kimsCover === bob.id ? BOB : DEV]);
  expect(await rows("SELECT last_assigned_rep_id FROM settings")).toEqual(turn);
});
