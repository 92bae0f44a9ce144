// An owner's series edit while customers are in the series, from the cases an audit found:
// equal delays, an `undo` across an edit, two saves at once, a Twilio 429 during a save, a
// customer who had every step, and a series saved empty. (The ordinary cases — a step
// inserted or removed, a save during a step's call — are in follow-ups.test.ts.)
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { retryDelayMs } from "../src/twilio/errors";
import { advanceTo, fireAlarm, TEST_EPOCH } from "./helpers/clock";
import { row, rows, withMembers } from "./helpers/db";
import { twilioError } from "./helpers/fake-twilio";
import { api, apiJson, text } from "./helpers/store";
import { storeEachTest } from "./helpers/store-each-test";

const SAM = "+12125550111";
const JANE = "+12125550100";
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = TEST_EPOCH;
const setTime = (t: number) => vi.setSystemTime(t);
const twilio = storeEachTest({ at: T0, reps: [{ name: "Sam Rivera", phone: SAM }] });
async function newJane() {
  setTime(T0);
  await text({ From: SAM, Body: "new Jane Doe 555-0100 recliner" });
  twilio.sent.length = 0;
  return (await row<{ id: number }>("SELECT id FROM leads ORDER BY id DESC LIMIT 1"))!.id;
}
/**
 * A D1 binding that runs `before` and `after` around the first step's last word (the batch
 * that marks its claim called), once: what lands just before or after it.
 */
function aroundLastWord(around: { before?: () => Promise<void>; after?: () => Promise<void> }) {
  let armed = true;
  const statementOf = (s: unknown) => String((s as { statement?: string }).statement ?? "");
  const db = (d1: D1Database) =>
    withMembers(d1, (key) =>
      key === "batch"
        ? async (statements: D1PreparedStatement[]) => {
            const lastWord = armed && statements.some((s) => /update "step_sends" set "called_at"/i.test(statementOf(s)));
            if (lastWord) armed = false;
            if (lastWord) await around.before?.();
            const out = await d1.batch(statements);
            if (lastWord) await around.after?.();
            return out;
          }
        : undefined,
    );
  return { db, fired: () => !armed };
}

/** What Jane got, without the first text's store line. */
const toJane = () => twilio.sent.filter((s) => s.to === JANE).map((s) => s.body.replace(/ - Oak.*$/, ""));
type Step = { after: string; body: string };
const save = (steps: Step[]) => api("/series/beback", { method: "PUT", body: { steps } });
const defaults = async () => (await apiJson<{ steps: Step[] }>("/series/beback")).steps;
const lead = (id: number) => row<{ series_next_index: number; next_at: number | null; status: string }>("SELECT series_next_index, next_at, status FROM leads WHERE id = ?", id);
const stats = async () => (await apiJson<{ beback: { sent: number }[] }>("/stats")).beback.map((s) => s.sent);

