// A customer's own date: which texts get a `later` suggestion, which do not (false-positive
// traps), the suggestion read back by the rep's own parser, and the two-segment rule.
import { describe, expect, it } from "vitest";
import { countSegments } from "./segments";
import { findReturnDate, laterSuggestion, withLaterSuggestion } from "./customer-date";
import type { LeadSummary } from "./lead-match";
import { parseRepText } from "./parse-command";

const NY = "America/New_York";
const NOW = Date.parse("2026-11-23T14:00:00-05:00"); // Monday Nov 23 2026, 14:00 in New York
const JANE: LeadSummary = { id: 12, name: "Jane Doe", phone: "+12125550100", product: "recliner", status: "active", lastContactAt: null, createdAt: 1 };

// [customer's text, what the rep would text after "later #12 ", the confirmation's day]
const SUGGESTED: [string, string, string][] = [
  ["call me after the 15th", "dec 16", "Wed Dec 16"],
  ["Call me after the 15th, I get paid then", "dec 16", "Wed Dec 16"],
  ["Back from vacation next week", "nov 30", "Mon Nov 30"],
  ["ask me in a month", "dec 23", "Wed Dec 23"],
  ["Can you text me in 2 weeks?", "dec 7", "Mon Dec 7"],
  ["text me in 2 wks pls", "dec 7", "Mon Dec 7"],
  ["I'm traveling until the 5th, call me then", "dec 5", "Sat Dec 5"],
  ["Maybe next month", "dec 1", "Tue Dec 1"],
  ["Not until after Christmas", "dec 26", "Sat Dec 26"],
  ["We get paid on the 1st, reach out then", "dec 1", "Tue Dec 1"],
  ["Check back with me after Thanksgiving", "nov 27", "Fri Nov 27"],
  ["Give me a couple weeks to think about it", "dec 7", "Mon Dec 7"],
  ["I'll be back in town mid december", "dec 15", "Tue Dec 15"],
  ["text me tomorrow afternoon", "nov 24 2pm", "Tue Nov 24 2pm"],
  // The time before the day (the reader takes it with the day since the time audit): suggested at that hour.
  ["text me at 9am tomorrow", "nov 24 9am", "Tue Nov 24 9am"],
  ["text me 9 a.m tomorrow", "nov 24 9am", "Tue Nov 24 9am"],
  ["Busy this week, try me next friday", "dec 4", "Fri Dec 4"],
  ["After the holidays works better for us", "jan 2 2027", "Sat Jan 2 2027"],
  ["Not ready yet, maybe in a few days", "nov 26", "Thu Nov 26"],
  ["Can you call me on 12/16?", "dec 16", "Wed Dec 16"],
  ["contact me in 3 mos", "feb 23 2027", "Tue Feb 23 2027"],
  ["Yes, next week", "nov 30", "Mon Nov 30"],
  ["I’ll stop by Saturday", "nov 28", "Sat Nov 28"],
  ["We're moving, reach out in a fortnight", "dec 7", "Mon Dec 7"],
  ["Ask me again after Labor Day", "sep 7 2027", "Tue Sep 7 2027"],
  ["hit me up 2 weeks from now", "dec 7", "Mon Dec 7"],
  ["Tomorrow", "nov 24", "Tue Nov 24"],
  ["call me the day after tomorrow", "nov 25", "Wed Nov 25"],
  ["I'll be free early next month, text me", "dec 1", "Tue Dec 1"],
  ["Out of town till Dec 10. Call me after", "dec 10", "Thu Dec 10"],
  ["Text me sat 2pm", "nov 28 2pm", "Sat Nov 28 2pm"],
  ["Can you call me sat 10:30am?", "nov 28 10:30am", "Sat Nov 28 10:30am"],
  ["Good morning! Call me next week", "nov 30", "Mon Nov 30"],
  ["call me next week, we have 3 kids to ask", "nov 30", "Mon Nov 30"],
  // Words that look like a time of day and are not one.
  ["I am out of town until next Monday, call me then", "nov 30", "Mon Nov 30"],
  ["I am traveling, text me next week", "nov 30", "Mon Nov 30"],
  ["Good evening! Call me next week", "nov 30", "Mon Nov 30"],
  ["Good afternoon, text me after Christmas", "dec 26", "Sat Dec 26"],
  ["I'm at lunch, text me next week", "nov 30", "Mon Nov 30"],
  ["text me next week, it fits by 2 inches", "nov 30", "Mon Nov 30"],
];

const NOT_SUGGESTED: string[] = [
  "I'm 15th in line",
  "May I ask what the price is?",
  "may I stop by?",
  "I sat on it last night and loved it",
  "The second one is nicer",
  "One day I'll buy it",
  "It's 3/4 the size of mine",
  "I bought a sofa 2 weeks ago",
  "Happy new year!",
  "Have a good night, call me next week", // a greeting
  "Merry Christmas, call me after the holidays",
  "Thanks! Have a great weekend",
  "We waited a month for delivery last time",
  "Is it still available?",
  "call me at 3pm",
  "call me tonight",
  "Call me next week or the week after",
  "Call me monday or tuesday",
  "I'll come in saturday, or maybe sunday",
  "I've been busy since monday",
  "every friday I'm off, come by then",
  "Can you deliver by friday?",
  "Is the sale still on next week?",
  "Will it be in stock in a month?",
  "call me, my number changed",
  "Sounds good, thanks!",
  "Call me sometime",
  "I can come in soon",
  "Text me in 2-3 weeks",
  "Call me nov 20",
  "April and I will come by together",
  "June said you'd call me",
  "How much is the March model?",
  "Wed.",
  "stop by tomorrow?",
  "Can I come in saturday?",
  "Next week?",
  // A time of day the date phrase leaves out: a suggestion at 10:00 would pause until the wrong hour.
  "Can you call me tomorrow after 5pm?",
  "call me tomorrow at 9",
  "text me friday around 5 pm",
  "call me after 6:30 on friday",
  "call me monday eod",
  "call me friday from 2",
  "text me friday lunchtime",
  "text me tomorrow after lunch",
  "",
];

