import { describe, expect, it } from "vitest";
import { FORMER_REPS, REPLY_WINDOW_MS, repliesToTexts, repStats, stepStats, type SentStep } from "./stats";

const SERIES = { beback: [{ after: "20m" }, { after: "18h" }, { after: "3d" }], aftersale: [{ after: "1d" }] };
const sent = (leadId: number, stepIndex: number, at: number, seriesKey: SentStep["seriesKey"] = "beback", status = "delivered"): SentStep => ({ leadId, seriesKey, stepIndex, at, status });
const H = 3_600_000;

describe("stepStats", () => {
  it("credits replies and sales to the last series text before them", () => {
    const stats = stepStats(
      SERIES,
      [sent(1, 0, 10), sent(1, 1, 20, "beback", "sent"), sent(2, 0, 10), sent(3, 0, 10, "beback", "undelivered"), sent(3, 1, 20), sent(3, 2, 30, "beback", "read"), sent(3, 0, 40, "aftersale")],
      [{ leadId: 1, at: 15 }, { leadId: 1, at: 16 }, { leadId: 3, at: 35 }, { leadId: 2, at: 5 }],
      [{ leadId: 3, at: 38, amountCents: 120000 }, { leadId: 2, at: 12 }],
    );
    expect(stats.beback).toEqual([
      { step: 0, after: "20m", sent: 3, delivered: 2, replied: 1, sold: 1, amountCents: 0 },
      { step: 1, after: "18h", sent: 2, delivered: 1, replied: 0, sold: 0, amountCents: 0 },
      { step: 2, after: "3d", sent: 1, delivered: 1, replied: 1, sold: 1, amountCents: 120000 },
    ]);
    expect(stats.aftersale).toEqual([{ step: 0, after: "1d", sent: 1, delivered: 1, replied: 0, sold: 0, amountCents: 0 }]);
  });

  it.each([
    ["a reply within 48 hours counts", REPLY_WINDOW_MS, 1],
    ["a reply a minute later does not", REPLY_WINDOW_MS + 60_000, 0],
  ])("%s", (_, delay, replied) => {
    expect(stepStats(SERIES, [sent(1, 0, 0)], [{ leadId: 1, at: delay }], []).beback[0]?.replied).toBe(replied);
  });

  it("counts only texts sent in the period, and what followed them", () => {
    const stats = stepStats(SERIES, [sent(1, 0, 0), sent(2, 0, 100 * H), sent(1, 1, 101 * H)], [{ leadId: 1, at: 1 * H }, { leadId: 2, at: 101 * H }], [{ leadId: 1, at: 102 * H, amountCents: 500 }], 50 * H);
    expect(stats.beback.map((s) => [s.sent, s.replied, s.sold, s.amountCents])).toEqual([[1, 1, 0, 0], [1, 0, 1, 500], [0, 0, 0, 0]]);
  });

  it("is all zeros with nothing sent", () => {
    expect(stepStats(SERIES, [], [], []).beback.every((s) => s.sent === 0 && s.delivered === 0 && s.replied === 0 && s.sold === 0 && s.amountCents === 0)).toBe(true);
  });
});

describe("repStats", () => {
  const reps = [{ id: 1, name: "Sam", active: true }, { id: 2, name: "Ana", active: false }, { id: 3, name: "Lee", active: true }];
  const leads = [{ id: 10, repId: 1, createdAt: 0 }, { id: 11, repId: 1, createdAt: 100 }, { id: 12, repId: 2, createdAt: 100 }];
  it.each([
    [
      "all time",
      -Infinity,
      [
        { repId: 1, leads: 2, replied: 2, sold: 1, amountCents: 9900 },
        { repId: 2, leads: 1, replied: 0, sold: 1, amountCents: 0 },
        { repId: 3, leads: 0, replied: 0, sold: 0, amountCents: 0 },
      ],
    ],
    [
      "since 50",
      50,
      [
        { repId: 1, leads: 1, replied: 1, sold: 1, amountCents: 9900 },
        { repId: 2, leads: 1, replied: 0, sold: 1, amountCents: 0 },
        { repId: 3, leads: 0, replied: 0, sold: 0, amountCents: 0 },
      ],
    ],
  ])("%s", (_, since, expected) => {
    const replies = [{ leadId: 10, at: 5 }, { leadId: 10, at: 6 }, { leadId: 11, at: 120 }, { leadId: 99, at: 120 }];
    const sales = [{ leadId: 11, at: 130, amountCents: 9900 }, { leadId: 12, at: 140 }];
    const stats = repStats(reps, leads, replies, sales, since);
    expect(stats.map(({ repId, leads, replied, sold, amountCents }) => ({ repId, leads, replied, sold, amountCents }))).toEqual(expected);
  });
});

