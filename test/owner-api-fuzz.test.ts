// Property: no request to the owner API is a server error. Random and mutated bodies,
// ids and query strings on every route: each answer is below 500; a 4xx is the contract's
// JSON (`{ error, issues? }`, every issue with a path and a message) and changes nothing in
// D1. Bodies mix the real field names with wrong types, empty and huge values, characters
// a text cannot carry, nesting, arrays and JSON that does not parse.
import { afterEach, beforeEach, expect, it, vi, type MockInstance } from "vitest";
import { snapshot } from "./helpers/db";
import { installFakeTwilio, type FakeTwilio } from "./helpers/fake-twilio";
import { seeded } from "./helpers/random";
import { api, setUpStore, text } from "./helpers/store";

const SAM = "+12125550111";
const KIM = "+16465550122";

const FIELDS = [
  "storeName", "storeNumber", "timezone", "quietHours", "start", "end", "sendRatePerSecond", "defaultCountry", "pricePerSegment",
  "name", "phone", "active", "toRepId", "steps", "after", "body", "photo", "bodyWithPhoto", "until", "at", "extra",
];
const STRINGS = [
  "", " ", "x", "Oak & Pine", "(212) 555-0199", "+12125550177", "555-0100", "America/New_York", "Mars/Olympus", "21:00", "25:61", "US", "XX",
  "20m", "18h", "-1d", "0s", "Hi {first_name}", "Hi {fristname}", "{", "}", "🛋️", "\u0000", "\u0008", "\ufffe", "\ud800", "\n", "null", "1e999",
  "<script>alert(1)</script>", "' OR 1=1 --", "x".repeat(1601), "y".repeat(100_000),
];
const NUMBERS = [0, 1, 2, -1, 0.5, 100, 101, 1e9, Number.MAX_SAFE_INTEGER, 1.5, 1e308];

const pick = <T>(rand: (n: number) => number, list: readonly T[]): T => list[rand(list.length)]!;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function value(rand: (n: number) => number, depth = 0): Json {
  switch (rand(depth > 2 ? 4 : 7)) {
    case 0:
      return null;
    case 1:
      return rand(2) === 0;
    case 2:
      return pick(rand, NUMBERS);
    case 3:
      return pick(rand, STRINGS);
    case 4:
      return Array.from({ length: rand(4) }, () => value(rand, depth + 1));
    default:
      return fields(rand, depth + 1);
  }
}

/** An object of real field names with random values. */
function fields(rand: (n: number) => number, depth: number): Json {
  return Object.fromEntries(Array.from({ length: 1 + rand(4) }, () => [pick(rand, FIELDS), value(rand, depth)]));
}

/** A body: usually an object of real field names, sometimes any JSON, sometimes not JSON at all. */
function body(rand: (n: number) => number): unknown {
  const r = rand(10);
  if (r === 0) return pick(rand, ["{", "", '{"storeName":', "[1,2", "\u0000", "nul"]);
  if (r === 1) return value(rand, 3);
  if (r === 2) return { steps: Array.from({ length: rand(25) }, () => value(rand, 1)) };
  return fields(rand, 1);
}

const IDS = ["1", "2", "3", "999999", "0", "-1", "1.5", "abc", "1e3", "%00", "%F0%9F%9B%8B", "9".repeat(30)];
const QUERIES = [
  "", "?status=active", "?status=bogus", "?limit=0", "?limit=501", "?limit=10&before=abc", "?q=%25", `?q=${"z".repeat(101)}`, "?rep=x",
  "?days=0", "?days=abc", "?days=99999", "?phone=nope", "?phone=%2B12125550100", "?q=%00%ff",
];
/** Half the time an id that exists (Sam and Kim are reps 1 and 2, Jane lead 1). */
const id = (rand: (n: number) => number) => (rand(2) === 0 ? pick(rand, ["1", "2"]) : pick(rand, IDS));

type Body = { [key: string]: Json };

