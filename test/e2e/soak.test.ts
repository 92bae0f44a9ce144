// The fault soak: the real `npm start` against a fake Twilio that fails like the real one
// (10 % 500, 5 % 429, 1 % dropped connections, some answers after 10 s), a seeded scenario
// of rep and customer texts (new, replies, STOP, sold / lost / later, 5 % duplicate
// webhook deliveries, status callbacks out of order and twice), and the Worker SIGKILLed
// twice mid-run and started again on the same state. Then the fake Twilio's log is held
// against the database (soak/audit.ts): nothing sent twice, nothing after STOP or in
// quiet hours, nothing lost, every inbound text recorded once.
//
// In CI (`.ci/run`, BEBACK_TEST_DEPTH=full) it runs small (SMALL in soak/scenario.ts), and not
// in `npm test` (vitest.e2e.config.ts leaves it out: about 80 s); `npm run soak` runs 5,000
// leads (BEBACK_SOAK=full). BEBACK_SOAK_SEED picks the seed; the seed is printed first.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, expect, it } from "vitest";
import { seeded } from "../helpers/random";
import { inboundSmsParams, messageSid, postWebhook, startBeback, startFakeTwilio, type BebackServer, type FakeTwilio, type WebhookParams } from "./harness";
import { audit, type DbRows } from "./soak/audit";
import { faultProfile, FULL, scenario, SMALL, SOAK_SERIES, type SoakEvent } from "./soak/scenario";

const FULL_RUN = process.env.BEBACK_SOAK === "full";
const SEED = Number(process.env.BEBACK_SOAK_SEED ?? (FULL_RUN ? Date.now() % 1_000_000 : 1));
const SIZE = FULL_RUN ? FULL : SMALL;
const STORE_NUMBER = "+12125550000";
const ZONE = "America/New_York";
/** Beback's SEND_TIMEOUT_MS (src/twilio/provider.ts). */
const SEND_TIMEOUT_MS = 10_000;
const MAX_DRAIN_MS = FULL_RUN ? 12 * 60_000 : 150_000;

