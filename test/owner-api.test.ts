// The owner API, through the Worker's real entry: auth, validation, and each resource.
import { env, exports } from "cloudflare:workers";
import app from "../src/index";
import { describe, expect, it } from "vitest";
import { foldName } from "../src/domain/lead-match";
import { signInCode } from "../src/http/sign-in-code";
import { TEST_EPOCH } from "./helpers/clock";
import { api, apiJson, setUpStore, STORE_NUMBER, text, type RepView } from "./helpers/store";
import { snapshot } from "./helpers/db";

describe("auth", () => {
  it.each([
    ["no credentials", null],
    ["a wrong token", "nope"],
    ["a token of another length", "test-owner-token-but-longer"],
  ])("answers 401 with %s", async (_what, token) => {
    for (const path of ["/settings", "/reps", "/leads", "/series/beback", "/leads/1"]) {
      const res = await api(path, { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
  });
});

/** Signs a browser in: its session cookie, as `name=value`. */
async function signIn(): Promise<string> {
  const res = await api("/session", { method: "POST", body: { token: "test-owner-token" }, token: null });
  expect(res.status).toBe(204);
  return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
}

describe("the page's session cookie", () => {
  it("trades the token for an HttpOnly, SameSite=Strict cookie that authorizes /api", async () => {
    expect((await api("/session", { method: "POST", body: { token: "wrong" }, token: null })).status).toBe(401);
    const res = await api("/session", { method: "POST", body: { token: "test-owner-token" }, token: null });
    expect(res.status).toBe(204);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(";")[0]!;
    const settings = await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: session } });
    expect(settings.status).toBe(200);
    const forged = await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: "beback_session=nope" } });
    expect(forged.status).toBe(401);
  });

  it("takes a sign-in link's code in place of the token while it lasts; an expired one, or one made with another token, is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const session = (token: string) => api("/session", { method: "POST", body: { token }, token: null });
    expect((await session(await signInCode("test-owner-token", now + 600))).status).toBe(204);
    expect((await session(await signInCode("test-owner-token", now - 1))).status).toBe(401);
    expect((await session(await signInCode("another-owner-token", now + 600))).status).toBe(401);
  });

  it("the cookie is not the owner token: a random session, signed; the token itself as a cookie is refused", async () => {
    const session = await signIn();
    expect(session).not.toContain("test-owner-token");
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: "beback_session=test-owner-token" } })).status).toBe(401);
    // The id with its signature cut off, or signed with another token: refused.
    const [name, value] = session.split("=") as [string, string];
    const id = decodeURIComponent(value).split(".")[0]!;
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: `${name}=${id}` } })).status).toBe(401);
    const otherKey = await crypto.subtle.importKey("raw", new TextEncoder().encode("another-token"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const otherSig = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign("HMAC", otherKey, new TextEncoder().encode(id)))));
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: `${name}=${encodeURIComponent(`${id}.${otherSig}`)}` } })).status).toBe(401);
  });

  it("signing out ends that browser's session, a copy of its cookie included; another browser stays signed in", async () => {
    const phone = await signIn();
    const desktop = await signIn();
    const out = await exports.default.fetch("https://beback.test/api/session", { method: "DELETE", headers: { cookie: phone } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/beback_session=;.*Max-Age=0/);
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: phone } })).status).toBe(401);
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: desktop } })).status).toBe(200);
    // Another origin's page cannot sign the owner out.
    const refused = await exports.default.fetch("https://beback.test/api/session", { method: "DELETE", headers: { cookie: desktop, "sec-fetch-site": "same-site" } });
    expect(refused.status).toBe(403);
    expect((await exports.default.fetch("https://beback.test/api/settings", { headers: { cookie: desktop } })).status).toBe(200);
  });

  it("a new OWNER_TOKEN ends every session", async () => {
    const session = await signIn();
    const res = await app.fetch(new Request("https://beback.test/api/settings", { headers: { cookie: session } }), { ...env, OWNER_TOKEN: "a-new-owner-token-for-the-store" });
    expect(res.status).toBe(401);
  });

  // The cookie rides on any request the browser sends here, even one another origin's page
  // starts (a text/plain form, a no-cors fetch); a change with it must come from the page.
  it.each([
    ["a page of the same site on another port", { "sec-fetch-site": "same-site" }],
    ["another site", { "sec-fetch-site": "cross-site" }],
    ["an Origin of another host (a browser without Sec-Fetch-Site)", { origin: "https://evil.example" }],
    ["an opaque Origin", { origin: "null" }],
  ])("refuses a change with the cookie from %s, and changes nothing", async (_what, headers) => {
    const session = await signIn();
    const before = await snapshot();
    const res = await exports.default.fetch("https://beback.test/api/reps", {
      method: "POST",
      headers: { cookie: session, "content-type": "text/plain", ...headers },
      body: JSON.stringify({ name: "Mallory", phone: "+12125550197" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^cross-origin request refused/) });
    expect(await snapshot()).toBe(before);
    // Reading is not a change; the page's own origin, and a bearer token from anywhere, may change.
    expect((await exports.default.fetch("https://beback.test/api/reps", { headers: { cookie: session, ...headers } })).status).toBe(200);
    const own = await exports.default.fetch("https://beback.test/api/reps", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json", "sec-fetch-site": "same-origin", origin: "https://beback.test" },
      body: JSON.stringify({ name: "Sam", phone: "+12125550111" }),
    });
    expect(own.status).toBe(201);
    const bearer = await api("/reps", { method: "POST", body: { name: "Kim", phone: "+16465550122" } });
    expect(bearer.status).toBe(201);
  });
});

