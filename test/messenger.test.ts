// The one send path's last line of "opt-out is sacred" (src/sms/messenger.ts): a text to a
// customer (a relay: the rep's or the owner's) to a number that opted out is refused there,
// whoever asked and whatever they checked before, answered as Twilio would (21610), with the
// attempt on record and no Twilio call. The check rides in the batch that records the row.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { insertLead } from "../src/db/lead-queries";
import { recordOptOut } from "../src/db/opt-out-queries";
import { getRep } from "../src/db/rep-queries";
import { getSettings } from "../src/db/settings-queries";
import { relay } from "../src/inbound/rep-commands";
import { optedOutReason } from "../src/inbound/texts";
import type { InboundSms } from "../src/twilio/inbound-sms";
import { sendText } from "../src/sms/messenger";
import { TwilioRestProvider } from "../src/twilio/provider";
import { TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { setUpStore } from "./helpers/store";

const STORE = "+12125550000";
const JANE = "+12125550100";
let twilio: FakeTwilio;
beforeEach(() => {
  twilio = installFakeTwilio();
});
afterEach(() => twilio.restore());

const messenger = () => ({
  db: dbFrom(env.DB),
  provider: new TwilioRestProvider(env.TWILIO_ACCOUNT_SID!, env.TWILIO_AUTH_TOKEN!, env.TWILIO_API_BASE, null),
  storeNumber: STORE,
  now: () => TEST_EPOCH,
});

it("a relay to a number that opted out is refused: 21610, recorded as failed, Twilio not called", async () => {
  await recordOptOut(dbFrom(env.DB), JANE, TEST_EPOCH);
  const sent = await sendText(messenger(), { kind: "relay", to: JANE, body: "Still there?" });
  expect(sent.verdict).toBe("optedout");
  expect(sent.result).toMatchObject({ ok: false, errorCode: 21610 });
  expect(twilio.sent).toHaveLength(0);
  expect(await rows("SELECT kind, to_number, status, error_code FROM messages")).toEqual([{ kind: "relay", to_number: JANE, status: "failed", error_code: "21610" }]);
});

it("a relay to a number that did not opt out goes (another number's opt-out is not hers)", async () => {
  await recordOptOut(dbFrom(env.DB), "+12125550199", TEST_EPOCH);
  expect((await sendText(messenger(), { kind: "relay", to: JANE, body: "We have it in blue." })).verdict).toBe("sent");
  expect(twilio.sent.map((s) => s.to)).toEqual([JANE]);
  expect(await rows("SELECT status FROM messages")).toEqual([{ status: "queued" }]);
});

it("a rep's relay that a STOP overtook (read clear, opted out by the send) is answered as any opted-out customer is", async () => {
  const [rep] = await setUpStore();
  const db = dbFrom(env.DB);
  const lead = await insertLead(db, { name: "Jane Doe", phone: JANE, product: "recliner", repId: rep!.id, photoUrl: null, source: "rep" }, TEST_EPOCH);
  // The rep's text read Jane's lead clear; her STOP landed before the relay's send.
  await recordOptOut(db, JANE, TEST_EPOCH);
  const ctx = { ...messenger(), settings: await getSettings(db), scheduler: { wake: async () => {} } };
  const turn = { rep: (await getRep(db, rep!.id))!, leads: [], forwards: [], sms: { media: [] } as unknown as InboundSms, messageId: 0 };
  const answer = await relay(ctx, turn, { ...lead, optedOut: false }, "Still there?");
  expect(answer.text).toBe(optedOutReason(lead));
  expect(twilio.sent).toHaveLength(0);
  expect(await rows("SELECT kind, status, error_code FROM messages")).toEqual([{ kind: "relay", status: "failed", error_code: "21610" }]);
});
