// The owner's page in Chromium against `npm start`, for what a slow network and a second
// tab do to it: a view's answer that arrives after the owner moved on is dropped (the page
// shows what the address says), a save never silently undoes what another tab saved, a
// status line is a live region before its words arrive, the focus after Remove and after a
// step is moved, every step to fix marked on one Save, the preview of after-sale step 1 as
// a first text and of words with the photo as one MMS, the marks forced colours keep,
// disabled fields greyed out, and a HELP in the lead's conversation. Skipped, saying so,
// when Chromium is absent (test/e2e/browser.ts).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSegments } from "../../src/domain/segments";
import { chromiumPath, contrast, drawn, launch, liveRegion, PHONE, type Browser } from "./browser";
import { inboundSmsParams, postWebhook, startBeback, type BebackServer } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";
/** How late a held answer comes: long enough for the owner to have moved on. */
const LATE_MS = 2_500;

interface Lead {
  id: number;
  name: string;
  nextAt: string | null;
  seriesPaused: boolean;
  messages: { direction: string; kind: string; body: string }[];
}
interface Series {
  steps: { after: string; body: string; photo?: boolean; bodyWithPhoto?: string }[];
}

describe.skipIf(!chromiumPath)("the owner's page with late answers and a second tab", () => {
  let beback: BebackServer;
  let browser: Browser;
  const leads: Record<string, number> = {};

  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const res = await beback.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const text = async (from: string, body: string) => {
    const res = await postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ from, to: STORE, body }), { signature: null });
    expect(res.status).toBe(200);
    return res.text();
  };
  /** Holds the answers to GET `path` (with its query) back by LATE_MS. */
  const holdBack = async (page: Page, path: string) => {
    const matches = (u: URL) => u.pathname + u.search === path;
    const asked = page.waitForRequest((r) => matches(new URL(r.url())));
    const answered = page.waitForResponse((r) => matches(new URL(r.url())));
    await page.route(matches, async (route) => {
      await new Promise((r) => setTimeout(r, LATE_MS));
      await route.continue().catch(() => undefined);
    });
    const release = () => page.unroute(matches);
    return {
      /** The first such request has left the page (and is held). */
      asked,
      /** Answers from now on are not held (the one held still is). */
      release,
      /** The held answer has arrived and the page's script has had its turn with it. */
      arrived: async () => {
        await answered;
        await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
        await release();
      },
    };
  };
  const go = (page: Page, hash: string) => page.evaluate((h) => void (location.hash = h), hash);
  const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim()}`);
  const signIn = async (page: Page) => {
    await page.goto(`${beback.url}/#token=${encodeURIComponent(beback.ownerToken())}`);
    await page.locator("#view-results").waitFor({ state: "visible" });
    await page.locator("#results-body", { hasText: "Last 30 days" }).waitFor();
  };

  beforeAll(async () => {
    beback = await startBeback();
    // The sample customer of the series editor's preview (Jane Doe, blue recliner, rep Sam),
    // so a text sent to her reads as the preview does.
    await api("/api/settings", "PUT", { storeName: "Oak & Pine Furniture Gallery", storeNumber: STORE, timezone: "America/New_York", quietHours: null });
    await api("/api/reps", "POST", { name: "Sam", phone: SAM });
    for (const [name, phone] of [["Jane Doe", "212-555-0100"], ["Bob Stone", "212-555-0177"], ["Carl Ray", "212-555-0178"]]) {
      expect(await text(SAM, `new ${name} ${phone} blue recliner`)).toContain("✓");
    }
    for (const l of await api<{ id: number; name: string }[]>("/api/leads")) leads[l.name.split(" ")[0]!] = l.id;
    browser = await launch(PHONE);
    await signIn(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await beback?.stop({ removeFiles: true });
  });

  it("drops a lead's answer that comes after the owner opened another lead: Carl stays, and Send and End act on Carl", async () => {
    const { page } = browser;
    const slow = await holdBack(page, `/api/leads/${leads.Jane}`);
    await go(page, `#lead/${leads.Jane}`);
    await slow.asked;
    await go(page, `#lead/${leads.Carl}`);
    await expect.poll(() => page.locator("#lead-view h3").first().textContent()).toMatch(/^Carl Ray/);
    await slow.arrived();
    expect(page.url()).toMatch(new RegExp(`#lead/${leads.Carl}$`));
    expect(await page.locator("#lead-view h3").first().textContent()).toMatch(/^Carl Ray/);
    expect(await page.locator("#lead-view").textContent()).not.toContain("Jane Doe");
    expect(await page.title()).toMatch(/^Carl Ray .*· Beback$/);
    await page.getByRole("button", { name: "End automatic texts" }).click();
    await expect.poll(() => page.locator("#lead-view [role=status]").textContent()).toBe("Automatic texts ended.");
    // Ended, there is nothing left to end: Resume alone (page audit).
    expect(await page.getByRole("button", { name: "End automatic texts" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Resume" }).count()).toBe(1);
    expect((await api<Lead>(`/api/leads/${leads.Carl}`)).nextAt).toBeNull();
    expect((await api<Lead>(`/api/leads/${leads.Jane}`)).nextAt).not.toBeNull();
  });

  it("drops a late answer's title and focus too: results then Reps, a lead then Leads, a period then another", async () => {
    const { page } = browser;
    const stats = await holdBack(page, "/api/stats?days=30");
    await go(page, "#results");
    await stats.asked;
    await go(page, "#reps");
    await expect.poll(() => focused(page)).toBe("H2 Reps");
    await stats.arrived();
    expect(await page.title()).toBe("Reps · Beback");
    expect(await focused(page)).toBe("H2 Reps");
    expect(await page.locator("#view-results").isVisible()).toBe(false);

    const lead = await holdBack(page, `/api/leads/${leads.Bob}`);
    await go(page, `#lead/${leads.Bob}`);
    await lead.asked;
    await go(page, "#leads");
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("3 leads, newest first");
    await lead.arrived();
    expect(await page.title()).toBe("Leads · Beback");
    expect(await focused(page)).toBe("H2 Leads");
    expect(await page.locator("#lead-view").isVisible()).toBe(false);
    expect(await page.locator("#lead-list-view").isVisible()).toBe(true);

    // 7 days asked slowly, then 90: the page says 90.
    await go(page, "#results");
    await expect.poll(() => page.locator("#results-body").textContent()).toContain("Last 30 days");
    const seven = await holdBack(page, "/api/stats?days=7");
    await page.click("[data-days='7']");
    await seven.asked;
    await page.click("[data-days='90']");
    await expect.poll(() => page.locator("#results-body").textContent()).toContain("Last 90 days");
    await seven.arrived();
    expect(await page.locator("#results-body").textContent()).toContain("Last 90 days");
    await page.click("[data-days='30']");
    await expect.poll(() => page.locator("#results-body").textContent()).toContain("Last 30 days");
  });

  it("drops the other series' late answer: the editor never shows (nor saves) after-sale texts as the be-back ones", async () => {
    const { page } = browser;
    const before = await api<Series>("/api/series/beback");
    await go(page, "#series");
    await expect.poll(() => page.locator("#steps .step").count()).toBe(before.steps.length);
    const aftersale = await holdBack(page, "/api/series/aftersale");
    await page.selectOption("#series-key", "aftersale");
    await aftersale.asked;
    await page.selectOption("#series-key", "beback");
    await aftersale.arrived();
    expect(await page.inputValue("#series-key")).toBe("beback");
    expect(await page.locator("#steps .step").count()).toBe(before.steps.length);
    expect(await page.locator("#steps .step").first().getByLabel("Words", { exact: true }).inputValue()).toBe(before.steps[0]!.body);
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Texts saved.");
    expect((await api<Series>("/api/series/beback")).steps).toEqual(before.steps);
  });

  it("previews after-sale step 1 as the first text of a customer who buys on their first visit, as Beback sends it", async () => {
    const { page } = browser;
    await go(page, "#series");
    await page.selectOption("#series-key", "aftersale");
    const first = page.locator("#steps .step").first();
    await expect.poll(() => first.locator(".bubble-preview").first().textContent()).toMatch(/Reply STOP to opt out\.$/);
    expect(await first.locator(".hint", { hasText: "first visit" }).textContent()).toBe(
      "A customer who buys on their first visit gets this as their first text from the store: it ends with the store's name and how to opt out.",
    );
    expect(await page.locator("#steps .step").nth(1).locator(".bubble-preview").first().textContent()).not.toContain("STOP");
    const preview = (await first.locator(".bubble-preview").first().textContent())!;
    const meta = (await first.locator(".meta").first().textContent())!;
    // A customer who buys on their first visit: their first text is after-sale step 1.
    expect(await text(SAM, "new Jane Doe 212-555-0190 blue recliner")).toContain("✓");
    const id = (await api<{ id: number; name: string }[]>("/api/leads"))[0]!.id;
    await text(SAM, `sold #${id}`);
    expect(await api(`/api/leads/${id}`)).toMatchObject({ status: "sold", seriesKey: "aftersale" });
    await api("/api/demo/send-next-now", "POST");
    let sent = "";
    await expect.poll(async () => (sent = (await api<Lead>(`/api/leads/${id}`)).messages.find((m) => m.kind === "series")?.body ?? ""), { timeout: 20_000 }).not.toBe("");
    expect(sent).toBe(preview);
    const count = countSegments(sent);
    expect(count.segments).toBe(2);
    expect(meta).toContain(`${count.units} characters · ${count.segments} segments`);
  });

  it("prices the words with the photo as one MMS, not by SMS segments", async () => {
    const { page } = browser;
    await page.selectOption("#series-key", "beback");
    const withPhoto = page.locator("#steps .step").first().locator(".meta").nth(1);
    await expect.poll(() => withPhoto.textContent()).toBe("1 MMS with the photo, priced per message, not per segment · about $2.20 per 100 customers at Twilio's US price");
    // Long words, an emoji: still one MMS at the same price.
    await page.locator("#steps .step").first().getByLabel(/Words with the photo/).fill(`Hi {first_name}, here's the {product} 😍 ${"a".repeat(200)}`);
    await expect.poll(() => withPhoto.textContent()).toContain("1 MMS with the photo");
    expect(await withPhoto.textContent()).toContain("$2.20 per 100 customers");
    // The words without the photo are still counted by their segments.
    expect(await page.locator("#steps .step").first().locator(".meta").first().textContent()).toMatch(/segments? · about \$/);
    page.once("dialog", (d) => void d.accept());
    await go(page, "#leads");
    await expect.poll(() => focused(page)).toBe("H2 Leads");
  });

  it("puts the focus on the step that took a removed one's place, or on Add a step after the last", async () => {
    const tab = await browser.context.newPage();
    try {
      const n = (await api<Series>("/api/series/beback")).steps.length;
      await tab.goto(`${beback.url}/#series`);
      await expect.poll(() => tab.locator("#steps .step").count()).toBe(n);
      await tab.getByRole("button", { name: "Remove Step 2", exact: true }).click();
      expect(await tab.locator("#steps .step").count()).toBe(n - 1);
      expect(await tab.evaluate(() => document.activeElement?.id)).toBe(await tab.locator("#steps .step").nth(1).getByLabel(/Send after/).getAttribute("id"));
      await tab.getByRole("button", { name: `Remove Step ${n - 1}`, exact: true }).click();
      expect(await tab.evaluate(() => document.activeElement?.id)).toBe("add-step");
    } finally {
      await tab.close();
    }
  });

  it("keeps the focus on a moved step's button at its new place, so Enter moves it on, and says where it went", async () => {
    const tab = await browser.context.newPage();
    try {
      const n = (await api<Series>("/api/series/beback")).steps.length;
      expect(n).toBeGreaterThanOrEqual(3);
      await tab.goto(`${beback.url}/#series`);
      await expect.poll(() => tab.locator("#steps .step").count()).toBe(n);
      const words = (i: number) => tab.locator("#steps .step").nth(i).getByLabel("Words", { exact: true });
      const focusedButton = () => tab.evaluate(() => document.activeElement?.getAttribute("aria-label"));
      const said = () => tab.locator("#series-status").textContent();
      const moving = await words(n - 3).inputValue();
      // By keyboard: Enter on "Move Step n-2 down", then Enter again, and again.
      await tab.getByRole("button", { name: `Move Step ${n - 2} down`, exact: true }).focus();
      await tab.keyboard.press("Enter");
      expect(await words(n - 2).inputValue()).toBe(moving);
      expect(await focusedButton()).toBe(`Move Step ${n - 1} down`);
      expect(await said()).toBe(`Step ${n - 2} moved to ${n - 1}.`);
      expect(await tab.getAttribute("#series-status", "role")).toBe("status");
      await tab.keyboard.press("Enter");
      expect(await words(n - 1).inputValue()).toBe(moving);
      // The last step cannot go down: the focus takes its Up button (not its words, where Enter types a line break).
      expect(await focusedButton()).toBe(`Move Step ${n} up`);
      expect(await said()).toBe(`Step ${n - 1} moved to ${n}.`);
      await tab.keyboard.press("Enter");
      expect(await words(n - 2).inputValue()).toBe(moving);
      expect(await focusedButton()).toBe(`Move Step ${n - 1} up`);
      expect(await said()).toBe(`Step ${n} moved to ${n - 1}.`);
    } finally {
      await tab.close();
    }
  });

  it("marks every step to fix on one Save: a delay that is not one and words left empty, as the API names every issue", async () => {
    const tab = await browser.context.newPage();
    try {
      const before = await api<Series>("/api/series/beback");
      await tab.goto(`${beback.url}/#series`);
      await expect.poll(() => tab.locator("#steps .step").count()).toBe(before.steps.length);
      const step = (i: number) => tab.locator("#steps .step").nth(i);
      const delay = step(1).getByLabel(/Send after/);
      const empty = step(2).getByLabel("Words", { exact: true });
      await delay.fill("5x");
      await empty.fill("");
      await tab.click("#save-series");
      await expect.poll(() => tab.locator("#series-status").textContent()).toBe("Not saved. Please fix the steps marked in red.");
      expect(await step(1).locator("[id$=-after-error]").textContent()).toBe("Step 2's delay must be a number and a unit, like 20m, 18h, 3d or 2w (at most 732 days).");
      expect(await delay.getAttribute("aria-invalid")).toBe("true");
      expect(await step(2).locator("[id$=-body-error]").first().textContent()).toBe("Step 3 has no words: write its text, or remove the step.");
      expect(await empty.getAttribute("aria-invalid")).toBe("true");
      expect(await tab.evaluate(() => document.activeElement?.id)).toBe(await delay.getAttribute("id"));
      expect(await api<Series>("/api/series/beback")).toEqual(before);
      // One problem left: the status says it. The delay's error goes as soon as the delay changes.
      await delay.fill(before.steps[1]!.after);
      expect(await step(1).locator("[id$=-after-error]").isHidden()).toBe(true);
      await tab.click("#save-series");
      await expect.poll(() => tab.locator("#series-status").textContent()).toBe("Not saved: Step 3 has no words: write its text, or remove the step.");
      expect(await delay.getAttribute("aria-invalid")).toBeNull();
      expect(await tab.evaluate(() => document.activeElement?.id)).toBe(await empty.getAttribute("id"));
      // What only the API checks (words too long for a text) is marked at every step on one Save too.
      await empty.fill(before.steps[2]!.body);
      await step(0).getByLabel("Words", { exact: true }).fill("a".repeat(1700));
      await step(3).getByLabel("Words", { exact: true }).fill("b".repeat(1700));
      await tab.click("#save-series");
      await expect.poll(() => tab.locator("#series-status").textContent()).toBe("Not saved. Please fix the steps marked in red.");
      expect(await step(0).locator("[id$=-body-error]").first().textContent()).toMatch(/^Step 1 must be at most 1600 characters/);
      expect(await step(3).locator("[id$=-body-error]").first().textContent()).toMatch(/^Step 4 must be at most 1600 characters/);
      expect(await api<Series>("/api/series/beback")).toEqual(before);
      const res = await beback.api("/api/series/beback", { method: "PUT", json: { steps: [{ after: "5x", body: "Hi" }, { after: "2d", body: " " }] } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["steps.0.after", "steps.1.body"]);
    } finally {
      await tab.close();
    }
  });

  it("saves nothing over another tab's saved texts: says so, and offers to load them or save anyway", async () => {
    const a = browser.page;
    const b = await browser.context.newPage();
    try {
      const words = (page: Page, i: number) => page.locator("#steps .step").nth(i).getByLabel("Words", { exact: true });
      const step2 = (await api<Series>("/api/series/beback")).steps[1]!.body;
      const n = (await api<Series>("/api/series/beback")).steps.length;
      await go(a, "#series");
      await expect.poll(() => a.locator("#steps .step").count()).toBe(n);
      await b.goto(`${beback.url}/#series`);
      await expect.poll(() => b.locator("#steps .step").count()).toBe(n);
      await words(b, 2).fill("Step 3 as the other tab saved it");
      await b.click("#save-series");
      await expect.poll(() => b.locator("#series-status").textContent()).toContain("Texts saved.");

      await words(a, 1).fill("Step 2 as this tab has it");
      await a.click("#save-series");
      await expect.poll(() => a.locator("#series-status").textContent()).toBe(
        "Not saved: these texts were changed in another tab or on another device since this page loaded them. Load the saved texts (your changes here are dropped), or save yours over them.",
      );
      expect(await a.getAttribute("#series-status", "role")).toBe("alert");
      expect(await focused(a)).toBe("BUTTON Load the saved texts");
      let saved = await api<Series>("/api/series/beback");
      expect(saved.steps[2]!.body).toBe("Step 3 as the other tab saved it");
      expect(saved.steps[1]!.body).not.toBe("Step 2 as this tab has it");

      // Load: the other tab's texts, then this tab's change on top of them is saved.
      await a.getByRole("button", { name: "Load the saved texts" }).click();
      await expect.poll(() => words(a, 2).inputValue()).toBe("Step 3 as the other tab saved it");
      expect(await a.locator("#series-status").textContent()).toBe("These are the texts as saved now.");
      expect(await a.getByRole("button", { name: "Save mine anyway" }).count()).toBe(0);
      await words(a, 1).fill("Step 2 as this tab has it");
      await a.click("#save-series");
      await expect.poll(() => a.locator("#series-status").textContent()).toContain("Texts saved.");
      saved = await api<Series>("/api/series/beback");
      expect([saved.steps[1]!.body, saved.steps[2]!.body]).toEqual(["Step 2 as this tab has it", "Step 3 as the other tab saved it"]);

      // Save anyway: the owner's choice, over what the other tab saved.
      await words(b, 3).fill("Step 4 from the other tab, saved anyway");
      await b.click("#save-series");
      await expect.poll(() => b.locator("#series-status").textContent()).toMatch(/^Not saved: these texts were changed in another tab/);
      await b.getByRole("button", { name: "Save mine anyway" }).click();
      await expect.poll(() => b.locator("#series-status").textContent()).toContain("Texts saved.");
      saved = await api<Series>("/api/series/beback");
      expect([saved.steps[1]!.body, saved.steps[2]!.body, saved.steps[3]!.body]).toEqual([step2, "Step 3 as the other tab saved it", "Step 4 from the other tab, saved anyway"]);
    } finally {
      await b.close();
    }
  });

  it("says \"Sent.\" in a status line that was on the page, empty, before the text went", async () => {
    const { page } = browser;
    await go(page, `#lead/${leads.Bob}`);
    await expect.poll(() => page.locator("#lead-view h3").first().textContent()).toMatch(/^Bob Stone/);
    const line = "#lead-view [role=status]";
    expect(await liveRegion(page, line)).toEqual({ ignored: false, role: "status", live: "polite", height: 0 });
    const before = await page.locator(line).elementHandle();
    await page.fill("#compose", "The recliner is in, want to see it Saturday?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => page.locator(line).textContent()).toBe("Sent.");
    // The very line a screen reader was watching, not a new one built with its words in it.
    expect(await before!.evaluate((el) => [el.isConnected, el.textContent])).toEqual([true, "Sent."]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("compose");
    await expect.poll(() => page.locator(".thread .msg").last().textContent()).toContain("The recliner is in");
  });

  it("marks the current tab and the period shown by more than a background, which forced colours (Windows High Contrast) drop", async () => {
    const tab = await browser.context.newPage();
    try {
      await tab.goto(`${beback.url}/#results`);
      await tab.locator("#results-body", { hasText: "Last 30 days" }).waitFor();
      for (const forcedColors of ["none", "active"] as const) {
        await tab.emulateMedia({ forcedColors });
        expect(await drawn(tab, "nav.tabs a[aria-current=page]"), forcedColors).not.toEqual(await drawn(tab, "nav.tabs a:not([aria-current])"));
        expect(await drawn(tab, ".seg button[aria-pressed=true]"), forcedColors).not.toEqual(await drawn(tab, ".seg button[aria-pressed=false]"));
      }
    } finally {
      await tab.close();
    }
  });

  it("greys out a field that takes no input (quiet hours while Off, an opted-out number's text box), its words still readable", async () => {
    const tab = await browser.context.newPage();
    try {
      const greyed = async (selector: string, like: string) => {
        expect(await tab.isDisabled(selector), selector).toBe(true);
        expect(await tab.isDisabled(like), like).toBe(false);
        const [off, on] = [await drawn(tab, selector), await drawn(tab, like)];
        expect(off.background, selector).not.toBe(on.background);
        expect(off.color, selector).not.toBe(on.color);
        expect(contrast(off.color, off.background), selector).toBeGreaterThanOrEqual(4.5);
      };
      expect((await api<{ quietHours: unknown }>("/api/settings")).quietHours).toBeNull();
      await tab.goto(`${beback.url}/#settings`);
      await tab.locator("#s-quietStart").waitFor();
      await expect.poll(() => tab.inputValue("#s-storeName")).toBe("Oak & Pine Furniture Gallery");
      await greyed("#s-quietStart", "#s-storeName");
      await greyed("#s-quietEnd", "#s-storeName");
      // Jane opts out: her text box cannot be used, and looks it (Bob's can).
      await text("+12125550100", "STOP");
      await tab.goto(`${beback.url}/#lead/${leads.Jane}`);
      await tab.locator("#compose").waitFor();
      await expect.poll(() => tab.isDisabled("#compose")).toBe(true);
      const box = await drawn(tab, "#compose");
      await tab.goto(`${beback.url}/#lead/${leads.Bob}`);
      await expect.poll(() => tab.isDisabled("#compose")).toBe(false);
      const usable = await drawn(tab, "#compose");
      expect(box.background).not.toBe(usable.background);
      expect(contrast(box.color, box.background)).toBeGreaterThanOrEqual(4.5);
    } finally {
      await tab.close();
    }
  });

  it("shows a customer's HELP and the store's answer in the lead's conversation", async () => {
    const { page } = browser;
    const answer = await text("+12125550178", "HELP");
    expect(answer).toContain("Oak &amp; Pine");
    await go(page, "#leads");
    await go(page, `#lead/${leads.Carl}`);
    const thread = page.locator(".thread .msg");
    await expect.poll(() => thread.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Customer\s*HELP/), expect.stringMatching(/^Automatic reply\s*Oak & Pine Furniture Gallery: /)]));
    expect(browser.errors).toEqual([]);
    expect(browser.external).toEqual([]);
  });
});