/** Each route, with a body it accepts (mutated below) when it takes one. */
const ROUTES: { method: string; path: (rand: (n: number) => number) => string; valid?: () => Body }[] = [
  {
    method: "PUT",
    path: () => "/settings",
    valid: () => ({ storeName: "Oak & Pine", timezone: "America/Chicago", quietHours: { start: "21:00", end: "08:00" }, sendRatePerSecond: 1, defaultCountry: "US", pricePerSegment: 0.0083 }),
  },
  { method: "GET", path: () => "/settings" },
  { method: "POST", path: () => "/reps", valid: () => ({ name: "Pat Quinn", phone: "(212) 555-0177", active: true }) },
  { method: "PATCH", path: (r) => `/reps/${id(r)}`, valid: () => ({ name: "Sam R.", active: true }) },
  { method: "DELETE", path: (r) => `/reps/${id(r)}` },
  { method: "POST", path: (r) => `/reps/${id(r)}/handover`, valid: () => ({ toRepId: 2 }) },
  { method: "GET", path: (r) => `/series/${pick(r, ["beback", "aftersale", "holiday", "%00"])}` },
  {
    method: "PUT",
    path: (r) => `/series/${pick(r, ["beback", "aftersale", "holiday"])}`,
    valid: () => ({ steps: [{ after: "20m", body: "Hi {first_name}, it's {rep}!", photo: true, bodyWithPhoto: "Here's the {product}" }, { after: "1d", body: "Any questions?" }] }),
  },
  { method: "GET", path: (r) => `/leads${pick(r, QUERIES)}` },
  { method: "GET", path: (r) => `/leads/${id(r)}` },
  { method: "POST", path: (r) => `/leads/${id(r)}/pause`, valid: () => ({ until: "2099-01-31T14:00:00Z" }) },
  { method: "POST", path: (r) => `/leads/${id(r)}/${pick(r, ["resume", "end"])}`, valid: () => ({}) },
  { method: "POST", path: (r) => `/leads/${id(r)}/messages`, valid: () => ({ body: "Hi Jane, it's in stock." }) },
  { method: "GET", path: (r) => `/stats${pick(r, QUERIES)}` },
  { method: "GET", path: (r) => `/messages${pick(r, QUERIES)}` },
];

/** A valid body with one change: a field set to a random value (at any depth), dropped, or one added. */
function mutate(rand: (n: number) => number, body: Json): Json {
  if (body === null || typeof body !== "object") return value(rand, 2);
  const copy: Json = Array.isArray(body) ? [...body] : { ...body };
  const keys = Object.keys(copy);
  const key = keys.length > 0 && rand(5) !== 0 ? pick(rand, keys) : pick(rand, FIELDS);
  const target = copy as Record<string, Json>;
  const r = rand(4);
  if (r === 0) delete target[key];
  else target[key] = r === 1 && key in target ? mutate(rand, target[key]!) : value(rand, 2);
  return copy;
}

let twilio: FakeTwilio;
let consoleError: MockInstance<typeof console.error>;
beforeEach(async () => {
  twilio = installFakeTwilio();
  consoleError = vi.spyOn(console, "error");
  await setUpStore([
    { name: "Sam Rivera", phone: SAM },
    { name: "Kim Lee", phone: KIM },
  ]);
  await text({ From: SAM, Body: "new Jane Doe 555-0100 recliner" });
});
afterEach(() => {
  twilio.restore();
  consoleError.mockRestore();
});

it("1,000 random and mutated requests to the owner API: never a 5xx; every 4xx is the contract's JSON and changes nothing", { timeout: 120_000 }, async () => {
  const rand = seeded(7);
  const seen = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    const route = pick(rand, ROUTES);
    const path = route.path(rand);
    const sent = route.valid === undefined ? undefined : rand(3) === 0 ? body(rand) : rand(6) === 0 ? route.valid() : mutate(rand, route.valid());
    const what = `${route.method} ${path} ${JSON.stringify(sent)?.slice(0, 200)}`;
    const before = await snapshot();
    const res = await api(path, { method: route.method, ...(sent !== undefined ? { body: sent } : {}) });
    seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400) {
      const json = (await res.json()) as { error?: unknown; issues?: { path?: unknown; message?: unknown }[] };
      expect(json.error, what).toBeTypeOf("string");
      for (const issue of json.issues ?? []) {
        expect(issue.path, what).toBeTypeOf("string");
        expect(issue.message, what).toBeTypeOf("string");
      }
      expect(await snapshot(), what).toBe(before);
    } else {
      await res.body?.cancel();
    }
  }
  // Nothing was logged as a failure of ours (onError logs each 500 it answers).
  expect(consoleError).not.toHaveBeenCalled();
  // The corpus reaches both sides: refusals, and requests that did something.
  const count = (keep: (status: number) => boolean) => [...seen].filter(([s]) => keep(s)).reduce((n, [, c]) => n + c, 0);
  expect(count((s) => s >= 400)).toBeGreaterThan(100);
  expect(count((s) => s < 300)).toBeGreaterThan(50);
});
