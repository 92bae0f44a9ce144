// The rep's morning digest through the Worker's real entry: what "replies waiting" counts.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { setUpStore, text } from "./helpers/store";

const SAM = "+12125550111";
const T0 = TEST_EPOCH; // a Monday, 14:00 in New York (helpers/clock.ts)
const HOUR = 60 * 60_000;

let twilio: FakeTwilio;
const setTime = (t: number) => vi.setSystemTime(t);
const scheduler = () => env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  setTime(T0);
  twilio = installFakeTwilio();
  await setUpStore([{ name: "Sam Rivera", phone: SAM }]);
});
afterEach(() => {
  twilio.restore();
  vi.useRealTimers();
});

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const digests = () => twilio.sent.filter((s) => s.to === SAM && s.body.startsWith("Good morning!")).map((s) => s.body);
async function idOf(name: string): Promise<number> {
  const all = await rows<{ id: number; name: string }>("SELECT id, name FROM leads");
  return all.find((l) => l.name === name)!.id;
}

describe("replies waiting", () => {
  it("an opted-out customer (STOP, or in plain words) is not a reply waiting: the rep cannot text them back", async () => {
    await say("new Jane 555-0100 recliner");
    await say("new Carla 555-0105 sofa");
    await say("new Bob 555-0120 lamp");
    await say("new Dee 555-0130 rug");
    await text({ From: "+12125550100", Body: "STOP" });
    await text({ From: "+12125550105", Body: "please stop texting me" });
    await text({ From: "+12125550120", Body: "Is it in grey?" });
    // Wrote again after opting out: still cannot be texted back.
    await text({ From: "+12125550130", Body: "STOP" });
    await text({ From: "+12125550130", Body: "ok but is the rug on sale?" });
    expect(await say("digest on")).toMatch(/✓ Daily digest on/);
    twilio.sent.length = 0;
    setTime(T0 + 18 * HOUR); // Tue 08:00, the store opens
    await fireAlarm(scheduler());
    expect(digests()).toHaveLength(1);
    expect(digests()[0]).toContain(`1 reply waiting (Bob #${await idOf("Bob")}).`);
  });
});
