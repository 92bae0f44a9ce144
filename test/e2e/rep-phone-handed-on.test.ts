// A rep's phone passed on, through `npm start` with signed webhooks and a fake Twilio: a plain
// reply goes to the customer whose text that rep received last, looked up by the rep, not by
// the phone. The new holder of a former rep's phone does not text the former rep's customers;
// a rep whose phone the owner changed answers from the new one.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, twimlMessages, type TwilioStore } from "./harness";

const STORE = "+12125550000";
const ANN = "+12125550111";
const BOB = "+16465550122";
const BOB_NEW = "+16465550133";
const KIM = "+12125550178";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE });
});
afterAll(() => store?.stop());

/** A signed text to the store number; the TwiML answer's texts. */
async function text(from: string, body: string): Promise<string[]> {
  const res = await store.text(from, body);
  expect(res.status).toBe(200);
  return twimlMessages(await res.text());
}

async function api<T>(path: string, method: string, json?: unknown): Promise<T> {
  const res = await store.beback.api(path, { method, ...(json === undefined ? {} : { json }) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const toKim = () => store.twilio.messages().filter((m) => m.to === KIM);

it("the rep given a former rep's phone does not reach the former rep's customers; a rep on a new phone answers the customer who just wrote", { timeout: 120_000 }, async () => {
  await api("/api/settings", "PUT", { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York" });
  const ann = await api<{ id: number }>("/api/reps", "POST", { name: "Ann", phone: ANN });
  const bob = await api<{ id: number }>("/api/reps", "POST", { name: "Bob", phone: BOB });
  expect((await text(ANN, "new Kim 212-555-0178 chair"))[0]).toMatch(/^✓ Kim #\d+/);
  const kim = (await api<{ id: number; phone: string }[]>("/api/leads", "GET")).find((l) => l.phone === KIM)!.id;
  await text(KIM, "Does it recline?");
  await store.twilio.waitForMessage((m) => m.to === ANN && m.body.includes("Does it recline?"));

  // The owner hands Ann's leads to Bob, removes Ann, and gives her phone to Cat.
  await api(`/api/reps/${ann.id}/handover`, "POST", { toRepId: bob.id });
  await api(`/api/reps/${ann.id}`, "DELETE");
  await api("/api/reps", "POST", { name: "Cat", phone: ANN });
  expect(await text(ANN, "Hi! This is Cat, just testing my phone")).toEqual([`Who is this for? Start with @name or #id, e.g. "@Jane see you Saturday". Text help for commands.`]);
  expect(await text(ANN, `#${kim} hello`)).toEqual([`#${kim} is Bob's customer: nothing was sent. Text list to see yours.`]);

  // Kim writes again: Bob, her rep now, gets it; the owner then changes Bob's phone, and his
  // plain reply from the new one reaches her.
  await text(KIM, "And in leather?");
  await store.twilio.waitForMessage((m) => m.to === BOB && m.body.includes("And in leather?"));
  await api(`/api/reps/${bob.id}`, "PATCH", { phone: BOB_NEW });
  expect((await text(BOB_NEW, "Yes, in brown leather"))[0]).toMatch(new RegExp(`^✓ Sent to Kim #${kim}\\.`));
  // Only Bob's words reached Kim (with the store's first-contact line), none of Cat's.
  expect(toKim().map((m) => m.body)).toEqual([expect.stringMatching(/^Yes, in brown leather/)]);
});

it("a rep made inactive: the customer waiting for their answer goes to a rep who is in, with her words (routing audit)", { timeout: 120_000 }, async () => {
  const dan = await api<{ id: number }>("/api/reps", "POST", { name: "Dan", phone: "+12125550144" });
  const eve = await api<{ id: number }>("/api/reps", "POST", { name: "Eve", phone: "+12125550155" });
  // Only Dan and Eve are in: Bob and Cat step out for this one.
  for (const r of await api<{ id: number; name: string }[]>("/api/reps", "GET")) if (r.id !== dan.id && r.id !== eve.id) await api(`/api/reps/${r.id}`, "PATCH", { active: false });
  const LIV = "+12125550166";
  expect((await text("+12125550144", "new Liv 212-555-0166 ottoman"))[0]).toMatch(/^✓ Liv #\d+/);
  await text(LIV, "Is the ottoman washable?");
  await store.twilio.waitForMessage((m) => m.to === "+12125550144" && m.body.includes("Is the ottoman washable?"));
  await api(`/api/reps/${dan.id}`, "PATCH", { active: false });
  const moved = await store.twilio.waitForMessage((m) => m.to === "+12125550155" && m.body.includes("Is the ottoman washable?"));
  expect(moved.body).toMatch(/^\[Was Dan's customer, now yours: Dan is not an active rep\] Liv \(ottoman\) #\d+: Is the ottoman washable\?$/);
  expect((await text("+12125550155", "Yes, the cover comes off"))[0]).toMatch(/^✓ Sent to Liv #\d+\./);
});
