import { describe, expect, it } from "vitest";
import { countSegments, gsmOnly } from "../domain/segments";
import { openingOf, relayRetryNotice, reminderText } from "./series-texts";

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
    ["a step due, quiet hours end at 23:32", EARLIER, LATE, "texts resume today 11:32pm."],
    ["a step due, quiet until the morning", EARLIER, NIGHT, "texts resume tomorrow 8am."],
    ["the next step is days away", Date.parse("2026-11-27T14:00:00-05:00"), NIGHT, "texts resume Fri 2pm."],
    ["not known (the resume failed)", null, NIGHT, "texts resume now."],
  ])("%s", (_what, at, quiet, words) => {
    expect(reminderText(CY, undefined, true, { at, now: NOW, quiet, timeZone: NY })).toBe(`Reminder: follow up with Cy (sofa) #7 today. Text #7 and your words to reach them; ${words}`);
  });

  it("in the store's zone", () => {
    const la = { at: EARLIER, now: Date.parse("2026-11-23T23:30:00-08:00"), quiet: NIGHT, timeZone: "America/Los_Angeles" };
    expect(reminderText(CY, undefined, true, la)).toMatch(/texts resume tomorrow 8am\.$/);
  });

  it("promises nothing when no step is left, whenever", () => {
    expect(reminderText(CY, undefined, false, { at: null, now: NOW, quiet: NIGHT, timeZone: NY })).toMatch(/to reach them\. No automatic texts are left to resume\.$/);
  });
});

describe("reminderText's notes", () => {
  it("come newest first: a long old note is what a cut takes", () => {
    const text = reminderText({ ...CY, notes: `${"x".repeat(300)}\ndelivery friday` }, undefined, true);
    expect(text).toMatch(/Notes: delivery friday; x+/);
  });
});

