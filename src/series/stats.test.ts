import { describe, expect, it } from "vitest";
import { stepStats, type SentStep } from "./stats";

const SERIES = { beback: [{ after: "20m" }, { after: "18h" }, { after: "3d" }], aftersale: [{ after: "1d" }] };
const sent = (leadId: number, stepIndex: number, at: number, seriesKey: SentStep["seriesKey"] = "beback"): SentStep => ({ leadId, seriesKey, stepIndex, at });

describe("stepStats", () => {
  it("credits replies and sales to the last series text before them", () => {
    const stats = stepStats(
      SERIES,
      [sent(1, 0, 10), sent(1, 1, 20), sent(2, 0, 10), sent(3, 0, 10), sent(3, 1, 20), sent(3, 2, 30), sent(3, 0, 40, "aftersale")],
      [{ leadId: 1, at: 15 }, { leadId: 1, at: 16 }, { leadId: 3, at: 35 }, { leadId: 2, at: 5 }],
      [{ leadId: 3, at: 38 }, { leadId: 2, at: 12 }],
    );
    expect(stats.beback).toEqual([
      { step: 0, after: "20m", sent: 3, replied: 1, sold: 1 },
      { step: 1, after: "18h", sent: 2, replied: 0, sold: 0 },
      { step: 2, after: "3d", sent: 1, replied: 1, sold: 1 },
    ]);
    expect(stats.aftersale).toEqual([{ step: 0, after: "1d", sent: 1, replied: 0, sold: 0 }]);
  });

  it("is all zeros with nothing sent", () => {
    expect(stepStats(SERIES, [], [], []).beback.every((s) => s.sent === 0 && s.replied === 0 && s.sold === 0)).toBe(true);
  });
});
