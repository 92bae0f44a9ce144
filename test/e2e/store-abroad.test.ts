// A British store through `npm start` with a fake Twilio on loopback, where an audit of a store
// outside the US found it wanting: numeric dates read the American way round (a rep's
// `later Jane 8/12` and a customer's "text me on 8/12" became 12 August), and a refused phone
// answered with a US example. The year is always next year's, so no date here depends on
// today's. One server for the file; the tests build on each other, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwilioStore, twimlMessages, type TwilioStore } from "./harness";

const STORE = "+447480123456";
const OLIVER = "+447911123456";
const JANE = "+447723456789";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

let store: TwilioStore;
beforeAll(async () => {
  store = await startTwilioStore({ storeNumber: STORE });
});
afterAll(() => store?.stop());

const answers = async (res: Response | Promise<Response>) => twimlMessages(await (await res).text());

describe("a British store", () => {
  it("set up as the README says for a store abroad: numbers typed the British way are read, and a refused one names the country", async () => {
    const settings = await store.beback.api("/api/settings", { method: "PUT", json: { storeName: "Hartley & Sons", storeNumber: "07480 123456", timezone: "Europe/London", quietHours: null, defaultCountry: "GB" } });
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ storeNumber: STORE, defaultCountry: "GB" });
    const oliver = await store.beback.api("/api/reps", { method: "POST", json: { name: "Oliver", phone: "07911 123456" } });
    expect(oliver.status).toBe(201);
    expect(await oliver.json()).toMatchObject({ phone: OLIVER });
    const refused = await store.beback.api("/api/reps", { method: "POST", json: { name: "Zed", phone: "07911 654321" } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ issues: [{ path: "phone", message: "must be a mobile number that can get texts: a GB number, or one with its country code (+44 …)" }] });
  });

  it("a rep's later 8/12 is 8 December", async () => {
    expect((await answers(store.text(OLIVER, "new Jane 07723 456789 sideboard")))[0]).toMatch(/^✓ Jane #\d+ · \+44 7723 456789 · sideboard\./);
    const [paused] = await answers(store.text(OLIVER, `later Jane 8/12/${NEXT_YEAR}`));
    expect(paused).toMatch(new RegExp(`^✓ Jane #\\d+ paused until \\w{3} Dec 8 ${NEXT_YEAR}\\.`));
  });

  it("a customer's own 8/12 is suggested as dec 8, the month spelled out", async () => {
    await answers(store.text(JANE, `Lovely, could you text me on 8/12/${NEXT_YEAR} please, I'm at work til then`));
    const forward = await store.twilio.waitForMessage((m) => m.to === OLIVER && m.body.includes("at work til then"), 15_000);
    expect(forward.body).toMatch(new RegExp(`Reply "later #\\d+ dec 8 ${NEXT_YEAR}" to pause until \\w{3} Dec 8 ${NEXT_YEAR}$`));
  });
});
