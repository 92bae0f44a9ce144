import { describe, expect, it } from "vitest";
import { describeMatches, type LeadSummary, matchLead, nameKeys, type RefKeys, refKeys } from "./lead-match";

const lead = (id: number, name: string, phone: string, product = ""): LeadSummary => ({ id, name, phone, product, status: "active", lastContactAt: null, createdAt: id });
const LEADS = [lead(12, "Jane Doe", "+12125550100", "recliner"), lead(15, "Jane Roe", "+16465550155", "sofa"), lead(20, "Bob Smith", "+13475550120"), lead(21, "José Núñez", "+12125550121"), lead(30, "Mary-Kate O'Neil", "+12125550130")];

describe("matchLead", () => {
  it.each([
    ["#12", [12]], ["# 15", [15]], ["#99", []], ["jane doe", [12]], ["JANE ROE", [15]], ["  jane   doe ", [12]],
    ["jane", [12, 15]], ["bob", [20]], ["Bob.", [20]], ["jose", [21]], ["José Núñez", [21]], ["0100", [12]],
    ["555-0120", [20]], ["0155", [15]], ["12", []], ["mary-kate", [30]], ["Mary-Kate O’Neil", [30]], ["zed", []], ["", []],
    // A space where the name has a hyphen, or the other way: the same name. Not a first name's half.
    ["mary kate", [30]], ["Mary Kate O'Neil", [30]], ["mary-kate-o'neil", [30]], ["mary", []], ["jane-doe", [12]], ["bob-smith", [20]],
  ])("%j → %j", (ref, ids) => {
    const m = matchLead(ref, LEADS, "US");
    const found = m.kind === "one" ? [m.lead.id] : m.kind === "many" ? m.leads.map((l) => l.id) : [];
    expect(found).toEqual(ids);
  });

  it("Ann and Ann-Marie: \"ann marie\" is Ann-Marie, \"ann\" is Ann", () => {
    const anns = [lead(1, "Ann", "+12125550101"), lead(2, "Ann-Marie", "+12125550102"), lead(3, "Jean", "+12125550103"), lead(4, "Jean Paul", "+12125550104")];
    const ids = (ref: string) => {
      const m = matchLead(ref, anns, "US");
      return m.kind === "one" ? [m.lead.id] : m.kind === "many" ? m.leads.map((l) => l.id) : [];
    };
    expect([ids("ann marie"), ids("Ann-Marie"), ids("ann"), ids("jean-paul"), ids("jean paul"), ids("jean")]).toEqual([[2], [2], [1], [4], [4], [3, 4]]);
  });

  it("a name that is one lead's whole name and another's first name names both: Beback asks", () => {
    const moes = [lead(64, "Moe", "+12125550164"), lead(83, "Moe Baker", "+12125550183"), lead(90, "Jane", "+12125550190"), ...LEADS];
    const ids = (ref: string) => {
      const m = matchLead(ref, moes, "US");
      return m.kind === "one" ? [m.lead.id] : m.kind === "many" ? m.leads.map((l) => l.id) : [];
    };
    expect(ids("moe")).toEqual([64, 83]);
    expect(ids("moe baker")).toEqual([83]);
    expect(ids("jane")).toEqual([90, 12, 15]);
  });

  it.each<[string, "GB" | "DE" | "AU" | "US", number[]]>([
    // The whole number as the rep dials it at home, trunk 0 and spaces included.
    ["07911 123456", "GB", [1]], ["07911123456", "GB", [1]], ["(07911) 123-456", "GB", [1]], ["+44 7911 123456", "GB", [1]], ["7911 123456", "GB", [1]],
    ["123456", "GB", [1, 2]], ["3456", "GB", [1, 2]], ["07700 123456", "GB", [2]], ["07911 999999", "GB", []], ["+44 (0)7911 123456", "US", [1]],
    // Read in the store's country only: a German store's 0… is a German number.
    ["07911 123456", "DE", []], ["0151 23456789", "DE", [3]], ["01512 3456789", "DE", [3]], ["0412 345 678", "AU", [4]],
    ["0412 345 678", "US", []], ["2125550100", "US", [5]], ["1 212 555 0100", "US", [5]],
  ])("%j in %s → %j", (ref, country, ids) => {
    const abroad = [lead(1, "Jane", "+447911123456"), lead(2, "Kit", "+447700123456"), lead(3, "Hans", "+4915123456789"), lead(4, "Kim", "+61412345678"), lead(5, "Al", "+12125550100")];
    const m = matchLead(ref, abroad, country);
    expect(m.kind === "one" ? [m.lead.id] : m.kind === "many" ? m.leads.map((l) => l.id) : []).toEqual(ids);
  });

  it("describes matches with their #ids", () => {
    expect(describeMatches(LEADS.slice(0, 2))).toBe("#12 Jane Doe (recliner), #15 Jane Roe (sofa)");
  });
});

describe("refKeys: what D1 looks up for the references", () => {
  it.each<[string[], RefKeys]>([
    [["#12"], { ids: [12], phoneTails: [], names: [] }],
    [["# 15,"], { ids: [15], phoneTails: [], names: [] }],
    [["555-0100"], { ids: [], phoneTails: ["0100"], names: [] }],
    [["(212) 555-0100"], { ids: [], phoneTails: ["0100"], names: [] }],
    [["07911 123456"], { ids: [], phoneTails: ["3456"], names: [] }],
    [["12"], { ids: [], phoneTails: [], names: [] }],
    // A name's key has its hyphens as spaces: "ann-marie" and "ann marie" are one key.
    [["Jane Doe.", "jane", "JANE DOE"], { ids: [], phoneTails: [], names: ["jane doe", "jane"] }],
    [["José  Núñez"], { ids: [], phoneTails: [], names: ["jose nunez"] }],
    [["Mary-Kate O’Neil"], { ids: [], phoneTails: [], names: ["mary kate o'neil"] }],
    [["Ann Marie", "ann-marie"], { ids: [], phoneTails: [], names: ["ann marie"] }],
    [["", "!!", "😍"], { ids: [], phoneTails: [], names: [] }],
  ])("%j → %j", (refs, keys) => {
    expect(refKeys(refs)).toEqual(keys);
  });

  it("a lead's stored keys are its folded full and first name", () => {
    expect(nameKeys("  José   Núñez ")).toEqual({ nameKey: "jose nunez", firstKey: "jose" });
    expect(nameKeys("Mary-Kate O’Neil")).toEqual({ nameKey: "mary kate o'neil", firstKey: "mary kate" });
  });
});
