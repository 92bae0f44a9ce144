// A rep's `new` and lead references through the real `npm start`: where the number ends is
// never guessed (a number that reads two ways is asked about, and nobody is texted), an
// extension is not the product the customer reads, and a lead abroad is named by its number
// as the rep writes it at home.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, twimlMessages, type TwilioStore } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE });
  await ok(store.beback.api("/api/settings", { method: "PUT", json: { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null } }));
  await ok(store.beback.api("/api/reps", { method: "POST", json: { name: "Sam", phone: SAM } }));
  await ok(store.beback.api("/api/series/beback", { method: "PUT", json: { steps: [{ after: "2s", body: "Hi {first_name}, the {product} you liked is in stock." }] } }));
});
afterAll(() => store?.stop());

async function ok(res: Promise<Response>): Promise<Response> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return r;
}

/** Sam texts the store; Beback's one answer, unescaped. */
async function say(body: string): Promise<string> {
  const res = await store.text(SAM, body);
  expect(res.status).toBe(200);
  const answers = twimlMessages(await res.text());
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

const leads = async () => (await (await ok(store.beback.api("/api/leads"))).json()) as { name: string; phone: string; product: string; status: string }[];

it("a `new` whose number reads two ways is asked about: no lead, no text; said with a comma, it is the shorter number", async () => {
  expect(await say("new Al 321-4567 100 inch TV")).toBe(
    "Which number: (212) 321-4567 and \"100 inch TV\", or (321) 456-7100 and \"inch TV\"? Text it again with a comma after the number (321-4567, 100 inch TV) or the number without spaces (3214567100 inch TV).",
  );
  expect(await leads()).toEqual([]);

  expect(await say("new Al 321-4567, 100 inch TV")).toMatch(/^✓ Al #\d+ · \(212\) 321-4567 · 100 inch TV/);
  const first = await store.twilio.waitForMessage((m) => m.to === "+12123214567", 45_000);
  expect(first.body).toContain("Hi Al, the 100 inch TV you liked is in stock.");
  // The other reading was never texted.
  expect(store.twilio.messages().filter((m) => m.to === "+13214567100")).toEqual([]);
});

it("an extension after the number is not the product: the customer reads \"the sofa\"", async () => {
  expect(await say("new Cy 212-555-0199 ext. 12 sofa")).toMatch(/^✓ Cy #\d+ · \(212\) 555-0199 · sofa/);
  const first = await store.twilio.waitForMessage((m) => m.to === "+12125550199", 45_000);
  expect(first.body).toContain("Hi Cy, the sofa you liked is in stock.");
});

it("in a British store, a lead is named by its number written the British way", async () => {
  await ok(store.beback.api("/api/settings", { method: "PUT", json: { defaultCountry: "GB" } }));
  expect(await say("new Jane 07400 123456 sofa")).toMatch(/^✓ Jane #\d+ · \+44 7400 123456 · sofa/);
  expect(await say("note 07400 123456 likes tea")).toMatch(/^✓/);
  expect(await say("sold 07400 123456")).toMatch(/^✓/);
  expect((await leads()).find((l) => l.phone === "+447400123456")).toMatchObject({ name: "Jane", status: "sold" });
});