describe("repStats after a handover", () => {
  // Ana added leads 20 and 21 and sold 21; both were handed to Sam since. Sam added 22.
  const reps = [{ id: 1, name: "Sam", active: true }, { id: 2, name: "Ana", active: true }];
  const leads = [
    { id: 20, repId: 1, addedBy: 2, createdAt: 0 },
    { id: 21, repId: 1, addedBy: 2, createdAt: 0 },
    { id: 22, repId: 1, addedBy: 1, createdAt: 0 },
  ];
  it("counts leads for the rep who added them and sales for the rep who marked them; replies for the rep who has the lead now", () => {
    const stats = repStats(reps, leads, [{ leadId: 20, at: 5 }], [{ leadId: 21, at: 3, amountCents: 120_000, repId: 2 }, { leadId: 22, at: 4, amountCents: 500, repId: 1 }]);
    expect(stats.map(({ repId, leads, replied, sold, amountCents }) => ({ repId, leads, replied, sold, amountCents }))).toEqual([
      { repId: 1, leads: 1, replied: 1, sold: 1, amountCents: 500 },
      { repId: 2, leads: 2, replied: 0, sold: 1, amountCents: 120_000 },
    ]);
  });
});

describe("repStats after a rep was removed", () => {
  it("keeps what they did in one row of former reps, so the store's totals do not shrink; none when there is nothing", () => {
    // Ana (rep 2) added 20 and sold it, then her leads went to Sam and she was removed.
    const reps = [{ id: 1, name: "Sam", active: true }];
    const leads = [{ id: 20, repId: 1, addedBy: 2, createdAt: 0 }, { id: 22, repId: 1, addedBy: 1, createdAt: 0 }];
    const stats = repStats(reps, leads, [], [{ leadId: 20, at: 3, amountCents: 120_000, repId: 2 }]);
    expect(stats).toEqual([
      { repId: 1, name: "Sam", active: true, leads: 1, replied: 0, sold: 0, amountCents: 0 },
      { repId: null, name: FORMER_REPS, active: false, leads: 1, replied: 0, sold: 1, amountCents: 120_000 },
    ]);
    expect(repStats(reps, [{ id: 22, repId: 1, addedBy: 1, createdAt: 0 }], [], [])).toHaveLength(1);
  });
});

describe("repliesToTexts (a rep's Replied) and stepStats' replied", () => {
  const sent: SentStep[] = [
    { leadId: 1, seriesKey: "beback", stepIndex: 0, at: 1_000 },
    { leadId: 2, seriesKey: "aftersale", stepIndex: 1, at: 5_000 },
  ];
  it.each([
    ["a reply an hour after the lead's series text", { leadId: 1, at: 1_000 + 3_600_000 }, true],
    ["a reply at the very end of the window", { leadId: 1, at: 1_000 + REPLY_WINDOW_MS }, true],
    ["a reply after the window", { leadId: 1, at: 1_001 + REPLY_WINDOW_MS }, false],
    ["a text before any series text (a number's first text to the store)", { leadId: 1, at: 999 }, false],
    ["a text from a lead never sent a series text", { leadId: 3, at: 9_000 }, false],
    ["a reply to an after-sale text", { leadId: 2, at: 6_000 }, true],
  ])("%s", (_, reply, counted) => {
    expect(repliesToTexts(sent, [reply])).toEqual(counted ? [reply] : []);
  });

  // The rep texted lead 1 (a relay) at 2,000: a reply after it answers the rep — a reply for the rep, none for the step.
  it.each([
    ["a reply after the rep's own text answers the rep", [{ leadId: 1, at: 2_000 }], { leadId: 1, at: 3_000 }, false],
    ["a reply at the same millisecond as the rep's text: the rep's came first", [{ leadId: 1, at: 2_000 }], { leadId: 1, at: 2_000 }, false],
    ["a reply between the step and the rep's text answers the step", [{ leadId: 1, at: 2_000 }], { leadId: 1, at: 1_500 }, true],
    ["the rep's text before the step: the reply after the step answers it", [{ leadId: 1, at: 500 }], { leadId: 1, at: 3_000 }, true],
    ["another lead's rep text changes nothing", [{ leadId: 2, at: 2_000 }], { leadId: 1, at: 3_000 }, true],
  ])("%s", (_, repTexts, reply, toStep) => {
    expect(stepStats(SERIES, sent, [reply], [], -Infinity, repTexts).beback[0]?.replied).toBe(toStep ? 1 : 0);
    expect(repliesToTexts(sent, [reply], repTexts)).toEqual([reply]);
  });

  it("a reply to the rep's own text more than 48 hours after it is none, even for the rep", () => {
    expect(repliesToTexts(sent, [{ leadId: 1, at: 2_001 + REPLY_WINDOW_MS }], [{ leadId: 1, at: 2_000 }])).toEqual([]);
    expect(repliesToTexts([], [{ leadId: 3, at: 5_000 }], [{ leadId: 3, at: 4_000 }])).toEqual([{ leadId: 3, at: 5_000 }]);
  });
});