describe("a customer's date becomes a later suggestion", () => {
  it.each(SUGGESTED)("%j → later #12 %s (%s)", (text, phrase, label) => {
    const found = findReturnDate(text, NOW, NY);
    expect(found).toMatchObject({ laterPhrase: phrase, label });
    expect(laterSuggestion(12, found!)).toBe(`Reply "later #12 ${phrase}" to pause until ${label}`);
  });

  it.each(NOT_SUGGESTED)("%j → no suggestion", (text) => {
    expect(findReturnDate(text, NOW, NY)).toBeNull();
  });

  it("a numeric date is read as the store's country writes it, and left alone where it could be either", () => {
    // NOW: Monday Nov 23 2026 in New York.
    expect(findReturnDate("text me on 8/12 please", NOW, NY, "md")).toMatchObject({ laterPhrase: "aug 12 2027" });
    expect(findReturnDate("text me on 8/12 please", NOW, NY, "dm")).toMatchObject({ laterPhrase: "dec 8" });
    expect(findReturnDate("text me on 8/12 please", NOW, NY, "either")).toBeNull();
    expect(findReturnDate("text me on 25/12 please", NOW, NY, "either")).toMatchObject({ laterPhrase: "dec 25" });
  });

  it("has many rows on both sides", () => {
    expect(SUGGESTED.length).toBeGreaterThanOrEqual(25);
    expect(NOT_SUGGESTED.length).toBeGreaterThanOrEqual(30);
  });
});

describe("the suggestion is exactly what the rep's parser reads back to the same moment", () => {
  const ctx = (now: number) => ({ leads: [JANE], now, timeZone: NY, defaultCountry: "US" as const, repPhone: "+12125550111" });
  // Sent at once, six hours later (past midnight), and two days later.
  it.each(SUGGESTED.flatMap(([text]) => [0, 6, 48].map((hours) => [text, hours] as const)))("%j, rep answers after %i h", (text, hours) => {
    const found = findReturnDate(text, NOW, NY)!;
    const typed = /Reply "([^"]+)"/.exec(laterSuggestion(JANE.id, found))?.[1] ?? "";
    const answer = parseRepText(typed, ctx(NOW + hours * 3_600_000));
    if (found.at <= NOW + hours * 3_600_000) {
      expect(answer.ok).toBe(false); // the day has come: the rep is asked, not paused to a year from now
      return;
    }
    expect(answer).toEqual({ ok: true, command: { kind: "later", leadId: 12, at: found.at, label: found.label } });
  });

  it("across a year end and a DST change", () => {
    const dec30 = Date.parse("2026-12-30T15:00:00-05:00");
    const found = findReturnDate("call me after the 15th", dec30, NY)!;
    expect(found.laterPhrase).toBe("jan 16 2027");
    expect(parseRepText(`later #12 ${found.laterPhrase}`, ctx(dec30))).toMatchObject({ ok: true, command: { at: found.at } });
    const mar10 = Date.parse("2027-03-10T15:00:00-05:00");
    const spring = findReturnDate("text me next week", mar10, NY)!;
    expect(new Date(spring.at).toISOString()).toBe("2027-03-15T14:00:00.000Z"); // 10:00 EDT
    expect(parseRepText(`later #12 ${spring.laterPhrase}`, ctx(mar10))).toMatchObject({ ok: true, command: { at: spring.at } });
  });
});

describe("the forward keeps the rep's two-segment rule: the customer's words first", () => {
  const forward = (body: string) => `Jane Doe (recliner) #12: ${body}`;

  it("a short reply gets the suggestion on its own line", () => {
    const text = "call me after the 15th";
    expect(withLaterSuggestion(forward(text), JANE, text, NOW, NY, "US")).toBe(`${forward(text)}\nReply "later #12 dec 16" to pause until Wed Dec 16`);
  });

  it.each([
    ["a long GSM-7 reply", `${"We love the recliner but need to measure the room first. ".repeat(4)}Call me after the 15th`],
    ["a reply with an emoji (UCS-2: 134 characters in two segments)", `Love it 😍 but we need to talk it over with my wife first, she is away. Call me after the 15th please`],
  ])("%s: no suggestion rather than a cut", (_, text) => {
    expect(findReturnDate(text, NOW, NY)).not.toBeNull();
    expect(withLaterSuggestion(forward(text), JANE, text, NOW, NY, "US")).toBe(forward(text));
  });

  it("every suggestion it adds stays within two segments, at every length", () => {
    for (let pad = 0; pad < 320; pad += 7) {
      const text = `${"x".repeat(pad)} call me after the 15th`;
      const out = withLaterSuggestion(forward(text), JANE, text, NOW, NY, "US");
      expect(out.startsWith(forward(text))).toBe(true);
      if (out !== forward(text)) expect(countSegments(out).segments).toBeLessThanOrEqual(2);
      else expect(countSegments(`${forward(text)}\nReply "later #12 dec 16" to pause until Wed Dec 16`).segments).toBeGreaterThan(2);
    }
  });

  it.each(["lost", "sold", "optedout"])("a %s lead gets no suggestion (later cannot pause it)", (status) => {
    const text = "call me after the 15th";
    expect(withLaterSuggestion(forward(text), { id: 12, status }, text, NOW, NY, "US")).toBe(forward(text));
  });
});