describe("a series edit with customers in the series", () => {
  it("a series using the same words twice: rewording the first copy, or removing it, leaves a customer between the copies her next step", async () => {
    const steps = [{ after: "20m", body: "A {first_name}" }, { after: "1d", body: "Checking in, {first_name}" }, { after: "3d", body: "B {first_name}" }, { after: "7d", body: "Checking in, {first_name}" }];
    expect((await save(steps)).status).toBe(200);
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + DAY);
    expect(toJane()).toEqual(["A Jane", "Checking in, Jane"]);
    expect((await save([steps[0]!, { after: "1d", body: "Any news, {first_name}?" }, steps[2]!, steps[3]!])).status).toBe(200);
    expect((await lead(id))!.series_next_index).toBe(2);
    expect((await save([steps[0]!, steps[2]!, steps[3]!])).status).toBe(200);
    expect((await lead(id))!.series_next_index).toBe(1);
    await advanceTo(T0 + 3 * DAY);
    expect(toJane()).toEqual(["A Jane", "Checking in, Jane", "B Jane"]);
  });

  it("every step replaced, then the old ones put back: a customer does not get again the text she had", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    const steps = await defaults();
    setTime(T0 + HOUR);
    expect((await save([{ after: "10m", body: "Quick question, {first_name}?" }, { after: "2h", body: "Still thinking, {first_name}?" }])).status).toBe(200);
    setTime(T0 + 90 * MIN);
    expect((await save(steps)).status).toBe(200);
    expect((await lead(id))!.series_next_index).toBe(1);
    await advanceTo(T0 + 18 * HOUR);
    expect(toJane()).toHaveLength(2);
    expect(toJane()[1]).toContain("Sam here. Any questions");
  });

  it("a step whose last word says no (the rep texted her just then), with a save before it is given back: it is not taken for a step in its call, and goes later", async () => {
    const id = await newJane();
    const steps = await defaults();
    const hook = aroundLastWord({
      before: async () => void (await text({ From: SAM, Body: "@Jane see you Saturday" })),
      after: async () => expect((await save([{ after: "5m", body: "Hello {first_name}" }, ...steps])).status).toBe(200),
    });
    setTime(T0 + 20 * MIN);
    await fireAlarm(undefined, (b) => ({ ...b, DB: hook.db(b.DB) }));
    expect(hook.fired()).toBe(true);
    // The rep's text pushed the series a day on: then the first follow-up goes, once.
    await advanceTo(T0 + 3 * DAY + HOUR);
    const series = twilio.sent.filter((s) => s.to === JANE && !s.body.startsWith("see you"));
    expect(series.filter((s) => s.body.startsWith("Hi Jane, it's Sam at Oak & Pine"))).toHaveLength(1);
    expect(await rows("SELECT step_index, status FROM step_sends WHERE lead_id = ? ORDER BY step_index", id)).toContainEqual({ step_index: 1, status: "sent" });
  });

  it("a step whose last word said yes, then canceled before its call (quiet hours began), with a save in between: it goes later at its new place, once (races audit: lost, settled unknown)", async () => {
    const id = await newJane();
    const steps = await defaults();
    const hook = aroundLastWord({
      after: async () => {
        // The save takes the step, marked called, for one in its Twilio call: the lead goes past it.
        expect((await save([{ after: "5m", body: "Hello {first_name}" }, ...steps])).status).toBe(200);
        setTime(T0 + 7 * HOUR); // Monday 21:00: quiet hours begin before the call
      },
    });
    setTime(T0 + 20 * MIN);
    await fireAlarm(undefined, (b) => ({ ...b, DB: hook.db(b.DB) }));
    expect(hook.fired()).toBe(true);
    expect(twilio.sent.filter((s) => s.to === JANE)).toEqual([]);
    // Tuesday 08:00, when quiet hours end: the step that was not called goes, once.
    await advanceTo(T0 + 18 * HOUR + 5 * MIN);
    expect(toJane().filter((b) => b.startsWith("Hi Jane, it's Sam at Oak & Pine"))).toHaveLength(1);
    await advanceTo(T0 + 2 * DAY);
    expect(toJane().filter((b) => b.startsWith("Hi Jane, it's Sam at Oak & Pine"))).toHaveLength(1);
    expect(await rows("SELECT status FROM step_sends WHERE lead_id = ? AND status = 'unknown'", id)).toEqual([]);
  });

  it("ledger rows a save before this release left past the series' end (it was shortened) do not stop a save that moves steps", async () => {
    const five = ["A", "B", "C", "D", "E"].map((b, i) => ({ after: `${i + 1}d`, body: `${b} {first_name}` }));
    await save(five);
    await newJane();
    for (let d = 1; d <= 6; d++) await advanceTo(T0 + d * DAY + 2 * HOUR);
    expect(toJane()).toHaveLength(5);
    // Shortened to three as the code before kept it: the steps saved, nothing else moved.
    await env.DB.prepare("UPDATE series SET steps = ?, updated_at = updated_at + 1 WHERE key = 'beback'").bind(JSON.stringify(five.slice(0, 3))).run();
    expect((await save([{ after: "20m", body: "Welcome {first_name}" }, ...five.slice(0, 3)])).status).toBe(200);
    expect(await rows("SELECT step_index FROM step_sends ORDER BY step_index")).toEqual([{ step_index: 1 }, { step_index: 2 }, { step_index: 3 }]);
    expect(await stats()).toEqual([0, 1, 1, 1]);
  });

  it("a series emptied before this release (no steps kept), filled again: its old texts count for none of the new steps", async () => {
    await newJane();
    await advanceTo(T0 + 20 * MIN);
    expect((await save([])).status).toBe(200);
    await env.DB.prepare("UPDATE series SET emptied_steps = NULL WHERE key = 'beback'").run();
    expect((await save([{ after: "1h", body: "N1 {first_name}" }, { after: "2d", body: "N2 {first_name}" }])).status).toBe(200);
    expect(await stats()).toEqual([0, 0]);
    expect(await rows("SELECT step_index FROM step_sends")).toEqual([]);
  });

  it("equal delays: a step added at the last delay goes after the step still to come, and both go", async () => {
    const steps = [{ after: "20m", body: "A {first_name}" }, { after: "1d", body: "B {first_name}" }, { after: "1d", body: "C {first_name}" }];
    expect((await save(steps)).status).toBe(200);
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + DAY);
    expect(toJane()).toEqual(["A Jane", "B Jane"]);
    expect((await save([...steps, { after: "1d", body: "D {first_name}" }])).status).toBe(200);
    expect((await lead(id))!.series_next_index).toBe(2);
    // C and D at one delay: each an hour at most after the one before (never two at once).
    for (const h of [1, 2, 3]) await advanceTo(T0 + DAY + h * HOUR);
    expect(toJane()).toEqual(["A Jane", "B Jane", "C Jane", "D Jane"]);
  });

  it("`undo` of a sale across an edit of the series it ended puts the customer back at her place in the new steps", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 18 * HOUR);
    const steps = await defaults();
    setTime(T0 + 18 * HOUR + MIN);
    await text({ From: SAM, Body: "sold Jane" });
    setTime(T0 + 18 * HOUR + 2 * MIN);
    expect((await save(steps.slice(1))).status).toBe(200);
    setTime(T0 + 18 * HOUR + 3 * MIN);
    expect((await text({ From: SAM, Body: "undo" })).join(" ")).toMatch(/^✓ Undid sold Jane/);
    // She had the 20m and 18h texts: the next is the 3d one, now second in the list.
    expect(await lead(id)).toMatchObject({ status: "active", series_next_index: 1 });
    await advanceTo(T0 + 3 * DAY);
    expect(toJane()).toHaveLength(3);
    expect(toJane()[2]).toContain("Want me to send a few options");
  });

  it("`undo` of a sale is kept when the owner only pressed Save; refused, saying why, after two edits of the series it ended", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    const steps = await defaults();
    setTime(T0 + 30 * MIN);
    await text({ From: SAM, Body: "sold Jane" });
    setTime(T0 + 31 * MIN);
    expect((await save(steps)).status).toBe(200);
    setTime(T0 + 32 * MIN);
    expect((await text({ From: SAM, Body: "undo" })).join(" ")).toMatch(/^✓ Undid sold Jane/);
    expect(await lead(id)).toMatchObject({ status: "active", series_next_index: 1 });
    setTime(T0 + 33 * MIN);
    await text({ From: SAM, Body: "sold Jane" });
    for (const [i, edit] of [steps.slice(1), steps].entries()) {
      setTime(T0 + (34 + i) * MIN);
      expect((await save(edit)).status).toBe(200);
    }
    setTime(T0 + 36 * MIN);
    expect((await text({ From: SAM, Body: "undo" })).join(" ")).toMatch(/^Can't undo sold Jane.*: the owner changed the be-back texts more than once since, so Jane #\d+ can't be put back where they were in them\. Nothing changed\./);
    expect(await lead(id)).toMatchObject({ status: "sold" });
  });

  it("two saves at the same moment go one after the other: each lead moved once by each", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + 18 * HOUR);
    const steps = await defaults();
    // Two tabs insert a first step at the same instant (the fake clock stands still).
    const [a, b] = await Promise.all([save([{ after: "5m", body: "Hello {first_name}" }, ...steps]), save([{ after: "5m", body: "Welcome {first_name}" }, ...steps])]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await defaults()).toHaveLength(steps.length + 1);
    expect((await lead(id))!.series_next_index).toBe(3);
    expect(await rows("SELECT step_index FROM step_sends ORDER BY step_index")).toEqual([{ step_index: 1 }, { step_index: 2 }]);
    expect(await rows("SELECT step_index FROM messages WHERE kind = 'series' ORDER BY id")).toEqual([{ step_index: 1 }, { step_index: 2 }]);
  });

  it("a step Twilio answers with a 429 while the owner saves is tried again at its new place; no other step's record changes", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    const steps = await defaults();
    twilio.answerNext(async (sms) => {
      expect((await save([{ after: "5m", body: "Hello {first_name}" }, ...steps])).status).toBe(200);
      return twilioError(429, 20429)(sms);
    });
    await advanceTo(T0 + 18 * HOUR);
    expect(await rows("SELECT step_index, status FROM step_sends ORDER BY step_index")).toEqual([{ step_index: 1, status: "sent" }, { step_index: 2, status: "retry" }]);
    expect((await lead(id))!.series_next_index).toBe(2);
    await advanceTo(T0 + 18 * HOUR + retryDelayMs(1)!);
    expect(toJane().filter((b) => b.includes("Sam here. Any questions"))).toHaveLength(2); // the refused call, and its retry
    expect(await rows("SELECT step_index, status FROM step_sends ORDER BY step_index")).toEqual([{ step_index: 1, status: "sent" }, { step_index: 2, status: "sent" }]);
    expect((await lead(id))!.series_next_index).toBe(3);
  });

  it("a customer who had every step is done: a step added at the end is not sent to her, even after a rep's command", async () => {
    const steps = [{ after: "20m", body: "A {first_name}" }, { after: "1d", body: "B {first_name}" }];
    await save(steps);
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    await advanceTo(T0 + DAY + HOUR);
    expect(toJane()).toEqual(["A Jane", "B Jane"]);
    await save([...steps, { after: "3d", body: "C {first_name}" }]);
    expect(await lead(id)).toMatchObject({ series_next_index: 3, next_at: null });
    await text({ From: SAM, Body: "fix Jane product sofa" });
    await advanceTo(T0 + 4 * DAY);
    expect(toJane()).toEqual(["A Jane", "B Jane"]);
  });

  it("steps saved empty, then new ones: the old texts count for none of the new steps", async () => {
    await newJane();
    await advanceTo(T0 + 20 * MIN);
    expect(toJane()).toHaveLength(1);
    expect((await save([])).status).toBe(200);
    expect((await save([{ after: "2h", body: "New one {first_name}" }, { after: "2d", body: "New two {first_name}" }])).status).toBe(200);
    expect(await stats()).toEqual([0, 0]);
    await advanceTo(T0 + 3 * DAY);
    expect(toJane()).toHaveLength(1);
  });

  it("steps saved empty, then the same ones back with one inserted: every text, and every place, is where it was", async () => {
    const id = await newJane();
    await advanceTo(T0 + 20 * MIN);
    const steps = await defaults();
    expect((await save([])).status).toBe(200);
    expect((await save([{ after: "5m", body: "Hello {first_name}" }, ...steps])).status).toBe(200);
    expect((await stats()).slice(0, 3)).toEqual([0, 1, 0]);
    expect((await lead(id))!.series_next_index).toBe(2);
    expect(await rows("SELECT step_index FROM step_sends")).toEqual([{ step_index: 1 }]);
  });
});
