// A rep's date through POST /twilio/sms where the clock makes it hard: a time on the day the
// clocks go forward (it landed an hour late), and "sat" with a time (its "at" was read as
// the time's "at": "sat 2pm" was "s" at 2pm, and not understood).
import { describe, expect, it } from "vitest";
import { TEST_EPOCH } from "./helpers/clock";
import { apiJson, text } from "./helpers/store";
import { row } from "./helpers/db";
import { storeEachTest } from "./helpers/store-each-test";
import { zonedParts } from "../src/domain/zoned-time";

const SAM = "+12125550111";
const DEE = "+12125550100";
const DAY = 86_400_000;

const twilio = storeEachTest({ reps: [{ name: "Sam Rivera", phone: SAM }] }); // a Monday, 14:00 in New York, in November

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const dee = async () => {
  await say("new Dee 555-0100 sofa");
  return (await row<{ id: number }>("SELECT id FROM leads WHERE name = 'Dee'"))!.id;
};
const resumeAt = async (id: number) => (await row<{ resume_at: number | null }>("SELECT resume_at FROM leads WHERE id = ?", id))!.resume_at;

describe("later on the day the clocks go forward", () => {
  // Next year's second Sunday of March: the day US clocks go forward.
  const year = zonedParts(TEST_EPOCH, "America/New_York").year + 1;
  const sunday = 1 + ((7 - new Date(Date.UTC(year, 2, 1)).getUTCDay()) % 7) + 7;

  it.each([
    ["America/Los_Angeles", "9am", " 9am", Date.UTC(year, 2, sunday, 16)], // 09:00 PDT
    ["America/Los_Angeles", "8am", " 8am", Date.UTC(year, 2, sunday, 15)], // 08:00 PDT
    ["America/Los_Angeles", "1am", " 1am", Date.UTC(year, 2, sunday, 9)], // 01:00 PST, before the change
    ["America/Anchorage", "", "", Date.UTC(year, 2, sunday, 18)], // the day's 10:00 AKDT
    ["America/Denver", "8am", " 8am", Date.UTC(year, 2, sunday, 14)], // 08:00 MDT
  ])("in %s, later Dee mar <that Sunday> %s pauses until that time", async (zone, time, label, at) => {
    await apiJson("/settings", { method: "PUT", body: { timezone: zone } });
    const id = await dee();
    expect(await say(`later Dee mar ${sunday} ${time}`.trim())).toBe(`✓ Dee #${id} paused until Sun Mar ${sunday} ${year}${label}. I'll remind you then with your notes, and texts resume.`);
    expect(await resumeAt(id)).toBe(at);
  });
});

