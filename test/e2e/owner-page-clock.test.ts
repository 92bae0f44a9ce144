// The owner page's store clock in a real Chromium: the time-zone picker knows the zones by
// their current names (Asia/Kolkata, Europe/Kyiv), as the server saves them; and "today",
// "tomorrow" and "yesterday" are calendar days in the store's zone on the night the clocks
// go forward (the page's clock is set; the server's is the real one).
// Skipped, saying so, when Chromium is absent (test/e2e/browser.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launch, PHONE, type Browser } from "./browser";
import { inboundSmsParams, postWebhook, startBeback, type BebackServer } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";

describe.skipIf(!chromiumPath)("the owner page's store clock in Chromium", () => {
  let beback: BebackServer;
  let browser: Browser;

  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const res = await beback.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const text = (from: string, body: string) => postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ from, to: STORE, body }), { signature: null });

  beforeAll(async () => {
    beback = await startBeback();
    browser = await launch(PHONE);
    await api("/api/settings", "PUT", { storeName: "Oak & Pine Furniture", storeNumber: STORE, timezone: "America/New_York", quietHours: null });
    await api("/api/reps", "POST", { name: "Sam Rivera", phone: SAM });
  });
  afterAll(async () => {
    await browser?.close();
    await beback?.stop({ removeFiles: true });
  });

  it("offers and saves the zones by their current names; the old names still work", async () => {
    const { page } = browser;
    await page.goto(`${beback.url}/#token=${encodeURIComponent(beback.ownerToken())}`);
    await page.goto(`${beback.url}/#settings`);
    await page.locator("#view-settings").waitFor({ state: "visible" });
    const offered = await page.locator("#zones option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    for (const zone of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "Asia/Yangon", "Asia/Kathmandu", "America/Nuuk"]) expect(offered).toContain(zone);
    for (const zone of ["Asia/Calcutta", "Europe/Kiev", "Asia/Saigon", "Asia/Rangoon", "Asia/Katmandu", "America/Godthab"]) expect(offered).not.toContain(zone);

    const hint = () => page.locator("#tz-hint").textContent();
    for (const [typed, zone] of [["Kolkata", "Asia/Kolkata"], ["Kyiv", "Europe/Kyiv"], ["Ho Chi Minh", "Asia/Ho_Chi_Minh"], ["Yangon", "Asia/Yangon"], ["Kathmandu", "Asia/Kathmandu"], ["Nuuk", "America/Nuuk"], ["Asia/Calcutta", "Asia/Kolkata"], ["Kiev", "Europe/Kyiv"]]) {
      await page.fill("#s-timezone", typed!);
      await expect.poll(hint).toMatch(new RegExp(`^Saved as ${zone!.replace("/", "\\/")}\\. It is `));
    }
    await page.fill("#s-timezone", "Asia/Kolkata");
    await expect.poll(hint).toMatch(/^It is /);
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await api("/api/settings")).toMatchObject({ timezone: "Asia/Kolkata" });
    expect(await page.inputValue("#s-timezone")).toBe("Asia/Kolkata");

    await page.fill("#s-timezone", "Kyiv");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await api("/api/settings")).toMatchObject({ timezone: "Europe/Kyiv" });
    expect(await page.inputValue("#s-timezone")).toBe("Europe/Kyiv");
    await api("/api/settings", "PUT", { timezone: "America/New_York" });
  });

  it("says tomorrow for the next calendar day in the store's zone on the night the clocks go forward", async () => {
    // Next year's spring-forward in New York (the second Sunday of March), within the 2 years a pause may reach.
    const year = new Date().getUTCFullYear() + 1;
    const sunday = 1 + ((7 - new Date(Date.UTC(year, 2, 1)).getUTCDay()) % 7) + 7;
    await text(SAM, "new Dee Park 555-0101 sofa");
    await text(SAM, "new Eve Lam 555-0102 chair");
    const leads = await api<{ id: number; name: string }[]>("/api/leads");
    const id = (name: string) => leads.find((l) => l.name === name)!.id;
    // Sunday 9:00 EDT and Monday 9:00 EDT.
    await api(`/api/leads/${id("Eve Lam")}/pause`, "POST", { until: new Date(Date.UTC(year, 2, sunday, 13)).toISOString() });
    await api(`/api/leads/${id("Dee Park")}/pause`, "POST", { until: new Date(Date.UTC(year, 2, sunday + 1, 13)).toISOString() });

    const { page } = browser;
    // Saturday 23:30 EST: Monday is 24 hours away, and two calendar days.
    await page.clock.setFixedTime(new Date(Date.UTC(year, 2, sunday, 4, 30)));
    await page.goto(`${beback.url}/#leads`);
    await page.reload();
    const row = (name: string) => page.locator(".lead-item", { hasText: name }).locator(".l2").textContent().then((t) => t?.replace(/\u202f/g, " "));
    await expect.poll(() => row("Dee Park")).toContain(`Paused until Mon, Mar ${sunday + 1}, 9:00 AM`);
    expect(await row("Eve Lam")).toContain("Paused until tomorrow 9:00 AM");
    expect(browser.errors).toEqual([]);
  });
});
