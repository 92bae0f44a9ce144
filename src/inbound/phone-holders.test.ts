import { describe, expect, it } from "vitest";
import type { PhoneHolders } from "../db/lead-changes";
import type { LeadWithRepName } from "../db/lead-queries";
import type { Rep } from "../db/schema";
import { closedNumberHolder, closedNumberText, holderOf, holderText } from "./phone-holders";

const STORE = "+12125550000";
const PHONE = "+12128675318";
const rep = (id: number, name: string): Rep => ({ id, name, phone: PHONE, active: true }) as Rep;
const lead = (id: number, repId: number, repName: string): LeadWithRepName => ({ id, repId, repName, name: "Jane Doe", product: "sofa", phone: PHONE }) as LeadWithRepName;
const none: PhoneHolders = { open: [], rep: undefined, afterSale: [] };

describe("holderOf: whose a customer's number is already (rep 1 asking)", () => {
  it.each<[string, string, PhoneHolders, number | undefined, ReturnType<typeof holderOf>]>([
    ["nobody's", PHONE, none, undefined, null],
    ["the store's own number", STORE, none, undefined, { kind: "store" }],
    ["the rep's own phone", PHONE, { open: [], rep: rep(1, "Sam"), afterSale: [] }, undefined, { kind: "you" }],
    ["another rep's phone", PHONE, { open: [], rep: rep(2, "Kim Lee"), afterSale: [] }, undefined, { kind: "rep", name: "Kim Lee" }],
    ["the rep's own open lead", PHONE, { open: [lead(7, 1, "Sam")], rep: undefined, afterSale: [] }, undefined, { kind: "lead", lead: lead(7, 1, "Sam"), mine: true }],
    ["another rep's open lead", PHONE, { open: [lead(8, 2, "Kim Lee")], rep: undefined, afterSale: [] }, undefined, { kind: "lead", lead: lead(8, 2, "Kim Lee"), mine: false }],
    ["both: the rep's own first", PHONE, { open: [lead(8, 2, "Kim Lee"), lead(7, 1, "Sam")], rep: undefined, afterSale: [] }, undefined, { kind: "lead", lead: lead(7, 1, "Sam"), mine: true }],
    ["the lead being fixed itself", PHONE, { open: [lead(7, 1, "Sam")], rep: undefined, afterSale: [] }, 7, null],
  ])("%s", (_what, phone, holders, except, holder) => {
    expect(holderOf(phone, STORE, 1, holders, except)).toEqual(holder);
  });
});

describe("holderText", () => {
  it.each<[Parameters<typeof holderText>[1], string]>([
    [{ kind: "store" }, "(212) 867-5318 is the store's own number. Use the customer's own cell, e.g. new Jane 555-0100 recliner"],
    [{ kind: "you" }, "(212) 867-5318 is your own phone. Use the customer's own cell, e.g. new Jane 555-0100 recliner"],
    [{ kind: "rep", name: "Kim Lee" }, "(212) 867-5318 is Kim Lee's phone (a rep). Use the customer's own cell, e.g. new Jane 555-0100 recliner"],
    [{ kind: "lead", lead: lead(7, 1, "Sam"), mine: true }, "Jane Doe (sofa) #7 already has (212) 867-5318. Text #7 and your words to reach them."],
    [{ kind: "lead", lead: lead(8, 2, "Kim Lee"), mine: false }, "(212) 867-5318 is already Kim Lee's customer Jane Doe (sofa) #8: one customer, one rep. Nothing changed."],
  ])("%j", (holder, text) => {
    expect(holderText(PHONE, holder, "new Jane 555-0100 recliner")).toBe(text);
  });

  it("the rep's own lead that texted in first and has no name yet: `new` is answered with how to name it", () => {
    const unnamed = { ...lead(7, 1, "Sam"), name: "Customer 5318", source: "inbound" } as LeadWithRepName;
    expect(holderText(PHONE, { kind: "lead", lead: unnamed, mine: true }, "new Jane 555-0100 recliner", "Ruth")).toBe(
      "(212) 867-5318 is your lead #7 already (they texted in first). Name them: fix #7 name Ruth. Text #7 and your words to reach them.",
    );
    // Named since, it is any lead of theirs.
    expect(holderText(PHONE, { kind: "lead", lead: { ...unnamed, name: "Ruth" }, mine: true }, "new Jane 555-0100 recliner", "Ruth")).toBe("Ruth (sofa) #7 already has (212) 867-5318. Text #7 and your words to reach them.");
  });
});

describe("closedNumberHolder: whose a closed lead's number is now (rep 1 asking for lead #3)", () => {
  const closed = { id: 3, name: "Jane Doe", phone: PHONE };
  const latest = (id: number, repId: number, status: string) => ({ ...lead(id, repId, repId === 1 ? "Sam" : "Kim Lee"), status }) as LeadWithRepName;
  it.each<[string, { phone?: string; latest?: LeadWithRepName; rep?: Rep }, ReturnType<typeof closedNumberHolder>, string | null]>([
    ["still its own (it is the number's latest lead)", { latest: latest(3, 1, "lost") }, null, null],
    ["still its own: a later lead of the number is lost too", { latest: latest(9, 2, "lost") }, null, null],
    ["another rep's customer now", { latest: latest(9, 2, "active") }, { kind: "lead", lead: latest(9, 2, "active"), mine: false }, "Jane #3's number is Kim Lee's customer now (#9)"],
    ["another rep's sale now", { latest: latest(9, 2, "sold") }, { kind: "lead", lead: latest(9, 2, "sold"), mine: false }, "Jane #3's number is Kim Lee's customer now (#9)"],
    ["the rep's own newer lead", { latest: latest(9, 1, "paused") }, { kind: "lead", lead: latest(9, 1, "paused"), mine: true }, "Jane #3's number is your lead #9 now"],
    ["a rep's phone now", { rep: rep(2, "Eve Kim"), latest: latest(3, 1, "lost") }, { kind: "rep", name: "Eve Kim" }, "Jane #3's number, (212) 867-5318, is Eve Kim's phone (a rep) now"],
    ["the asking rep's own phone now", { rep: rep(1, "Sam") }, { kind: "you" }, "Jane #3's number, (212) 867-5318, is your own phone now"],
    ["the store's number now", { phone: STORE }, { kind: "store" }, "Jane #3's number, (212) 555-0000, is the store's own number now"],
  ])("%s", (_what, { phone, latest: l, rep: r }, holder, text) => {
    const which = { ...closed, phone: phone ?? PHONE };
    expect(closedNumberHolder(which, 1, STORE, { latest: l, rep: r })).toEqual(holder);
    expect(holder && closedNumberText(which, holder)).toBe(text);
  });
});
