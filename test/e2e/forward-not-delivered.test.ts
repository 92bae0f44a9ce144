// A customer's words that the carrier did not deliver to their rep's phone are not lost:
// through `npm start` with Twilio credentials (a fake Twilio on loopback), Tom's reply goes
// to Sam; Twilio's signed status callback says it was undelivered (30003, Sam's phone off);
// the words go to Kim, told whose customer Tom is, once; the owner's API shows the forward's
// fate (the page notes it under Tom's text: src/page/thread.ts).
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTwilioStore, type TwilioStore } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";
const KIM = "+16465550122";
const TOM = "+17185550613";

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE });
});
afterAll(() => store?.stop());

const text = (from: string, body: string) => store.text(from, body);
const status = (sid: string, MessageStatus: string, ErrorCode: string) => store.status(sid, { MessageStatus, ErrorCode });

async function ok(res: Promise<Response>): Promise<Response> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(200);
  return r;
}

it("a forward the carrier did not deliver to Sam goes to Kim, told whose customer it is, once", { timeout: 120_000 }, async () => {
  await ok(store.beback.api("/api/settings", { method: "PUT", json: { storeName: "Oak & Pine", storeNumber: STORE, timezone: "America/New_York", quietHours: null } }));
  for (const rep of [{ name: "Sam Rivera", phone: SAM }, { name: "Kim Lee", phone: KIM }]) expect((await store.beback.api("/api/reps", { method: "POST", json: rep })).status).toBe(201);
  await ok(text(SAM, "new Tom 718-555-0613 sofa"));
  const [lead] = (await (await store.beback.api("/api/leads")).json()) as { id: number }[];

  await ok(text(TOM, "is the grey one still in stock"));
  const forward = await store.twilio.waitForMessage((m) => m.to === SAM && m.body.includes("is the grey one still in stock"), 30_000);
  expect(forward.statusCallback).toBe(`${store.beback.url}/twilio/status`);

  await ok(status(forward.sid, "sent", ""));
  await ok(status(forward.sid, "undelivered", "30003"));
  const toKim = await store.twilio.waitForMessage((m) => m.to === KIM, 30_000);
  expect(toKim.body).toBe(`[Sam Rivera's customer; Sam's phone didn't get it (error 30003)] Tom (sofa) #${lead!.id}: is the grey one still in stock`);

  // Twilio may report the same failure again: nothing more is sent. Kim's copy failing too goes no further.
  await ok(status(forward.sid, "undelivered", "30003"));
  await ok(status(toKim.sid, "undelivered", "30003"));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(store.twilio.messages().filter((m) => m.to === KIM || m.to === SAM).map((m) => m.sid)).toEqual([forward.sid, toKim.sid]);

  // The owner sees both forwards and their fate in the lead's log.
  const detail = (await (await store.beback.api(`/api/leads/${lead!.id}`)).json()) as { messages: { kind: string; to: string; status: string; errorCode: string | null }[] };
  expect(detail.messages.filter((m) => m.kind === "forward").map((m) => [m.to, m.status, m.errorCode])).toEqual([
    [SAM, "undelivered", "30003"],
    [KIM, "undelivered", "30003"],
  ]);
});
