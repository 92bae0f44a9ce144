// A randomized test of the follow-up engine: thousands of interleaved new / reply / STOP /
// START / sold / lost / later / time passing / alarm fires (some twice in a row), through
// the real webhook and the Scheduler's alarm. After every step it checks the invariants:
// nothing is ever sent to a number after its STOP, no be-back text after sold, no series
// text after lost, and no step is sent twice.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { SCHEDULER_NAME } from "../src/series/scheduler-client";
import { fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { rows } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { seeded } from "./helpers/random";
import { apiJson, setUpStore, text } from "./helpers/store";

const REPS = ["+12125550111", "+16465550122"];
const CUSTOMERS = ["+12125550301", "+12125550302", "+12125550303", "+12125550304", "+12125550305", "+12125550306"];
const OPS = 2_000;
const MIN = 60_000;

let twilio: FakeTwilio;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  twilio = installFakeTwilio();
});
afterEach(() => {
  twilio.restore();
  vi.useRealTimers();
});

it(`${OPS} random operations never break the sending rules`, { timeout: 280_000 }, async () => {
  let now = TEST_EPOCH - 4 * 60 * MIN; // a Monday, 10:00 in New York (helpers/clock.ts)
  vi.setSystemTime(now);
  await setUpStore([
    { name: "Sam", phone: REPS[0]! },
    { name: "Kim", phone: REPS[1]! },
  ]);
  // Pacing is tested elsewhere; here it would only make the run wait in real time.
  await apiJson("/settings", { method: "PUT", body: { sendRatePerSecond: 100 } });
  const scheduler = env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME));
  const rand = seeded(9);
  const pick = <T>(xs: T[]) => xs[rand(xs.length)]!;

  // The model: what the rules forbid from when on.
  const optedOutSince = new Map<string, number>(); // phone → sent count at STOP
  const soldAt = new Map<number, number>(); // lead → sent count when sold
  const lostAt = new Map<number, number>();
  const ops: string[] = [];

  const leadIds = async () => (await rows<{ id: number }>("SELECT id FROM leads")).map((r) => r.id);
  // Series steps seen so far, and the last message id checked.
  const seen = new Set<string>();
  let checked = 0;
  const checkInvariants = async () => {
    // Every new text that reached Twilio, with what it was.
    const sent = await rows<{ id: number; lead_id: number | null; to_number: string; kind: string; series_key: string | null; step_index: number | null }>(
      "SELECT id, lead_id, to_number, kind, series_key, step_index FROM messages WHERE direction = 'out' AND sid IS NOT NULL AND id > ? ORDER BY id",
      checked,
    );
    for (const m of sent) {
      checked = m.id;
      if (m.kind === "series") {
        const key = `${m.lead_id}/${m.series_key}/${m.step_index}`;
        expect(seen.has(key), `step sent twice: ${key}\n${ops.filter((o) => !o.startsWith("alarm")).slice(-25).join("\n")}`).toBe(false);
        seen.add(key);
      }
      const stop = optedOutSince.get(m.to_number);
      expect(stop !== undefined && m.id > stop, `texted ${m.to_number} after STOP\n${ops.filter((o) => !o.startsWith("alarm")).slice(-25).join("\n")}`).toBe(false);
      if (m.kind === "series" && m.lead_id !== null) {
        const sold = soldAt.get(m.lead_id);
        expect(sold !== undefined && m.id > sold && m.series_key === "beback", `be-back after sold #${m.lead_id}`).toBe(false);
        const lost = lostAt.get(m.lead_id);
        expect(lost !== undefined && m.id > lost, `series text after lost #${m.lead_id}\n${ops.filter((o) => !o.startsWith("alarm")).slice(-25).join("\n")}`).toBe(false);
      }
    }
  };
  const lastMessageId = async () => (await rows<{ id: number }>("SELECT coalesce(max(id), 0) AS id FROM messages"))[0]!.id;

  for (let i = 0; i < OPS; i++) {
    const op = rand(100);
    const rep = pick(REPS);
    if (op < 12) {
      const phone = pick(CUSTOMERS);
      ops.push(`new ${phone}`);
      await text({ From: rep, Body: `new Cust${phone.slice(-1)} ${phone} recliner` });
    } else if (op < 22) {
      const phone = pick(CUSTOMERS);
      ops.push(`reply ${phone}`);
      await text({ From: phone, Body: "Is it still available?" });
    } else if (op < 27) {
      const phone = pick(CUSTOMERS);
      ops.push(`STOP ${phone}`);
      const mark = await lastMessageId();
      await text({ From: phone, Body: pick(["STOP", "stop", "Unsubscribe", "quit"]) });
      if (!optedOutSince.has(phone)) optedOutSince.set(phone, mark);
    } else if (op < 29) {
      const phone = pick(CUSTOMERS);
      ops.push(`START ${phone}`);
      await text({ From: phone, Body: "START" });
      optedOutSince.delete(phone);
    } else if (op < 45) {
      const ids = await leadIds();
      if (ids.length === 0) continue;
      const id = pick(ids);
      const verb = pick(["sold", "lost", "later", "@"]);
      const mark = await lastMessageId();
      const owner = (await rows<{ phone: string }>("SELECT r.phone FROM leads l JOIN reps r ON r.id = l.rep_id WHERE l.id = ?", id))[0]!.phone;
      const body = verb === "later" ? `later #${id} ${pick(["3 days", "2 weeks", "tomorrow"])}` : verb === "@" ? `#${id} call me when you can` : `${verb} #${id}`;
      ops.push(`${owner}: ${body}`);
      const [answer] = await text({ From: owner, Body: body });
      // Sold after lost (the customer came back and bought) rightly starts after-sale texts.
      if (answer?.startsWith("✓") && verb === "sold" && !soldAt.has(id)) soldAt.set(id, mark);
      if (answer?.startsWith("✓") && verb === "sold") lostAt.delete(id);
      if (answer?.startsWith("✓") && verb === "lost") lostAt.set(id, mark);
    } else if (op < 75) {
      now += pick([MIN, 10 * MIN, 3 * 60 * MIN, 20 * 60 * MIN, 3 * 24 * 60 * MIN]);
      vi.setSystemTime(now);
      ops.push(`time → ${new Date(now).toISOString()}`);
    } else {
      const twice = rand(4) === 0;
      ops.push(`alarm${twice ? " ×2" : ""}`);
      await fireAlarm(scheduler);
      if (twice) {
        await scheduler.wake(now);
        await fireAlarm(scheduler);
      }
    }
    await checkInvariants();
  }
  // The run did real work: texts went out and every kind of event happened.
  const kinds = await rows<{ kind: string; n: number }>("SELECT kind, count(*) AS n FROM messages WHERE direction = 'out' GROUP BY kind");
  expect(Object.fromEntries(kinds.map((k) => [k.kind, k.n]))).toMatchObject({ series: expect.any(Number), forward: expect.any(Number), relay: expect.any(Number) });
  expect(soldAt.size + lostAt.size).toBeGreaterThan(5);
});