describe("the Worker's own answers", () => {
  it("carry the security headers the page's static files have: JSON, a 401, a 404, the health route", async () => {
    const answers = [
      await api("/settings"),
      await api("/settings", { token: null }),
      await exports.default.fetch("https://beback.test/nope"),
      await exports.default.fetch("https://beback.test/health"),
    ];
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), res.url).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy"), res.url).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security"), res.url).toMatch(/max-age=\d+/);
    }
  });

  it("under /api are never cached: a lead's texts, a 400, a 401, a 404", async () => {
    const answers = [await api("/leads"), await api("/leads?limit=0"), await api("/settings", { token: null }), await api("/leads/999")];
    expect(answers.map((res) => [res.status, res.headers.get("cache-control")])).toEqual([
      [200, "no-store"],
      [400, "no-store"],
      [401, "no-store"],
      [404, "no-store"],
    ]);
  });
});

describe("a body over 256 KB", () => {
  it.each([
    ["with its Content-Length", (body: string) => body],
    ["streamed, with no Content-Length", (body: string) => new Blob([body]).stream()],
  ])("%s: 413 in the contract's JSON (401 without credentials, as for any body), and nothing changes", async (_how, shape) => {
    const before = await snapshot();
    for (const [token, status, error] of [["test-owner-token", 413, "body too large: at most 256 KB"], [null, 401, "unauthorized"]] as const) {
      const body = JSON.stringify({ name: "Sam", phone: "+12125550111", pad: "x".repeat(257 * 1024) });
      const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const res = await exports.default.fetch("https://beback.test/api/reps", { method: "POST", headers, body: shape(body), duplex: "half" } as RequestInit);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error });
    }
    expect(await snapshot()).toBe(before);
  });
});

