// A rep's +1 phone in a store outside North America, on the owner's page and the phone
// simulator in Chromium against `npm start`: the card shows it in its international form
// ("+1 646 555 0111", which reads back to itself), and renaming the rep or unticking Active
// never changes it — it once became a local number of the store's country (+52 646 555 0111
// in a Mexican store, +44 718 555 0122 in a British one). Skipped, saying so, when Chromium
// is absent (test/e2e/browser.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, chromiumPath, launch, PHONE, type Browser } from "./browser";
import { startBeback, type BebackServer } from "./harness";

interface Rep {
  id: number;
  name: string;
  phone: string;
  active: boolean;
}

if (!chromiumPath) console.warn(`\n⚠ Browser tests SKIPPED: Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium).\n`);

describe.skipIf(!chromiumPath)("a rep's +1 phone in a store of another country, in Chromium", () => {
  let beback: BebackServer;
  let browser: Browser;

  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const res = await beback.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  /** The Reps tab loaded anew (the page loads the reps once, at sign-in or a reload). */
  const openReps = async (page: Browser["page"]) => {
    await page.goto(`${beback.url}/#reps`);
    await page.reload();
  };
  const repNamed = async (name: string) => (await api<Rep[]>("/api/reps")).find((r) => r.name === name);

  beforeAll(async () => {
    beback = await startBeback();
    browser = await launch(PHONE);
    await browser.page.goto(`${beback.url}/#token=${encodeURIComponent(beback.ownerToken())}`);
    await browser.page.locator("#view-results").waitFor({ state: "visible" });
  });
  afterAll(async () => {
    await browser?.close();
    await beback?.stop({ removeFiles: true });
  });

  it("in a Mexican store: shown as +1 646 555 0111, and a rename or Active unticked keeps it", async () => {
    const { page } = browser;
    await api("/api/settings", "PUT", { defaultCountry: "MX", storeNumber: "+523312345678" });
    const luis = await api<Rep>("/api/reps", "POST", { name: "Luis", phone: "+1 646 555 0111" });
    expect(luis.phone).toBe("+16465550111");
    await openReps(page);
    const card = page.locator(`[data-rep="${luis.id}"]`);
    await card.waitFor({ state: "visible" });
    expect(await card.locator("input[type=tel]").inputValue()).toBe("+1 646 555 0111");

    await card.locator("input[id$=-name]").fill("Luis Garcia");
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Luis Garcia.");
    expect(await repNamed("Luis Garcia")).toEqual({ id: luis.id, name: "Luis Garcia", phone: "+16465550111", active: true });
    expect(await card.locator("input[type=tel]").inputValue()).toBe("+1 646 555 0111");

    // The simulator's "Be Luis Garcia" is Luis's phone: his "help" is answered as a rep's.
    await page.goto(`${beback.url}/phone.html`);
    await page.getByRole("button", { name: "Be Luis Garcia" }).click();
    await expect.poll(() => page.inputValue("#me1")).toBe("+1 646 555 0111");
    await expect.poll(() => page.locator("#who1").textContent()).toBe("This is Luis Garcia's phone (a rep).");
    await page.fill("#body1", "help");
    await page.click("#send1 button");
    await expect.poll(() => page.locator("#thread1").textContent()).toContain("Beback: new Jane 555-0100 recliner");
    expect(await api<unknown[]>("/api/leads")).toEqual([]);
    // Typed without its +, the number is read in Mexico: another phone, not Luis's.
    await page.fill("#me1", "(646) 555-0111");
    await page.dispatchEvent("#me1", "change");
    await expect.poll(() => page.locator("#who1").textContent()).toBe("This is a customer's phone.");

    await openReps(page);
    await card.waitFor({ state: "visible" });
    await card.locator("input[type=checkbox]").uncheck();
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Luis Garcia.");
    expect(await repNamed("Luis Garcia")).toEqual({ id: luis.id, name: "Luis Garcia", phone: "+16465550111", active: false });

    // A phone the owner does change is saved as typed, read in the store's country.
    await card.locator("input[type=tel]").fill("+1 646 555 0199");
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Luis Garcia.");
    expect((await repNamed("Luis Garcia"))?.phone).toBe("+16465550199");
    expect(await card.locator("input[type=tel]").inputValue()).toBe("+1 646 555 0199");
    expect(browser.errors).toEqual([]);
  });

  it("in a British store: unticking Active on a +1 718 555 0122 rep keeps the number", async () => {
    const { page } = browser;
    await api("/api/settings", "PUT", { defaultCountry: "GB", storeNumber: "+447700900000" });
    const ana = await api<Rep>("/api/reps", "POST", { name: "Ana", phone: "+1 718 555 0122" });
    await openReps(page);
    const card = page.locator(`[data-rep="${ana.id}"]`);
    await card.waitFor({ state: "visible" });
    expect(await card.locator("input[type=tel]").inputValue()).toBe("+1 718 555 0122");
    await card.locator("input[type=checkbox]").uncheck();
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Ana.");
    expect(await repNamed("Ana")).toEqual({ id: ana.id, name: "Ana", phone: "+17185550122", active: false });

    // Back in a US store, the same number is shown as a US owner writes it, and still kept.
    await api("/api/settings", "PUT", { defaultCountry: "US" });
    await page.reload();
    await card.waitFor({ state: "visible" });
    expect(await card.locator("input[type=tel]").inputValue()).toBe("(718) 555-0122");
    await card.locator("input[type=checkbox]").check();
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Ana.");
    expect(await repNamed("Ana")).toEqual({ id: ana.id, name: "Ana", phone: "+17185550122", active: true });
    expect(browser.errors).toEqual([]);
  });
});