let twilio: FakeTwilio | undefined;
let beback: BebackServer | undefined;
afterAll(async () => {
  await beback?.stop({ removeFiles: true });
  await twilio?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "HH:MM" of `at` in the store's zone. */
function localHhmm(at: number): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** The D1 database `npm start` keeps under the state directory, read after the Worker stopped. */
function readDb(stateDir: string): DbRows {
  const dir = join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 database under ${dir}`);
  // A copy (with its write-ahead log): a workerd still exiting may hold a lock on the original.
  const copy = mkdtempSync(join(tmpdir(), "beback-soak-db-"));
  for (const suffix of ["", "-wal"]) if (existsSync(join(dir, file + suffix))) copyFileSync(join(dir, file + suffix), join(copy, `d1.sqlite${suffix}`));
  const db = new DatabaseSync(join(copy, "d1.sqlite"));
  try {
    return {
      leads: db.prepare("SELECT id, phone, status, next_at FROM leads").all() as DbRows["leads"],
      stepSends: db.prepare("SELECT lead_id, series_key, step_index, status, attempts FROM step_sends").all() as DbRows["stepSends"],
      inbound: db.prepare("SELECT sid FROM messages WHERE direction = 'in' AND sid IS NOT NULL").all() as DbRows["inbound"],
    };
  } finally {
    db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

it(`soak (seed ${SEED}, ${SIZE.leads} leads): nothing lost, nothing doubled, nothing after STOP`, { timeout: FULL_RUN ? 40 * 60_000 : 8 * 60_000 }, async () => {
  console.log(`soak: seed ${SEED}, ${SIZE.leads} leads, ${SIZE.reps} reps (BEBACK_SOAK_SEED=${SEED} reproduces the scenario)`);
  const plan = scenario(SEED, SIZE);
  const fake = (twilio = await startFakeTwilio({ decide: faultProfile(SEED) }));
  const server = (beback = await startBeback({
    vars: (url) => ({ TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_API_BASE: fake.url, PUBLIC_BASE_URL: url }),
  }));
  const rand = seeded(SEED ^ 0xbeb);
  const t0 = Date.now();
  const phase = (what: string) => console.log(`soak: ${what} after ${Math.round((Date.now() - t0) / 1000)} s`);

  // The store: quiet hours are one whole minute (their granularity) at the start of the run
  // (this minute, if 25 s of it are left, else the next), so the first steps fall due
  // inside them and must wait for its end.
  const thisMinute = Math.floor(Date.now() / 60_000) * 60_000;
  const quietStart = thisMinute + 60_000 - Date.now() >= 25_000 ? thisMinute : thisMinute + 60_000;
  const quiet = { start: quietStart, end: quietStart + 60_000 };
  const setup = async (path: string, method: string, json: unknown) => {
    const res = await server.api(path, { method, json });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  };
  await setup("/api/settings", "PUT", { storeName: "Oak & Pine", storeNumber: STORE_NUMBER, timezone: ZONE, sendRatePerSecond: 100, quietHours: { start: localHhmm(quiet.start), end: localHhmm(quiet.end) } });
  for (const [i, phone] of plan.repPhones.entries()) await setup("/api/reps", "POST", { name: `Rep${i}`, phone });
  await setup("/api/series/beback", "PUT", { steps: SOAK_SERIES.beback });
  await setup("/api/series/aftersale", "PUT", { steps: SOAK_SERIES.aftersale });

  // Webhooks, delivered as Twilio would and retried with the same MessageSid while the
  // Worker is down (a killed Worker answers nothing; a restarted one must not double it).
  let up: Promise<void> = Promise.resolve();
  const kills: number[] = [];
  const inboundSids = new Set<string>();
  let redelivered = 0;
  async function deliver(path: "/twilio/sms" | "/twilio/status", params: WebhookParams): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await up;
      try {
        const res = await postWebhook(`${server.url}${path}`, params, { authToken: fake.authToken });
        if (res.status === 200) return await res.text();
      } catch {
        // The Worker is down or was killed mid-request: deliver again once it is back.
      }
      await sleep(500);
    }
    throw new Error(`${path} never answered 200 (${params.MessageSid})`);
  }
  async function text(from: string, body: string, fromRep = false): Promise<string> {
    const params = inboundSmsParams({ from, to: STORE_NUMBER, body, accountSid: fake.accountSid, messageSid: messageSid() });
    inboundSids.add(params.MessageSid!);
    const duplicate = rand(20) === 0; // 5 %: the same MessageSid delivered twice, at once
    const answers = await Promise.all([deliver("/twilio/sms", params), duplicate ? deliver("/twilio/sms", params) : ""]);
    // Of two deliveries one is handled, the other answered with an empty <Response/>.
    const answer = answers.find((a) => a.includes("<Message")) ?? answers[0];
    // Every rep text gets an answer. An empty one means the first handler died with the
    // Worker: redelivered once its claim is stale (INBOUND_STALE_MS), it is handled then.
    if (fromRep && !answer.includes("<Message")) {
      redelivered++;
      await sleep(31_000); // INBOUND_STALE_MS (30 s), and a second
      return deliver("/twilio/sms", params);
    }
    return answer;
  }

  // Status callbacks for what the fake Twilio accepted, shuffled and some twice.
  let callbacksDone = 0;
  let playing = true;
  const callbacks = (async () => {
    while (playing) {
      const accepted = fake.messages().slice(callbacksDone);
      callbacksDone += accepted.length;
      const posts = accepted.flatMap((m) => {
        const statuses = rand(2) ? ["sent", "delivered"] : ["delivered", "sent"];
        if (rand(10) === 0) statuses.push(statuses[0]!);
        return statuses.map((s) => ({ MessageSid: m.sid, MessageStatus: s, AccountSid: fake.accountSid, To: m.to, From: m.from }));
      });
      for (const p of posts) await deliver("/twilio/status", p);
      await sleep(1_000);
    }
  })();

  // The scenario, SIZE.concurrency webhooks at a time, in timeline order; a lead's events
  // wait for its `new`.
  const leadIds = new Map<number, number>();
  const created = new Map<number, Promise<void>>();
  const stoppedAt = new Map<string, number>();
  const notCreated: string[] = [];
  async function leadByPhone(phone: string): Promise<number | undefined> {
    await up;
    const leads = (await (await server.api("/api/leads")).json()) as { id: number; phone: string }[];
    return leads.find((l) => l.phone === phone)?.id;
  }
  async function play(event: SoakEvent) {
    const phone = plan.customerPhones[event.lead]!;
    if (event.kind === "new") {
      const answer = await text(plan.repPhones[event.rep]!, `new Cust${event.lead} ${phone} sofa`, true);
      // The answer names the lead; if a kill ate it (the retry is answered empty), ask the owner API.
      const id = /#(\d+)/.exec(answer)?.[1] ?? (await leadByPhone(phone));
      if (id) leadIds.set(event.lead, Number(id));
      else notCreated.push(`Cust${event.lead}: ${answer.replace(/<[^>]+>/g, " ").trim() || "(empty answer)"}`);
      return;
    }
    await created.get(event.lead);
    const id = leadIds.get(event.lead);
    if (id === undefined) return;
    if (event.kind === "reply") await text(phone, "Is it still available?");
    else if (event.kind === "stop") {
      await text(phone, "STOP");
      stoppedAt.set(phone, stoppedAt.get(phone) ?? Date.now());
    } else {
      const rep = plan.repPhones[event.lead % SIZE.reps]!; // the rep who created the lead (scenario.ts)
      await text(rep, event.verb === "later" ? `later #${id} 2 weeks` : `${event.verb} #${id}`, true);
    }
  }
  const inFlight = new Set<Promise<void>>();
  for (const [i, event] of plan.events.entries()) {
    const p = play(event).finally(() => inFlight.delete(p));
    if (event.kind === "new") created.set(event.lead, p);
    inFlight.add(p);
    if (inFlight.size >= SIZE.concurrency) await Promise.race(inFlight);
    if (plan.killsAfter.includes(i)) {
      // A crash: the whole process group SIGKILLed, then `npm start` on the same state.
      let reopen!: () => void;
      up = new Promise((r) => (reopen = r));
      kills.push(Date.now());
      await server.kill();
      await sleep(1_000);
      await server.restart();
      reopen();
    }
  }
  await Promise.all(inFlight);

  // Drain: until nothing is due (what is left is retries scheduled later), bounded.
  const drainUntil = Date.now() + MAX_DRAIN_MS;
  const playedAt = Date.now();
  let slowPolls = 0;
  phase(`${plan.events.length} scenario events played, with ${kills.length} restarts,`);
  for (;;) {
    let soon = Infinity;
    try {
      const leads = (await (await server.api("/api/leads")).json()) as { nextAt: string | null }[];
      soon = leads.filter((l) => l.nextAt !== null && Date.parse(l.nextAt) < Date.now() + 45_000).length;
    } catch {
      slowPolls++; // the owner API did not answer within 30 s: look again
    }
    if ((soon === 0 && Date.now() > playedAt + 25_000 && Date.now() > quiet.end) || Date.now() > drainUntil) break;
    await sleep(2_000);
  }
  playing = false;
  await callbacks;
  phase("drained");
  await sleep(1_000);
  const endedAt = Date.now();
  await server.stop();

  const result = audit({ scenario: plan, stoppedAt, inboundSids, kills, quiet, endedAt, requests: fake.requests, db: readDb(server.stateDir), sendTimeoutMs: SEND_TIMEOUT_MS });
  console.log(`soak audit (seed ${SEED}):\n${Object.entries(result.counts).map(([k, v]) => `  ${k.padEnd(40)} ${v}`).join("\n")}\n  unknown, why: ${JSON.stringify(result.unknownWhy)}`);
  for (const v of result.violations.slice(0, 30)) console.log(`  ✗ ${v.rule}: ${v.detail}`);
  for (const n of notCreated) console.log(`  ✗ new not confirmed: ${n}`);
  console.log(`  rep texts redelivered after a handler died: ${redelivered}`);
  console.log(`  GET /api/leads polls not answered within 30 s: ${slowPolls}`);
  expect(result.violations, `seed ${SEED}`).toEqual([]);
  // The run did what it claims: leads, sends, failures and restarts all happened.
  expect(result.counts["leads created"]).toBe(SIZE.leads);
  expect(result.counts["restarts (SIGKILL)"]).toBe(2);
  expect(result.counts["sent once"]).toBeGreaterThan(SIZE.leads / 2);
  expect(result.counts["Twilio answered 5xx / 429 / dropped"]).toBeGreaterThan(0);
});
