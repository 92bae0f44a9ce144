// Random and mutated rep texts through the whole webhook path: never a 500, always
// exactly one answer of at most two segments, and no state change from a text that is
// not a valid command (the pure parser, given the same leads, is the oracle). The webhook
// turns any exception of ours into a 200 with an apology, so a crash is caught here
// instead: no answer may be that apology, and nothing may be logged as "inbound text
// failed". The 10,000
// texts are split over four files (test/fuzz-rep-texts-*.test.ts) so they run in parallel.
import { afterEach, beforeEach, expect, vi, type MockInstance } from "vitest";
import { parseRepText } from "../../src/domain/parse-command";
import { PROBLEM_TEXT } from "../../src/inbound/texts";
import { countSegments } from "../../src/domain/segments";
import { rows, snapshot } from "./db";
import { installFakeTwilio, type FakeTwilio } from "./fake-twilio";
import { seeded } from "./random";
import { inboundParams, postTwilio, setUpStore, twimlMessages } from "./store";
import type { LeadSummary } from "../../src/domain/lead-match";

const SAM = "+12125550111";

let twilio: FakeTwilio;
let consoleError: MockInstance<typeof console.error>;
export function withFakeTwilio() {
  beforeEach(() => {
    twilio = installFakeTwilio();
    // The Worker shares the test's isolate: its console.error is this one.
    consoleError = vi.spyOn(console, "error");
  });
  afterEach(() => {
    twilio.restore();
    consoleError.mockRestore();
  });
}

/** The texts whose handling crashed, as the webhook logged them. */
const crashes = () => consoleError.mock.calls.filter((args) => args[0] === "inbound text failed").length;

const VALID = [
  "new Jane Doe 555-0100 recliner", "new Bob 212-555-0120 sofa", "sold Jane", "sold #1 $1,200", "lost Bob", "later Jane 2 weeks",
  "later #2 June 3", "note Jane likes blue", "list", "list 2", "list Jane", "undo", "fix Jane phone 555-0109", "fix #1 name Janet",
  "away until friday", "back", "digest on", "digest off", "help", "help sold", "@Jane see you Saturday", "#1 thanks!", "Sounds good",
];
const NOISE = ["😍", "🛋️", "\u0000", "\u0007", "\u001b", "\ud800", "\ufffe", "\uffff", "\u202e", "Привет", "مرحبا", "你好", "ß", "\n", "  ", "'", "’", "“", ".", "!", "?", ",", "$", "#", "@", "0", "555", "-"];

function mutate(text: string, rand: (n: number) => number): string {
  const chars = Array.from(text);
  switch (rand(8)) {
    case 0: { // swap two neighbours (typo)
      const i = rand(Math.max(1, chars.length - 1));
      [chars[i], chars[i + 1]] = [chars[i + 1] ?? "", chars[i] ?? ""];
      return chars.join("");
    }
    case 1: // drop a character
      chars.splice(rand(chars.length), 1);
      return chars.join("");
    case 2: // insert noise
      chars.splice(rand(chars.length + 1), 0, NOISE[rand(NOISE.length)]!);
      return chars.join("");
    case 3:
      return text.toUpperCase();
    case 4:
      return `Beback, ${text}`;
    case 5:
      return text + " ".repeat(rand(3)) + NOISE[rand(NOISE.length)]!;
    case 6:
      return (text + " ").repeat(1 + rand(200)).slice(0, 1600);
    default:
      return Array.from({ length: 1 + rand(30) }, () => String.fromCodePoint(rand(0x2000) + (rand(2) ? 0 : 0x400))).join("");
  }
}

export async function fuzzRepTexts(texts: number, startSeed: number): Promise<void> {
  await setUpStore([{ name: "Sam Rivera", phone: SAM }]);
  const rand = seeded(startSeed);
  const repLeads = () =>
    rows<LeadSummary>("SELECT id, name, phone, product, status, last_contact_at AS lastContactAt, created_at AS createdAt FROM leads WHERE rep_id = (SELECT id FROM reps WHERE phone = ?)", SAM);
  let errors = 0;
  // Only a valid command can change the leads the parser sees.
  let leads = await repLeads();
  for (let i = 0; i < texts; i++) {
    const base = VALID[rand(VALID.length)]!;
    const body = rand(4) === 0 ? base : mutate(base, rand);
    const oracle = parseRepText(body, { leads, now: Date.now(), timeZone: "America/New_York", defaultCountry: "US", repPhone: SAM });
    const before = oracle.ok ? null : await snapshot();
    const res = await postTwilio("/twilio/sms", inboundParams({ From: SAM, Body: body }));
    expect(res.status, JSON.stringify(body)).toBe(200);
    const answers = twimlMessages(await res.text());
    expect(answers, JSON.stringify(body)).toHaveLength(1);
    expect(answers[0], `a crash on ${JSON.stringify(body)}`).not.toBe(PROBLEM_TEXT);
    expect(countSegments(answers[0]!).segments, answers[0]).toBeLessThanOrEqual(2);
    if (before !== null) {
      errors++;
      expect(await snapshot(), JSON.stringify(body)).toBe(before);
    } else {
      leads = await repLeads();
    }
  }
  expect(crashes(), "texts whose handling crashed").toBe(0);
  // The corpus exercises both sides.
  expect(errors).toBeGreaterThan(texts / 10);
}