describe("settings", () => {
  it("has defaults and takes a subset", async () => {
    const initial = await apiJson<Record<string, unknown>>("/settings");
    expect(initial).toEqual({
      storeName: "Our store",
      storeNumber: "",
      timezone: "America/New_York",
      quietHours: { start: "21:00", end: "08:00" },
      sendRatePerSecond: 1,
      defaultCountry: "US",
      pricePerSegment: 0.0083,
    });
    const updated = await apiJson<Record<string, unknown>>("/settings", {
      method: "PUT",
      body: { storeName: "Oak & Pine", storeNumber: "(212) 555-0000", quietHours: null },
    });
    expect(updated).toMatchObject({ storeName: "Oak & Pine", storeNumber: "+12125550000", quietHours: null, timezone: "America/New_York" });
    expect(await apiJson("/settings")).toEqual(updated);
  });

  it("takes back what GET answered: a new store's empty number stays empty; once set, an empty one is refused", async () => {
    const initial = await apiJson<Record<string, unknown>>("/settings");
    expect(await apiJson("/settings", { method: "PUT", body: initial })).toEqual(initial);
    const set = await apiJson<Record<string, unknown>>("/settings", { method: "PUT", body: { storeNumber: "(212) 555-0000" } });
    expect(await apiJson("/settings", { method: "PUT", body: set })).toEqual(set);
    const res = await api("/settings", { method: "PUT", body: { storeNumber: "" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "storeNumber", message: expect.stringMatching(/^must be a phone number/) }]);
    expect(await apiJson("/settings")).toEqual(set);
  });

  it("takes a country code in either case, and names a wrong one once", async () => {
    expect(await apiJson("/settings", { method: "PUT", body: { defaultCountry: "gb" } })).toMatchObject({ defaultCountry: "GB" });
    const res = await api("/settings", { method: "PUT", body: { defaultCountry: "zz" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "defaultCountry", message: "must be a supported ISO country code such as US" }]);
    expect(await apiJson("/settings")).toMatchObject({ defaultCountry: "GB" });
    // "UK" is what an owner often types: the answer names the code.
    const uk = await api("/settings", { method: "PUT", body: { defaultCountry: "uk" } });
    expect(((await uk.json()) as { issues: unknown[] }).issues).toEqual([{ path: "defaultCountry", message: "must be a supported ISO country code such as US (the United Kingdom's is GB)" }]);
  });

  it("stores a time zone as the runtime spells it", async () => {
    expect(await apiJson("/settings", { method: "PUT", body: { timezone: "america/chicago" } })).toMatchObject({ timezone: "America/Chicago" });
  });

  it("takes a time zone by its city, as an owner types it", async () => {
    expect(await apiJson("/settings", { method: "PUT", body: { timezone: "los angeles" } })).toMatchObject({ timezone: "America/Los_Angeles" });
    const res = await api("/settings", { method: "PUT", body: { timezone: "Springfield" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "timezone", message: "must be a zone from the list, such as America/Chicago, or its city: Chicago" }]);
    expect(await apiJson("/settings")).toMatchObject({ timezone: "America/Los_Angeles" });
  });

  it.each([["EST"], ["est"], ["PST8PDT"], ["CET"], ["+05:00"], ["-0800"], ["+14:00"], ["Etc/GMT+5"]])(
    "refuses %j, an abbreviation or a fixed offset (no daylight saving), naming a region's zone, changing nothing",
    async (timezone) => {
      const before = await snapshot();
      const res = await api("/settings", { method: "PUT", body: { timezone } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "timezone", message: expect.stringContaining("such as America/New_York") }]);
      expect(await snapshot()).toBe(before);
    },
  );

  it("keeps taking a legacy name of a region (US/Eastern), and UTC, as the runtime spells them", async () => {
    expect(await apiJson("/settings", { method: "PUT", body: { timezone: "US/Eastern" } })).toMatchObject({ timezone: "America/New_York" });
    expect(await apiJson("/settings", { method: "PUT", body: { timezone: "UTC" } })).toMatchObject({ timezone: "UTC" });
  });

  it("names a wrong store number with every other wrong field, in one answer, changing nothing", async () => {
    const before = await snapshot();
    const res = await api("/settings", { method: "PUT", body: { storeName: "", timezone: "Mars/Olympus", pricePerSegment: "abc", storeNumber: "555-0000" } });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths.sort()).toEqual(["pricePerSegment", "storeName", "storeNumber", "timezone"]);
    expect(await snapshot()).toBe(before);
  });

  it("reads the store number in the country saved with it (or the store's, when that one is wrong)", async () => {
    expect(await apiJson("/settings", { method: "PUT", body: { defaultCountry: "GB", storeNumber: "07700 900123" } })).toMatchObject({ defaultCountry: "GB", storeNumber: "+447700900123" });
    const res = await api("/settings", { method: "PUT", body: { defaultCountry: "zz", storeNumber: "020 7946 0000" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["defaultCountry"]);
  });

  it("refuses a rep's phone as the store number, changing nothing", async () => {
    await apiJson("/reps", { method: "POST", body: { name: "Sam", phone: "2125550111" } });
    const before = await snapshot();
    const res = await api("/settings", { method: "PUT", body: { storeNumber: "(212) 555-0111" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "storeNumber", message: expect.stringContaining("is a rep's phone") }]);
    expect(await snapshot()).toBe(before);
  });

  it("refuses an open customer's number as the store number, changing nothing; a lost customer's is free", async () => {
    await apiJson("/reps", { method: "POST", body: { name: "Sam", phone: "2125550111" } });
    await text({ From: "+12125550111", Body: "new Jane 212-555-0100 recliner" });
    const before = await snapshot();
    const res = await api("/settings", { method: "PUT", body: { storeNumber: "(212) 555-0100" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "storeNumber", message: expect.stringMatching(/^is the number of a customer, Jane #\d+/) }]);
    expect(await snapshot()).toBe(before);
    await text({ From: "+12125550111", Body: "lost jane" });
    expect((await api("/settings", { method: "PUT", body: { storeNumber: "(212) 555-0100" } })).status).toBe(200);
  });

  it.each([
    [{ timezone: "Mars/Olympus" }, "timezone"],
    [{ quietHours: { start: "25:00", end: "08:00" } }, "quietHours.start"],
    [{ quietHours: { start: "09:00", end: "09:00" } }, "quietHours"],
    [{ sendRatePerSecond: 0 }, "sendRatePerSecond"],
    [{ sendRatePerSecond: "fast" }, "sendRatePerSecond"],
    [{ storeNumber: "+1 555 CALL NOW 123456789" }, "storeNumber"],
    [{ defaultCountry: "XX" }, "defaultCountry"],
    [{ storeName: "" }, "storeName"],
    [{ storeName: "Oak &\u0008 Pine" }, "storeName"],
    [{ storeName: "Oak & Pine\nOutlet" }, "storeName"],
    [{ storeName: "Oak & Pine\uffff" }, "storeName"],
    [{ color: "red" }, "color"],
  ])("refuses %j with a 400 naming %s, changing nothing", async (body, path) => {
    const before = await snapshot();
    const res = await api("/settings", { method: "PUT", body });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(json.error).toBeTypeOf("string");
    expect(json.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot()).toBe(before);
  });

  it.each([[[1, 2]], [[]], ["a string"], [null], [42]])("refuses a JSON %j that is not an object", async (body) => {
    const res = await api("/settings", { method: "PUT", body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it.each([
    ["PUT", "/settings", { color: "red" }, { path: "color", message: "is not a field here" }],
    ["POST", "/reps", { phone: "2125550199" }, { path: "name", message: "is required" }],
    ["GET", "/stats?days=5", undefined, { path: "days", message: "must be 7, 30 or 90" }],
    ["GET", "/leads?status=open", undefined, { path: "status", message: "must be one of active, paused, sold, lost, optedout" }],
    ["PUT", "/series/beback", { steps: [{ after: "105w", body: "Hi" }] }, { path: "steps.0.after", message: expect.stringContaining("at most 732 days") }],
    ["PUT", "/series/beback", { steps: [{ after: "2d", body: "Hi" }, { after: "1d", body: "Hi" }] }, { path: "steps", message: "must be in order of their delay" }],
    // A delay that cannot be read is that step's error alone, not an ordering one too.
    ["PUT", "/series/beback", { steps: [{ after: "1d", body: "Hi" }, { after: "2 days", body: "Hi" }, { after: "3d", body: "Hi" }] }, { path: "steps.1.after", message: "must be a number and a unit (s, m, h, d or w), like 20m, 18h, 3d or 2w, at most 732 days" }],
    // Types in words, not valibot's "expected Object"; the whole body is named as "body".
    ["PUT", "/settings", "null", { path: "", message: "body must be a JSON object" }],
    ["PUT", "/settings", "42", { path: "", message: "body must be a JSON object" }],
    ["PUT", "/settings", '"x"', { path: "", message: "body must be a JSON object" }],
    ["PUT", "/settings", "[1]", { path: "", message: "body must be a JSON object" }],
    ["PUT", "/settings", { sendRatePerSecond: "fast" }, { path: "sendRatePerSecond", message: "must be a number" }],
    ["PUT", "/settings", { storeName: 5 }, { path: "storeName", message: "must be text in quotes (a JSON string)" }],
    ["PUT", "/settings", { quietHours: 5 }, { path: "quietHours", message: 'must be { "start": "21:00", "end": "08:00" }, or null for none' }],
    // A missing field of an object whose message shows its shape is still just missing.
    ["PUT", "/settings", { quietHours: { start: "21:00" } }, { path: "quietHours.end", message: "is required" }],
    // …and a field it does not have is one it does not have, as anywhere else.
    ["PUT", "/settings", { quietHours: { start: "21:00", end: "08:00", x: 1 } }, { path: "quietHours.x", message: "is not a field here" }],
    ["POST", "/session", { token: "test-owner-token", remember: true }, { path: "remember", message: "is not a field here" }],
    ["PUT", "/series/beback", { steps: 5 }, { path: "steps", message: "must be a list (a JSON array)" }],
    ["PUT", "/series/beback", { steps: [5] }, { path: "steps.0", message: "must be a JSON object" }],
    ["POST", "/reps", { name: "Sam", phone: "2125550141", active: "yes" }, { path: "active", message: "must be true or false" }],
    // Query parameters: the path names the field, the message does not repeat it.
    ["GET", "/leads?rep=x", undefined, { path: "rep", message: "must be a whole number" }],
    ["GET", "/leads?limit=0", undefined, { path: "limit", message: "must be at least 1" }],
    ["GET", "/leads?limit=501", undefined, { path: "limit", message: "must be at most 500" }],
    ["GET", "/leads?before=-1", undefined, { path: "before", message: "must be a whole number" }],
  ])("says in words what %s %s expected", async (method, path, body, issue) => {
    const res = await api(path, { method, ...(body ? { body } : {}) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([issue]);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await api("/settings", { method: "PUT", body: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "", message: "body must be JSON" }] });
  });
});

describe("reps", () => {
  it("creates, lists, updates and deletes reps with E.164 phones", async () => {
    await setUpStore([]);
    const sam = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Sam", phone: "212.555.0111" } });
    expect(sam).toEqual({ id: expect.any(Number), name: "Sam", phone: "+12125550111", active: true });
    const kim = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Kim", phone: "+1 (646) 555-0122", active: false } });
    expect(await apiJson("/reps")).toEqual([sam, kim]);
    expect(await apiJson(`/reps/${kim.id}`, { method: "PATCH", body: { active: true, phone: "6465550123" } })).toEqual({ ...kim, active: true, phone: "+16465550123" });
    expect((await api(`/reps/${kim.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await apiJson("/reps")).toEqual([sam]);
    // Pasted from a document or a contact card: typographic dashes and spaces (contract audit).
    const lee = await apiJson<RepView>("/reps", { method: "POST", body: { name: "Lee", phone: "(718)\u00a0555\u20130144" } });
    expect(lee.phone).toBe("+17185550144");
    expect(await apiJson(`/reps/${lee.id}`, { method: "PATCH", body: { phone: "718\u2014555\u20140145" } })).toMatchObject({ phone: "+17185550145" });
    expect(await apiJson("/settings", { method: "PUT", body: { storeNumber: "212\u2011555\u20110000" } })).toMatchObject({ storeNumber: "+12125550000" });
  });

  it("counts a name's characters as a reader does: 41 emoji are 41 characters, 81 are too many", async () => {
    const rep = await apiJson<RepView>("/reps", { method: "POST", body: { name: "😀".repeat(41), phone: "2125550131" } });
    expect(rep.name).toBe("😀".repeat(41));
    expect(await apiJson("/settings", { method: "PUT", body: { storeName: "👩‍👩‍👧".repeat(25) } })).toMatchObject({ storeName: "👩‍👩‍👧".repeat(25) });
    const res = await api("/reps", { method: "POST", body: { name: "😀".repeat(81), phone: "2125550132" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "name", message: "must be at most 80 characters" }]);
  });

  it("refuses a name a text would carry too long (a letter under 1,500 accents is one character to a reader), or on two lines, changing nothing", async () => {
    await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    const before = await snapshot();
    const heavy = ("A" + "\u0301".repeat(1500)).repeat(80);
    for (const [method, path, body, field] of [
      ["PUT", "/settings", { storeName: heavy }, "storeName"],
      ["POST", "/reps", { name: heavy, phone: "2125550133" }, "name"],
      ["PUT", "/settings", { storeName: "Oak\u2028Pine" }, "storeName"],
      ["POST", "/reps", { name: "Bo\u2028Diaz", phone: "2125550133" }, "name"],
      ["PUT", "/settings", { storeName: "\u200b" }, "storeName"],
    ] as const) {
      const res = await api(path, { method, body });
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 40)}`).toBe(400);
      expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([field]);
    }
    expect(await snapshot()).toBe(before);
  });

  it("a PATCH of a rep that does not exist is a 404, even with a name or phone that would be refused", async () => {
    const [sam] = await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    for (const body of [{ name: "Sam" }, { phone: STORE_NUMBER }, { phone: "+12125550111" }]) {
      expect((await api("/reps/999999", { method: "PATCH", body })).status).toBe(404);
    }
    // The rep who does exist is still refused the same, saying why.
    expect((await api(`/reps/${sam!.id}`, { method: "PATCH", body: { phone: STORE_NUMBER } })).status).toBe(400);
  });

  it("a handover to an id that is no number names the problem once", async () => {
    const [sam] = await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    const res = await api(`/reps/${sam!.id}/handover`, { method: "POST", body: '{"toRepId":1e400}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "toRepId", message: "must be a rep's id" }]);
  });

  it("never echoes a refused phone number", async () => {
    const res = await api("/reps", { method: "POST", body: { name: "Al", phone: "555-SECRET-9999" } });
    expect(res.status).toBe(400);
    const raw = await res.text();
    expect(raw).not.toContain("SECRET");
    expect(JSON.parse(raw).issues).toEqual([{ path: "phone", message: expect.any(String) }]);
  });

  it("refuses a phone that another rep has, and the store number", async () => {
    await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    expect((await api("/reps", { method: "POST", body: { name: "Twin", phone: "2125550111" } })).status).toBe(400);
    expect((await api("/reps", { method: "POST", body: { name: "Store", phone: "2125550000" } })).status).toBe(400);
  });

  it("refuses a customer's number as a rep's phone (their texts would be read as commands), until that lead is lost", async () => {
    await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    await text({ From: "+12125550111", Body: "new Jane Doe 555-0100 recliner" });
    const id = (await apiJson<{ id: number }[]>("/leads"))[0]!.id;
    const before = await snapshot();
    for (const res of [
      await api("/reps", { method: "POST", body: { name: "Jane Cust", phone: "212-555-0100" } }),
      await api(`/reps/${(await apiJson<RepView[]>("/reps"))[0]!.id}`, { method: "PATCH", body: { phone: "(212) 555-0100" } }),
    ]) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([
        { path: "phone", message: `is the number of a customer, Jane Doe #${id}: their texts would be read as a rep's commands and stop reaching their rep` },
      ]);
    }
    expect(await snapshot()).toBe(before);
    await text({ From: "+12125550111", Body: `lost #${id}` });
    expect((await api("/reps", { method: "POST", body: { name: "Jane Cust", phone: "212-555-0100" } })).status).toBe(201);
  });

  it.each([["PATCH", "/reps/999999", { name: "x" }], ["DELETE", "/reps/999999", undefined], ["PATCH", "/reps/abc", { name: "x" }], ["GET", "/leads/424242", undefined], ["GET", "/leads/-1", undefined], ["GET", "/series/holiday", undefined]])(
    "%s %s is 404",
    async (method, path, body) => {
      expect((await api(path, { method, body })).status).toBe(404);
    },
  );

  it("refuses a rep's phone that cannot get texts, saying so", async () => {
    const res = await api("/reps", { method: "POST", body: { name: "Al", phone: "+1 555 555 0100" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "phone", message: "must be a mobile number that can get texts, e.g. +1 212 555 0100" }]);
    // A store abroad is shown its own country, and its code, not a US example.
    await apiJson("/settings", { method: "PUT", body: { defaultCountry: "GB" } });
    const abroad = await api("/reps", { method: "POST", body: { name: "Zed", phone: "07911 654321" } });
    expect(((await abroad.json()) as { issues: unknown[] }).issues).toEqual([{ path: "phone", message: "must be a mobile number that can get texts: a GB number, or one with its country code (+44 …)" }]);
  });

  it("refuses invalid rep bodies with the contract's shape", async () => {
    for (const body of [{}, { name: "A" }, { phone: "2125550199" }, { name: 5, phone: "2125550199" }, { name: "A", phone: "2125550199", active: "yes" }, { name: "Sam\u0000", phone: "2125550199" }, { name: "Sam \ud800", phone: "2125550199" }]) {
      const res = await api("/reps", { method: "POST", body });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { issues: unknown[] };
      expect(json.issues.length).toBeGreaterThan(0);
    }
  });
});

describe("messages of one number", () => {
  it("lists the texts to and from a phone, for the simulator", async () => {
    await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    expect(await apiJson("/messages?phone=(212) 555-0111")).toEqual([]);
    const res = await api("/messages?phone=nope");
    expect(res.status).toBe(400);
  });
});

describe("leads", () => {
  it("filters by status and refuses an unknown status", async () => {
    expect(await apiJson("/leads?status=active")).toEqual([]);
    expect(await apiJson("/leads?status=")).toEqual(await apiJson("/leads"));
    const res = await api("/leads?status=maybe");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("status");
  });

  /** Leads straight into D1, as years of a store would leave them: ids 1..n, oldest first. */
  async function leadsOf(rows: { name: string; phone: string; rep: number; status?: string; product?: string }[]) {
    const insert = env.DB.prepare("INSERT INTO leads (name, name_key, first_key, phone, product, product_key, rep_id, status, created_at, updated_at, last_contact_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    await env.DB.batch(rows.map((r, i) => insert.bind(r.name, foldName(r.name), foldName(r.name).split(" ")[0], r.phone, r.product ?? "sofa", foldName(r.product ?? "sofa"), r.rep, r.status ?? "active", TEST_EPOCH + i, TEST_EPOCH + i, TEST_EPOCH + i)));
  }
  const ids = async (query: string) => (await apiJson<{ id: number }[]>(`/leads${query}`)).map((l) => l.id);

  it("pages newest first: limit, then before the last one shown, until a short page", async () => {
    const [sam] = await setUpStore();
    await leadsOf(Array.from({ length: 7 }, (_, i) => ({ name: `Guest ${i + 1}`, phone: `+1646555${String(1000 + i)}`, rep: sam!.id })));
    expect(await ids("")).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(await ids("?limit=3")).toEqual([7, 6, 5]);
    expect(await ids("?limit=3&before=5")).toEqual([4, 3, 2]);
    expect(await ids("?limit=3&before=2")).toEqual([1]);
    expect(await ids("?limit=3&before=1")).toEqual([]);
  });

  it("filters by rep and searches names (any case, accents folded) and phone digits, with the status filter", async () => {
    const [sam, ana] = await setUpStore([{ name: "Sam", phone: "+12125550111" }, { name: "Ana", phone: "+12125550112" }]);
    await leadsOf([
      { name: "José Núñez", phone: "+16465551001", rep: sam!.id },
      { name: "Joseph Park", phone: "+16465551002", rep: ana!.id },
      { name: "Mary Jones", phone: "+16465552003", rep: sam!.id, status: "sold" },
      { name: "100% Wool Rugs", phone: "+16465552004", rep: ana!.id },
    ]);
    expect(await ids(`?rep=${ana!.id}`)).toEqual([4, 2]);
    expect(await ids("?q=Jos%C3%A9 N")).toEqual([1]);
    expect(await ids("?q=JOS")).toEqual([2, 1]);
    expect(await ids("?q=nunez")).toEqual([1]);
    expect(await ids("?q=(646) 555-2")).toEqual([4, 3]);
    expect(await ids("?q=2003")).toEqual([3]);
    expect(await ids(`?q=jo&rep=${sam!.id}`)).toEqual([3, 1]);
    expect(await ids("?q=jo&status=sold")).toEqual([3]);
    // Wildcards are the customer's words, not patterns; nothing searchable finds nothing.
    expect(await ids("?q=%25")).toEqual([]);
    expect(await ids("?q=_")).toEqual([]);
    expect(await ids("?q=  ")).toEqual([4, 3, 2, 1]);
  });

  it("searches a hyphenated name typed with a hyphen or a space, keyed or not", async () => {
    const [sam] = await setUpStore([{ name: "Sam", phone: "+12125550111" }]);
    await leadsOf([{ name: "Mary-Kate Olsen", phone: "+16465551001", rep: sam!.id }, { name: "Mary Katz", phone: "+16465551002", rep: sam!.id }]);
    expect(await ids("?q=mary-kate")).toEqual([1]);
    expect(await ids("?q=Mary Kate")).toEqual([1]);
    // A lead from before name keys (its key null): its lower-cased name, hyphens as spaces.
    await env.DB.prepare("UPDATE leads SET name_key = NULL, first_key = NULL").run();
    expect(await ids("?q=mary kate")).toEqual([1]);
  });

  it("searches past apostrophes in names, and by part of the product", async () => {
    const [sam] = await setUpStore();
    await leadsOf([
      { name: "Pat O'Brien", phone: "+16465551001", rep: sam!.id, product: "Walnut Dresser" },
      { name: "Dee D’Angelo", phone: "+16465551002", rep: sam!.id, product: "recliner" },
      { name: "Obi Lane", phone: "+16465551003", rep: sam!.id, product: "sofa" },
      { name: "Ava Roe", phone: "+16465551004", rep: sam!.id, product: "Café table" },
      { name: "Bo Lee", phone: "+16465551005", rep: sam!.id, product: '55" TV stand, grey' },
      { name: "Al Day", phone: "+16465551006", rep: sam!.id, product: "Élan lamp" },
    ]);
    expect(await ids("?q=Élan")).toEqual([6]);
    expect(await ids("?q=Élan LAMP")).toEqual([6]);
    expect(await ids("?q=Café table")).toEqual([4]);
    expect(await ids("?q=café")).toEqual([4]);
    expect(await ids(`?q=${encodeURIComponent('55" tv')}`)).toEqual([5]);
    expect(await ids(`?q=${encodeURIComponent("stand, grey")}`)).toEqual([5]);
    expect(await ids("?q=obrien")).toEqual([1]);
    expect(await ids("?q=o'brien")).toEqual([1]);
    expect(await ids("?q=dangelo")).toEqual([2]);
    expect(await ids("?q=d'angelo")).toEqual([2]);
    expect(await ids("?q=ob")).toEqual([3, 1]);
    expect(await ids("?q=dresser")).toEqual([1]);
    expect(await ids("?q=RECLINER")).toEqual([2]);
    expect(await ids("?q=sofa")).toEqual([3]);
    expect(await ids("?q=table")).toEqual([4]);
    // Accents folded on both sides (the product's key).
    expect(await ids("?q=cafe")).toEqual([4]);
    expect(await ids("?q=CAFÉ")).toEqual([4]);
    expect(await ids("?q=elan")).toEqual([6]);
    expect(await ids("?q=élan")).toEqual([6]);
    // A lead written before the product had a key is still found by its product in lower case.
    await env.DB.prepare("INSERT INTO leads (name, phone, product, rep_id, status, created_at, updated_at) VALUES ('Old Row', '+16465551007', 'Oak Bench', ?, 'active', ?, ?)").bind(sam!.id, TEST_EPOCH, TEST_EPOCH).run();
    expect(await ids("?q=oak bench")).toEqual([7]);
  });

  it("searches by a long name or product, up to the 100 characters a search takes (D1 refuses a LIKE pattern over 50 bytes)", async () => {
    const [sam] = await setUpStore();
    const longName = "Bartholomew-Alexander Wolfeschlegelsteinhausenbergerdorff";
    const longProduct = `${"Ünique hand-carved reclaimed-teak ".repeat(2)}dining table with eight matching chairs`.slice(0, 100);
    await leadsOf([
      { name: longName, phone: "+16465551001", rep: sam!.id },
      { name: "Ann Lee", phone: "+16465551002", rep: sam!.id, product: longProduct },
    ]);
    expect(await ids(`?q=${encodeURIComponent(longName)}`)).toEqual([1]);
    expect(await ids(`?q=${encodeURIComponent(longName.toUpperCase())}`)).toEqual([1]);
    expect(await ids(`?q=${encodeURIComponent(longProduct)}`)).toEqual([2]);
    expect(await ids(`?q=${encodeURIComponent(longProduct.toLowerCase())}`)).toEqual([2]);
    expect(await ids(`?q=${encodeURIComponent("é".repeat(100))}`)).toEqual([]);
    expect(await ids(`?q=${"6".repeat(100)}`)).toEqual([]);
  });

  it("a page's leads carry their own last message", async () => {
    const [sam] = await setUpStore();
    await leadsOf([{ name: "Ann", phone: "+16465551001", rep: sam!.id }, { name: "Bo", phone: "+16465551002", rep: sam!.id }]);
    const message = env.DB.prepare("INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('in', 'customer', ?, ?, ?, ?, ?, '[]', 'received', ?)");
    await env.DB.batch([message.bind(1, sam!.id, "+16465551001", STORE_NUMBER, "Ann here", TEST_EPOCH), message.bind(2, sam!.id, "+16465551002", STORE_NUMBER, "Bo here", TEST_EPOCH)]);
    const page = await apiJson<{ id: number; lastMessage: { body: string } | null }[]>("/leads?limit=1&before=2");
    expect(page.map((l) => [l.id, l.lastMessage?.body])).toEqual([[1, "Ann here"]]);
    // A follow-up canceled before it went (a sale came first) is not the last text: the lead's page does not show it either.
    await env.DB.prepare("INSERT INTO messages (direction, kind, lead_id, rep_id, from_number, to_number, body, media, status, at) VALUES ('out', 'series', 1, ?, ?, ?, 'Hi Ann', '[]', 'canceled', ?)")
      .bind(sam!.id, STORE_NUMBER, "+16465551001", TEST_EPOCH + 1)
      .run();
    const again = await apiJson<{ id: number; lastMessage: { body: string } | null }[]>("/leads?limit=1&before=2");
    expect(again.map((l) => [l.id, l.lastMessage?.body])).toEqual([[1, "Ann here"]]);
  });

  it.each([["limit=0", "limit"], ["limit=501", "limit"], ["limit=ten", "limit"], ["before=-1", "before"], ["before=1.5", "before"], ["rep=sam", "rep"], [`q=${"x".repeat(101)}`, "q"]])(
    "GET /leads?%s is a 400 naming %s",
    async (query, path) => {
      const res = await api(`/leads?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
    },
  );
});

describe("series steps with words for a photo", () => {
  it("keeps bodyWithPhoto beside body, and the defaults carry one for the first step", async () => {
    const defaults = await apiJson<{ steps: { photo?: boolean; bodyWithPhoto?: string }[] }>("/series/beback");
    expect(defaults.steps[0]).toMatchObject({ photo: true, bodyWithPhoto: expect.stringContaining("Here's the {product}") });
    const steps = [{ after: "20m", photo: true, body: "Hi {first_name}, thanks for coming in!", bodyWithPhoto: "Hi {first_name}, here's the {product}!" }, { after: "1d", body: "Any questions?" }];
    expect(await apiJson("/series/beback", { method: "PUT", body: { steps } })).toEqual({ key: "beback", steps });
    expect((await apiJson<{ steps: unknown[] }>("/series/beback")).steps).toEqual(steps);
  });

  it.each([
    [[{ after: "20m", body: "Hi", bodyWithPhoto: "Here it is" }], "steps.0.bodyWithPhoto"],
    [[{ after: "20m", photo: true, body: "Hi", bodyWithPhoto: "Here's {price}" }], "steps.0.bodyWithPhoto"],
    [[{ after: "20m", photo: true, body: "Hi", bodyWithPhoto: "" }], "steps.0.bodyWithPhoto"],
    [[{ after: "20m", body: "Hi\u0000 there" }], "steps.0.body"],
    [[{ after: "20m", body: "Hi", photo: true, bodyWithPhoto: "Here\ufffe it is" }], "steps.0.bodyWithPhoto"],
    [[{ after: "20m", body: "Hi \ud83d" }], "steps.0.body"],
  ])("refuses %j at %s and changes nothing", async (steps, path) => {
    const before = await snapshot();
    const res = await api("/series/beback", { method: "PUT", body: { steps } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path)).toContain(path);
    expect(await snapshot()).toBe(before);
  });

  it("takes back what GET answered, key and all, and refuses another series' key", async () => {
    const got = await apiJson<{ key: string; steps: unknown[] }>("/series/aftersale");
    expect(await apiJson("/series/aftersale", { method: "PUT", body: got })).toEqual(got);
    const before = await snapshot();
    const res = await api("/series/beback", { method: "PUT", body: got });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid input", issues: [{ path: "key", message: "must be beback, the series in the address" }] });
    expect(await snapshot()).toBe(before);
  });

  it("saves a delay as meant: \" 3 d\" and \"03d\" are 3d", async () => {
    const steps = [{ after: " 20 m", body: "Hi" }, { after: "3 d ", body: "Any questions?" }, { after: "007d", body: "A week on" }];
    const saved = { key: "beback", steps: [{ after: "20m", body: "Hi" }, { after: "3d", body: "Any questions?" }, { after: "7d", body: "A week on" }] };
    expect(await apiJson("/series/beback", { method: "PUT", body: { steps } })).toEqual(saved);
    expect(await apiJson("/series/beback")).toEqual(saved);
  });

  it("keeps a step's line breaks, tabs and emoji", async () => {
    const steps = [{ after: "20m", body: "Hi {first_name}!\n\nOur hours:\tMon–Sat 10–7 😊" }];
    expect(await apiJson("/series/beback", { method: "PUT", body: { steps } })).toEqual({ key: "beback", steps });
  });
});
