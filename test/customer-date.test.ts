// A customer's own date, through POST /twilio/sms: the forward ends with the exact `later`
// text, the rep sends it back and the lead pauses until that day; nothing pauses by itself.
import { describe, expect, it } from "vitest";
import { row } from "./helpers/db";
import { text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const JANE = "+12125550100";

const twilio = storeEachTest({ reps: [{ name: "Sam Rivera", phone: SAM }] }); // a Monday, 14:00 in New York

const say = async (body: string) => (await text({ From: SAM, Body: body }))[0] ?? "";
const forwardTo = (rep: string) => twilio.sent.filter((s) => s.to === rep).at(-1)?.body ?? "";

describe("a customer's own date", () => {
  it("the forward ends with the later text; sent back, it pauses the lead until that day", async () => {
    await say("new Jane 555-0100 recliner");
    const { id } = (await row<{ id: number }>("SELECT id FROM leads"))!;
    await text({ From: JANE, Body: "Call me after the 15th, I get paid then" });
    const forward = forwardTo(SAM);
    const m = new RegExp(`^Jane \\(recliner\\) #${id}: Call me after the 15th, I get paid then\\nReply "(later #${id} [a-z]{3} 16(?: \\d{4})?)" to pause until (\\w{3} \\w{3} 16(?: \\d{4})?)$`).exec(forward);
    expect(m, forward).not.toBeNull();
    const before = await row<{ status: string; resume_at: number | null }>("SELECT status, resume_at FROM leads");
    expect(before?.resume_at).toBeNull(); // nothing paused without the rep

    expect(await say(m![1]!)).toBe(`✓ Jane #${id} paused until ${m![2]}. I'll remind you then with your notes, and texts resume.`);
    const after = await row<{ status: string; resume_at: number }>("SELECT status, resume_at FROM leads");
    expect(after?.status).toBe("paused");
    expect(new Date(after!.resume_at).getUTCDate()).toBe(16);
  });

  it("no date, or a trap: the forward is the customer's words alone", async () => {
    await say("new Jane 555-0100 recliner");
    for (const body of ["May I ask what the price is?", "I'm 15th in line", "I bought a sofa 2 weeks ago"]) {
      await text({ From: JANE, Body: body });
      expect(forwardTo(SAM)).toMatch(new RegExp(`^Jane \\(recliner\\) #\\d+: ${body.replace(/[?]/g, "\\?")}$`));
    }
  });

  it("a long text keeps every word and goes without the suggestion", async () => {
    await say("new Jane 555-0100 recliner");
    const body = `${"We love the recliner but we need to measure first. ".repeat(5)}Call me after the 15th`;
    await text({ From: JANE, Body: body });
    expect(forwardTo(SAM)).toMatch(/: We love/);
    expect(forwardTo(SAM).endsWith(body)).toBe(true);
  });
});
