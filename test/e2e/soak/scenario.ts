// The fault soak's scenario: a seeded, reproducible timeline of what reps and customers
// text the store (pure: the same seed, the same events), and the fake Twilio's fault
// profile. test/e2e/soak.test.ts plays it against `npm start`; audit.ts judges the result.
import { seeded } from "../../helpers/random";

export interface SoakSize {
  leads: number;
  reps: number;
  /** How many webhooks are in flight at once. */
  concurrency: number;
}

export const SMALL: SoakSize = { leads: 80, reps: 4, concurrency: 6 };
export const FULL: SoakSize = { leads: 5_000, reps: 20, concurrency: 8 };

/** Series steps of seconds: the whole story fits in minutes. Each body carries its step's marker. */
export const SOAK_SERIES = {
  beback: [
    { after: "3s", body: "[b0] Hi {first_name}, thanks for coming in to see the {product}." },
    { after: "20s", body: "[b1] Hi {first_name}, any questions about the {product}?" },
  ],
  aftersale: [{ after: "5s", body: "[a0] Hi {first_name}, thank you for your purchase!" }],
};
/** "[b1]" → "beback/1". */
export function stepOfBody(body: string): string | null {
  const m = /^\[([ba])(\d)\]/.exec(body);
  return m ? `${m[1] === "b" ? "beback" : "aftersale"}/${m[2]}` : null;
}

export type SoakEvent =
  | { kind: "new"; lead: number; rep: number }
  | { kind: "reply"; lead: number }
  | { kind: "stop"; lead: number }
  | { kind: "rep"; lead: number; verb: "sold" | "lost" | "later" };

export interface Scenario {
  seed: number;
  size: SoakSize;
  repPhones: string[];
  customerPhones: string[];
  /** In the order they are played; `new` of a lead always comes before its other events. */
  events: SoakEvent[];
  /** Index into `events` after which the Worker is SIGKILLed and started again. */
  killsAfter: number[];
}

const AREA_CODES = [212, 646, 718, 917, 347, 415, 312, 213, 305, 617, 206, 512];

/** Valid, distinct US mobile-looking numbers (never N11 or 555 exchanges). */
function phones(count: number, rand: (n: number) => number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const area = AREA_CODES[rand(AREA_CODES.length)]!;
    const exchange = 200 + rand(800);
    if (exchange % 100 === 11 || exchange === 555) continue;
    const phone = `+1${area}${exchange}${String(rand(10_000)).padStart(4, "0")}`;
    if (taken.has(phone)) continue;
    taken.add(phone);
    out.push(phone);
  }
  return out;
}

/**
 * Every lead is created by its rep's `new`; a third of the customers reply, a tenth text
 * STOP, a sixth get a rep's sold / lost / later. Events of different leads interleave:
 * each lead's later events are placed at random points after its `new`.
 */
export function scenario(seed: number, size: SoakSize): Scenario {
  const rand = seeded(seed);
  const taken = new Set<string>();
  const repPhones = phones(size.reps, rand, taken);
  const customerPhones = phones(size.leads, rand, taken);
  // A timeline in abstract ticks: lead i is created at tick i*10, its other events later.
  const timeline: { tick: number; order: number; event: SoakEvent }[] = [];
  let order = 0;
  const span = size.leads * 10;
  for (let lead = 0; lead < size.leads; lead++) {
    const born = lead * 10;
    const later = () => born + 1 + rand(Math.max(20, Math.floor(span / 3)));
    timeline.push({ tick: born, order: order++, event: { kind: "new", lead, rep: lead % size.reps } });
    if (rand(3) === 0) timeline.push({ tick: later(), order: order++, event: { kind: "reply", lead } });
    if (rand(10) === 0) timeline.push({ tick: later(), order: order++, event: { kind: "stop", lead } });
    if (rand(6) === 0) timeline.push({ tick: later(), order: order++, event: { kind: "rep", lead, verb: (["sold", "sold", "lost", "later"] as const)[rand(4)]! } });
  }
  timeline.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const events = timeline.map((t) => t.event);
  return { seed, size, repPhones, customerPhones, events, killsAfter: [Math.floor(events.length * 0.35), Math.floor(events.length * 0.7)] };
}

/**
 * What the fake Twilio does with each send: 10 % 500, 5 % 429, 1 % dropped, 0.5 % answered
 * after 10.5 s (past the Worker's timeout: `unknown`), the rest 201 after 50–150 ms.
 * The 10 s answers hold one of the Worker's six connections for that long: they are what
 * once let a send follow a STOP (a step checked, then waiting for a connection), so the
 * small soak in `npm test` keeps them too.
 */
export function faultProfile(seed: number) {
  const rand = seeded(seed ^ 0x5eed);
  return () => {
    const roll = rand(1000);
    const delayMs = 50 + rand(100);
    if (roll < 100) return { answer: { kind: "server-error" as const }, delayMs };
    if (roll < 150) return { answer: { kind: "rate-limited" as const }, delayMs };
    if (roll < 160) return { answer: { kind: "drop" as const }, delayMs };
    if (roll < 165) return { answer: { kind: "created" as const }, delayMs: 10_500 };
    return { answer: { kind: "created" as const }, delayMs };
  };
}
