// Property: no signed Twilio webhook is a server error. Random and mutated parameters on
// /twilio/sms and /twilio/status (From, To, MessageSid, NumMedia and media, statuses and
// error codes, odd characters, missing and repeated fields): each answer is 200 or 400,
// never a 5xx, and nothing is logged as a failure of ours ("inbound text failed", or
// onError's 500). A 400 writes nothing.
import { afterEach, beforeEach, expect, it, vi, type MockInstance } from "vitest";
import { rows, snapshot } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { seeded } from "./helpers/random";
import { inboundParams, postTwilio, setUpStore, text } from "./helpers/store";

const SAM = "+12125550111";
const JANE = "+12125550100";

const PHONES = [SAM, JANE, "+13105550123", "2125550100", "(212) 555-0100", "+442071838750", "+1", "", "hello", "22395", "VERIFY", "+1212555010012345", "tel:+12125550100", "\u0000", "🛋️", "+12125550199"];
const BODIES = ["", "hi", "STOP", "start", "HELP", "Yes", "new Jane 555-0100 sofa", "sold Jane", "@Jane hi", "\u0000\ufffe", "x".repeat(2000), "call me next week", "<Response/>", "&amp;"];
const SIDS = ["SM" + "a".repeat(32), "MM" + "b".repeat(32), "", "x", "SM" + "c".repeat(100), "SM' OR 1=1", "SM\u0000"];
const NUMS = ["0", "1", "2", "10", "-1", "lots", "", "1e3"];
const URLS = ["https://api.twilio.com/m/1.jpg", "javascript:alert(1)", "", "http://x", "https://example.com/" + "p".repeat(3000)];
const STATUSES = ["queued", "sent", "delivered", "undelivered", "failed", "read", "SENT", "", "x".repeat(30), "de livered"];
const CODES = ["30003", "30006", "21610", "21211", "30007", "", "abc", "1234567", "-1"];

let twilio: FakeTwilio;
let consoleError: MockInstance<typeof console.error>;
beforeEach(async () => {
  twilio = installFakeTwilio();
  await setUpStore([{ name: "Sam Rivera", phone: SAM }]);
  await text({ From: SAM, Body: "new Jane 555-0100 recliner" });
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  twilio.restore();
  consoleError.mockRestore();
});

it("1,000 random signed webhooks: never a 5xx, no failure of ours, a 400 writes nothing", { timeout: 120_000 }, async () => {
  const rand = seeded(11);
  const pick = <T>(list: readonly T[]): T => list[rand(list.length)]!;
  /** The sids of texts the store sent (status callbacks for them change something). */
  const sentSids = async () => (await rows<{ sid: string }>("SELECT sid FROM messages WHERE direction = 'out' AND sid IS NOT NULL")).map((r) => r.sid);
  const seen = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    let path: string;
    let params: Record<string, string>;
    if (rand(4) === 0) {
      path = "/twilio/status";
      const known = rand(2) === 0 ? await sentSids() : [];
      const sid = known.length > 0 ? pick(known) : pick(SIDS);
      params = { MessageSid: sid, MessageStatus: pick(STATUSES), ...(rand(2) === 0 ? { ErrorCode: pick(CODES) } : {}) };
    } else {
      path = "/twilio/sms";
      params = inboundParams({ From: pick(PHONES), To: rand(4) === 0 ? pick(PHONES) : undefined, Body: pick(BODIES) });
      if (rand(3) === 0) params.MessageSid = pick(SIDS);
      if (rand(3) === 0) {
        params.NumMedia = pick(NUMS);
        for (let m = 0; m < rand(3); m++) {
          params[`MediaUrl${rand(3)}`] = pick(URLS);
          params[`MediaContentType${rand(3)}`] = pick(["image/jpeg", "", "text/html"]);
        }
      }
      if (rand(8) === 0) delete params[pick(Object.keys(params))];
    }
    const what = `${path} ${JSON.stringify(params).slice(0, 300)}`;
    const before = await snapshot();
    const res = await postTwilio(path, params);
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    expect([200, 400], what).toContain(res.status);
    await res.text();
    if (res.status === 400) expect(await snapshot(), what).toBe(before);
  }
  expect(consoleError.mock.calls.map((c) => String(c[0]))).toEqual([]);
  // Both sides reached.
  expect(seen.get(200) ?? 0).toBeGreaterThan(300);
  expect(seen.get(400) ?? 0).toBeGreaterThan(50);
});