describe("sat with a time reads like fri", () => {
  // Saturday of the test's week, in New York.
  const sat = zonedParts(TEST_EPOCH + 5 * DAY, "America/New_York");
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][sat.month - 1]!;
  const year = sat.year !== zonedParts(TEST_EPOCH, "America/New_York").year ? ` ${sat.year}` : "";
  const on = `Sat ${month} ${sat.day}${year}`;
  const ny = (at: number | null) => (at === null ? null : zonedParts(at, "America/New_York"));

  it.each([
    ["sat 2pm", "2pm", 14, 0],
    ["sat 10:30am", "10:30am", 10, 30],
    ["this sat 2pm", "2pm", 14, 0],
    ["sat at 2pm", "2pm", 14, 0],
    ["saturday 2pm", "2pm", 14, 0],
  ])("later Dee %s", async (phrase, time, hour, minute) => {
    const id = await dee();
    expect(await say(`later Dee ${phrase}`)).toBe(`✓ Dee #${id} paused until ${on} ${time}. I'll remind you then with your notes, and texts resume.`);
    expect(ny(await resumeAt(id))).toMatchObject({ year: sat.year, month: sat.month, day: sat.day, hour, minute });
  });

  it("later Dee sat at 3 asks am or pm with an example that works", async () => {
    const id = await dee();
    const answer = await say("later Dee sat at 3");
    expect(answer).toBe("3am or 3pm? e.g. later Dee sat 3pm");
    expect(await resumeAt(id)).toBeNull();
    expect(await say(answer.replace(/^.*e\.g\. /, ""))).toMatch(new RegExp(`^✓ Dee #${id} paused until ${on} 3pm\\.`));
  });

  it("\"sat 3:00\" without am or pm is asked about, as \"at 3\" is (it was read as 3am: a reminder at 3am); \"sat 15:00\" is 3pm", async () => {
    const id = await dee();
    const answer = await say("later Dee sat 3:00");
    expect(answer).toBe("3am or 3pm? e.g. later Dee sat 3pm");
    expect(await resumeAt(id)).toBeNull();
    expect(await say("away until sat 5:00")).toBe("5am or 5pm? e.g. away until sat 5pm");
    expect((await row<{ away_until: number | null }>("SELECT away_until FROM reps"))!.away_until).toBeNull();
    expect(await say("later Dee sat 15:00")).toMatch(new RegExp(`^✓ Dee #${id} paused until ${on} 3pm\\.`));
    // A customer's "text me sat 3:00" is forwarded without a suggestion that guesses the half of the day.
    await text({ From: DEE, Body: "text me sat 3:00" });
    expect(twilio.sent.filter((s) => s.to === SAM).at(-1)?.body).toBe(`Dee (sofa) #${id}: text me sat 3:00`);
  });

  it("away until sat 9am", async () => {
    expect(await say("away until sat 9am")).toBe(`✓ Away until ${on} 9am. Your customers' texts go to another rep until then. Text "back" when you return: I'll name who wrote.`);
    const away = (await row<{ away_until: number | null }>("SELECT away_until FROM reps"))!.away_until;
    expect(ny(away)).toMatchObject({ day: sat.day, hour: 9, minute: 0 });
  });

  it("the time before the day: later Dee 9am sat, away until 3pm on sat (time audit: refused as unreadable)", async () => {
    const id = await dee();
    expect(await say("later Dee 9am sat")).toBe(`✓ Dee #${id} paused until ${on} 9am. I'll remind you then with your notes, and texts resume.`);
    expect(ny((await resumeAt(id))!)).toMatchObject({ day: sat.day, hour: 9, minute: 0 });
    expect(await say("away until 3pm on sat")).toBe(`✓ Away until ${on} 3pm. Your customers' texts go to another rep until then. Text "back" when you return: I'll name who wrote.`);
  });

  it("a customer's \"Text me sat 2pm\" gets the later suggestion", async () => {
    const id = await dee();
    await text({ From: DEE, Body: "Text me sat 2pm" });
    const forward = twilio.sent.filter((s) => s.to === SAM).at(-1)?.body ?? "";
    expect(forward).toBe(`Dee (sofa) #${id}: Text me sat 2pm\nReply "later #${id} ${month.toLowerCase()} ${sat.day}${year} 2pm" to pause until ${on} 2pm`);
  });
});

describe("numeric dates in a store abroad", () => {
  it("a British store reads 8/12 as 8 December, for the rep's later and for the customer's own date", async () => {
    await apiJson("/settings", { method: "PUT", body: { timezone: "Europe/London", defaultCountry: "GB" } });
    const id = await dee();
    const { year } = zonedParts(TEST_EPOCH, "Europe/London");
    expect(await say(`later Dee 8/12/${year}`)).toMatch(new RegExp(`^✓ Dee #${id} paused until \\w{3} Dec 8\\.`)); // this year's: the label leaves the year out
    await say(`lost #${id}`);
    await say("new Eve 555-0101 table");
    twilio.sent.length = 0;
    await text({ From: "+12125550101", Body: `Could you text me on 8/12/${year + 1} please, I'm away till then` });
    expect(twilio.sent.find((s) => s.to === SAM)?.body).toMatch(new RegExp(`Reply "later #\\d+ dec 8 ${year + 1}" to pause until \\w{3} Dec 8 ${year + 1}$`));
  });

  it("a Canadian store asks which, when 6/3 could be either", async () => {
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Toronto", defaultCountry: "CA" } });
    await dee();
    expect(await say("later Dee 6/3")).toBe("Is 6/3 Jun 3 or Mar 6? Write the month, e.g. later Dee jun 3");
  });

  it("a Canadian store is asked which day Thanksgiving is, and a customer's 'after thanksgiving' gets no US date (time audit: both were the US Thanksgiving)", async () => {
    await apiJson("/settings", { method: "PUT", body: { timezone: "America/Toronto", defaultCountry: "CA" } });
    const id = await dee();
    expect(await say("later Dee thanksgiving")).toBe("Which day is Thanksgiving where you are? Write the date, e.g. later Dee oct 12");
    expect(await say("later Dee after christmas")).toMatch(new RegExp(`^✓ Dee #${id} paused until \\w{3} Dec 26`));
    twilio.sent.length = 0;
    await text({ From: DEE, Body: "Call me after thanksgiving" });
    expect(twilio.sent.find((s) => s.to === SAM)?.body).toBe(`Dee (sofa) #${id}: Call me after thanksgiving`);
  });
});
