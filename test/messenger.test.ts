// The one send path's last line of "opt-out is sacred" (src/sms/messenger.ts): a text to a
// customer (a relay: the rep's or the owner's) to a number that opted out is refused there,
// whoever asked and whatever they checked before, answered as Twilio would (21610), with the
// attempt on record and no Twilio call. The check rides in the batch that records the row.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it } from "vitest";
import { dbFrom } from "../src/db/client";
import { recordOptOut } from "../src/db/opt-out-queries";
import { sendText } from "../src/sms/messenger";
import { TwilioRestProvider } from "../src/twilio/provider";
import { TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";

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