describe("reminderText fits two segments, the tag and the hint whole", () => {
  const WED = Date.parse("2026-11-25T01:43:00-05:00");
  const resumes = { at: WED, now: NOW, quiet: null, timeZone: NY };
  const sent = (body: string) => ({ direction: "out" as const, body, media: [] });
  const THANKS = "Hi Jane, Sam at Oak & Iron Furniture. Thank you for your purchase of the ottoman today, we hope you love it!";
  const LONG_NOTE = "wife wants it before the holidays; measure the doorway first, it is narrow; she prefers the grey fabric over the tan one";
  it.each([
    ["the reported one: a quote cut", { id: 17, name: "Jane Doe", product: "ottoman", notes: "wife wants it before the holidays" }, sent(THANKS)],
    ["a long note and a long last message", { id: 17, name: "Jane Doe", product: "ottoman", notes: LONG_NOTE }, sent(THANKS)],
    ["a long name and product too", { id: 1234, name: "Maximilian Alexander Worthington-Smythe", product: "sectional sofa with chaise and ottoman", notes: LONG_NOTE }, sent(THANKS)],
    ["an accented name GSM-7 lacks (UCS-2)", { id: 17, name: "Zoë Ångström", product: "ottoman", notes: LONG_NOTE }, sent(THANKS)],
    ["a last message with an emoji (UCS-2)", { id: 17, name: "Jane Doe", product: "ottoman", notes: LONG_NOTE }, { direction: "in" as const, body: `Love it 😍 ${THANKS}`, media: [] }],
    ["notes over several lines", { id: 17, name: "Jane Doe", product: "ottoman", notes: LONG_NOTE.replace(/; /g, "\n") }, sent(THANKS)],
  ])("%s", (_what, lead, last) => {
    const text = reminderText(lead, last, true, resumes);
    expect(countSegments(text).segments).toBeLessThanOrEqual(2);
    // Names in GSM-7 letters, as the list writes them ("Zoë" → "Zoe").
    expect(text.startsWith(gsmOnly(`Reminder: follow up with ${lead.name} (${lead.product}) #${lead.id} today.`))).toBe(true);
    expect(text.endsWith(`Text #${lead.id} and your words to reach them; texts resume Wed 1:43am.`)).toBe(true);
    expect(text).not.toContain("…");
  });

  it.each([
    ["a lead's name", "", { id: 22, name: "Chloë Díaz", product: "sectional", notes: "wants grey, husband decides, budget 2000, delivery before Christmas, two cats" }],
    ["a former rep's name in the tag", "[Was Raúl Gómez's customer, now yours: Raúl is not an active rep] ", { id: 32, name: "Ken Ross", product: "sofa", notes: "wants the power recliner in dark brown leather" }],
  ])("with letters GSM-7 lacks in %s, keeps the notes and the last message in two GSM-7 segments", (_what, tag, lead) => {
    const text = reminderText(lead, { direction: "in", body: "Thanks, we will come by next week to see it again", media: [] }, true, resumes, tag);
    expect(text).toContain(`Notes: ${lead.notes}.`);
    expect(text).toContain('Last from them: "Thanks, we will come by next week');
    expect(countSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });

  it("to a rep the lead moved to, the tag is inside the two segments", () => {
    const tag = "[Was Maximilian Worthington's customer, now yours: Maximilian is not an active rep] ";
    const lead = { id: 17, name: "Jane Doe", product: "ottoman", notes: LONG_NOTE };
    const text = reminderText(lead, sent(THANKS), true, resumes, tag);
    expect(text.startsWith(`${tag}Reminder: follow up with Jane Doe (ottoman) #17 today.`)).toBe(true);
    expect(text.endsWith("Text #17 and your words to reach them; texts resume Wed 1:43am.")).toBe(true);
    expect(countSegments(text).segments).toBeLessThanOrEqual(2);
  });

  it("a GSM-7 reminder stays GSM-7 when its quote is cut, and keeps notes and quote", () => {
    const text = reminderText({ id: 17, name: "Jane Doe", product: "ottoman", notes: "wife wants it before the holidays" }, sent(THANKS), true, resumes);
    expect(text).toBe(`Reminder: follow up with Jane Doe (ottoman) #17 today. Notes: wife wants it before the holidays. Last to them: "Hi Jane, Sam at Oak & Iron Furniture. Thank you for your..." Text #17 and your words to reach them; texts resume Wed 1:43am.`);
    expect(countSegments(text)).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });

  it("the quote gives way before the notes, and a cut ends at a word", () => {
    // The notes' "🎄" is not GSM-7: the whole text is UCS-2, 134 units in two segments.
    const text = reminderText({ id: 17, name: "Zoë", product: "", notes: `🎄 ${LONG_NOTE}` }, sent(THANKS), true, resumes);
    expect(text).toBe("Reminder: follow up with Zoe #17 today. Notes: 🎄 wife wants it... Text #17 and your words to reach them; texts resume Wed 1:43am.");
  });

  it("a short note and quote are never cut", () => {
    const text = reminderText({ id: 17, name: "Jane Doe", product: "ottoman", notes: "grey" }, { direction: "in", body: "ok thanks!", media: [] }, true, resumes);
    expect(text).toBe('Reminder: follow up with Jane Doe (ottoman) #17 today. Notes: grey. Last from them: "ok thanks!" Text #17 and your words to reach them; texts resume Wed 1:43am.');
  });
});

describe("relayRetryNotice: a later try Twilio refused", () => {
  const lead = { id: 8, name: "Fay", product: "ottoman" };
  it.each([
    ["21606 (the store's set-up)", "21606", "✗ Couldn't send the text to Fay (ottoman) #8 (\"here it is in grey\"): Twilio refused it (21606). Tell the owner: it's the store's Twilio set-up."],
    ["21620 (the photo)", "21620", "✗ Couldn't send the text to Fay (ottoman) #8 (\"here it is in grey\"): Twilio refused the photo (21620). Send your words again without it, or another photo."],
  ])("%s", (_, code, said) => {
    expect(relayRetryNotice(lead, "here it is in grey", "refused", code)).toBe(said);
  });
});

describe("openingOf quotes the rep's words, not the first text's notice (docs audit: a 30034 notice quoted \"see you soon - Oak & Pine....\")", () => {
  it.each([
    ["see you soon - Oak & Pine. Reply STOP to opt out.", "see you soon"],
    ["see you soon - Oak & Pine Furniture Co. Reply STOP to opt out.", "see you soon"],
    ["back in stock - blue and grey - Oak & Pine. Reply STOP to opt out.", "back in stock - blue and grey"],
    ["Hi Jane, Sam at Oak. Reply STOP to opt out.", "Hi Jane, Sam at Oak."],
    ["we have it in blue, want me to hold one for you? - Oak & Pine. Reply STOP to opt out.", "we have it in blue, want me..."],
    ["see you soon - bring the receipt", "see you soon - bring the re..."],
    ["see you soon", "see you soon"],
  ])("%j → %j", (body, opening) => {
    expect(openingOf(body)).toBe(opening);
  });
});
