import { describe, expect, it } from "vitest";
import { reminderText } from "./series-texts";

const NY = "America/New_York";
const CY = { id: 7, name: "Cy", product: "sofa", notes: "" };
const NOW = Date.parse("2026-11-23T23:30:00-05:00"); // Mon 23:30 New York
const LATE = { start: "22:29", end: "23:32" };
const NIGHT = { start: "21:00", end: "08:00" };
const EARLIER = Date.parse("2026-11-23T14:20:00-05:00"); // a step that fell due while the lead was paused

describe("reminderText says when texts resume", () => {
  it.each([
    ["a step due, no quiet hours", EARLIER, null, "texts resume now."],
    ["a step due now, no quiet hours", NOW, null, "texts resume now."],
    ["a step due, quiet hours end at 23:32", EARLIER, LATE, "texts resume today 11:32 PM."],
    ["a step due, quiet until the morning", EARLIER, NIGHT, "texts resume tomorrow 8:00 AM."],
    ["the next step is days away", Date.parse("2026-11-27T14:00:00-05:00"), NIGHT, "texts resume Fri 2:00 PM."],
    ["not known (the resume failed)", null, NIGHT, "texts resume now."],
  ])("%s", (_what, at, quiet, words) => {
    expect(reminderText(CY, undefined, true, { at, now: NOW, quiet, timeZone: NY })).toBe(`Reminder: follow up with Cy (sofa) #7 today. Text #7 and your words to reach them; ${words}`);
  });

  it("in the store's zone", () => {
    const la = { at: EARLIER, now: Date.parse("2026-11-23T23:30:00-08:00"), quiet: NIGHT, timeZone: "America/Los_Angeles" };
    expect(reminderText(CY, undefined, true, la)).toMatch(/texts resume tomorrow 8:00 AM\.$/);
  });

  it("promises nothing when no step is left, whenever", () => {
    expect(reminderText(CY, undefined, false, { at: null, now: NOW, quiet: NIGHT, timeZone: NY })).toMatch(/to reach them\. No automatic texts are left to resume\.$/);
  });
});
