// The owner's page and the phone simulator in a real Chromium (Debian's, through
// playwright-core) against `npm start` on loopback with the local outbox: sign-in both
// ways, settings saved with their defaults, a field error, reps, the series editor's live
// segment count, leads and a conversation, the simulator's whole story, and phone-first
// rules (44 px targets, 360 px wide, no external requests, CSP, JS under 40 KB).
// Skipped, saying so, when Chromium is absent (test/e2e/browser.ts).
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibleDescription, CHROMIUM, chromiumPath, DESKTOP, launch, liveRegion, PHONE, smallTapTargets, type Browser } from "./browser";
import { freePort, inboundSmsParams, postWebhook, REPO_ROOT, startBeback, type BebackServer } from "./harness";

const STORE = "+12125550000";
const SAM = "+12125550111";
/** BEBACK_SCREENSHOTS=1 writes the README's screenshots into docs/screenshots/. */
const SHOTS = process.env.BEBACK_SCREENSHOTS === "1" ? join(REPO_ROOT, "docs", "screenshots") : null;

if (!chromiumPath) console.warn(`\n⚠ Browser tests SKIPPED: Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium).\n`);

describe.skipIf(!chromiumPath)("the owner's page in Chromium", () => {
  let beback: BebackServer;
  let phone: Browser;

  const api = async <T>(path: string, method = "GET", json?: unknown): Promise<T> => {
    const res = await beback.api(path, { method, ...(json === undefined ? {} : { json }) });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const text = (from: string, body: string) => postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ from, to: STORE, body }), { signature: null });
  const shot = async (b: Browser, name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await b.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  };

  beforeAll(async () => {
    // A token as `openssl rand -base64 24` makes them (the docs' advice): its "+" must stay a "+" in the link.
    beback = await startBeback({ vars: { OWNER_TOKEN: "Xq3+kP9/vL2mR8+tN4wZ7yBc5dE=" } });
    phone = await launch(PHONE);
  });
  afterAll(async () => {
    await phone?.close();
    await beback?.stop({ removeFiles: true });
  });

  it("signs in by pasting the printed URL into a tab already showing the sign-in form", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/`);
    await page.locator("#signin").waitFor({ state: "visible" });
    // The link exactly as npm start printed it (its host is localhost; this page's is the harness's loopback address).
    const printed = /Owner sign-in [^:]*: \S+(#token=\S+)/.exec(beback.output())?.[1];
    // A code good for a day, not the token: Chromium keeps every address it opened in its history.
    expect(printed).toMatch(/^#token=\d+\.[A-Za-z0-9_-]{43}$/);
    expect(beback.output()).not.toContain("#token=Xq3+kP9/vL2mR8+tN4wZ7yBc5dE=");
    expect(beback.output()).toContain("API: curl -H 'Authorization: Bearer Xq3+kP9/vL2mR8+tN4wZ7yBc5dE=' http://localhost:");
    await page.goto(`${beback.url}/${printed}`); // same document: a hashchange
    await page.locator("#view-results").waitFor({ state: "visible" });
    expect(page.url()).not.toContain("token");
    await expect.poll(() => page.locator("#results-body").textContent()).toContain("No reps yet");
  });

  it("an old sign-in link opened in a browser still signed in says so and shows the page (not the sign-in form)", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#results`);
    await page.reload();
    await page.locator("#view-results").waitFor({ state: "visible" });
    // A link whose code expired long ago (its shape as npm start prints it).
    await page.goto(`${beback.url}/#token=1000000000.${"A".repeat(43)}`);
    await expect.poll(() => page.locator("#page-status").textContent()).toBe("That sign-in link did not work, but this browser is still signed in.");
    expect(await page.locator("#view-results").isVisible()).toBe(true);
    expect(await page.locator("#signin").isVisible()).toBe(false);
    expect(page.url()).not.toContain("token");
    // Opened afresh (a new page load, not a hashchange), the same.
    await page.goto("about:blank");
    await page.goto(`${beback.url}/#token=1000000000.${"A".repeat(43)}`);
    await expect.poll(() => page.locator("#page-status").textContent()).toBe("That sign-in link did not work, but this browser is still signed in.");
    expect(await page.locator("#signin").isVisible()).toBe(false);
  });

  it("signs in with the token typed in, and says a wrong one in words", async () => {
    const other = await launch(PHONE);
    try {
      await other.page.goto(`${beback.url}/`);
      await other.page.click("#signin-form button");
      await expect.poll(() => other.page.locator("#token-error").textContent()).toBe("Paste the sign-in link or the token first.");
      await other.page.fill("#token", "not-the-token");
      await other.page.click("#signin-form button");
      await expect.poll(() => other.page.locator("#token-error").textContent()).toContain("That token is not right");
      expect(await other.page.getAttribute("#token", "aria-invalid")).toBe("true");
      // A sign-in link's code that expired says so.
      await other.page.fill("#token", `${beback.url}/#token=1000000000.${"A".repeat(43)}`);
      await other.page.click("#signin-form button");
      await expect.poll(() => other.page.locator("#token-error").textContent()).toBe("That sign-in link has expired: paste the owner token.");
      // By keyboard alone: type the token and press Enter.
      await other.page.fill("#token", "");
      await other.page.focus("#token");
      await other.page.keyboard.type(beback.ownerToken());
      await other.page.keyboard.press("Enter");
      await other.page.locator("#view-results").waitFor({ state: "visible" });
    } finally {
      await other.close();
    }
  });

  it("signs out: the sign-in form is back, and a copy of the browser's cookie no longer works", async () => {
    const other = await launch(PHONE);
    try {
      await other.page.goto(`${beback.url}/#token=${encodeURIComponent(beback.ownerToken())}`);
      await other.page.locator("#view-results").waitFor({ state: "visible" });
      await expect.poll(() => other.page.locator("#results-body").textContent()).toContain("No reps yet");
      const [cookie] = await other.context.cookies(beback.url + "/api");
      expect(cookie?.name).toBe("beback_session");
      expect(cookie?.value).not.toContain(beback.ownerToken()); // a session, not the token
      const copy = `${cookie!.name}=${cookie!.value}`;
      expect((await fetch(`${beback.url}/api/settings`, { headers: { cookie: copy } })).status).toBe(200);
      await other.page.getByRole("button", { name: "Sign out" }).click();
      await other.page.locator("#signin").waitFor({ state: "visible" });
      expect((await fetch(`${beback.url}/api/settings`, { headers: { cookie: copy } })).status).toBe(401);
      // Nothing the owner saw stays in the page, hidden (a shared shop computer): it starts afresh.
      await expect.poll(() => other.page.locator("#results-body").textContent()).toBe("");
      expect(await other.page.evaluate(() => document.activeElement?.id)).toBe("token");
      // The other browser (signed in before) is still in.
      expect(await phone.page.evaluate(async () => (await fetch("/api/settings")).status)).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("refuses a change a page of another origin starts with the owner's cookie (same site, another port)", async () => {
    // Another local app, signed-in owner's browser: a text/plain form and a no-cors fetch.
    const port = await freePort();
    const target = beback.url;
    const pages: Record<string, string> = {
      "/form": `<form id=f method=POST enctype="text/plain" action="${target}/api/reps"><input name='{"name":"Mallory","phone":"+12125550199","x":"' value='"}'></form><script>f.submit()</script>`,
      "/fetch": `<script>fetch("${target}/api/reps",{method:"POST",mode:"no-cors",credentials:"include",headers:{"content-type":"text/plain"},body:JSON.stringify({name:"Mallory",phone:"+12125550197"})}).then(()=>document.title="sent")</script>`,
      "/sms": `<form id=f method=POST action="${target}/twilio/sms"><input name=MessageSid value="SM0000000000000000000000000000beef"><input name=From value="${SAM}"><input name=To value="${STORE}"><input name=Body value="new Victim 212-555-0166 sofa"></form><script>f.submit()</script>`,
    };
    const other = createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><body>${pages[req.url ?? ""] ?? ""}`));
    await new Promise<void>((r) => other.listen(port, "127.0.0.1", r));
    const owner = await launch(PHONE);
    try {
      await owner.page.goto(`${beback.url}/#token=${encodeURIComponent(beback.ownerToken())}`);
      await owner.page.locator("#view-results").waitFor({ state: "visible" });
      const before = { reps: await api<unknown[]>("/api/reps"), leads: await api<unknown[]>("/api/leads") };
      // What reached Beback from each attacking page: a form's navigation shows Beback's
      // answer; a no-cors fetch's answer the browser withholds from the other origin
      // (Cross-Origin-Resource-Policy), so it shows as blocked — after Beback answered.
      const seen: (number | string)[] = [];
      owner.context.on("response", (r) => {
        if (r.url().startsWith(target)) seen.push(r.status());
      });
      owner.context.on("requestfailed", (r) => {
        if (r.url().startsWith(target)) seen.push(r.failure()?.errorText ?? "failed");
      });
      const expected: Record<string, number | string> = { "/form": 403, "/fetch": "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin", "/sms": 403 };
      for (const path of Object.keys(pages)) {
        const attack = await owner.context.newPage();
        seen.length = 0;
        await attack.goto(`http://127.0.0.1:${port}${path}`);
        await expect.poll(() => seen, { timeout: 30_000, message: path }).toEqual([expected[path]]);
        await attack.close();
      }
      // Nothing changed: the proof for the fetch, whose answer the browser kept to itself.
      expect({ reps: await api<unknown[]>("/api/reps"), leads: await api<unknown[]>("/api/leads") }).toEqual(before);
    } finally {
      await owner.close();
      other.close();
    }
  });

  it("saves the settings with their defaults, and shows a bad time zone next to its field", async () => {
    const { page } = phone;
    // A store still under the default name (customers would read "Our store") is asked for
    // one in the header, which leads to the settings.
    await page.goto(`${beback.url}/#results`);
    await page.locator("#view-results").waitFor({ state: "visible" });
    await expect.poll(() => page.locator("#name-store").isVisible()).toBe(true);
    // On the narrowest phone it is a whole target and the header still fits.
    await page.setViewportSize({ width: 360, height: 740 });
    expect((await page.locator("#name-store").boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize(PHONE);
    await page.click("#name-store");
    await page.locator("#view-settings").waitFor({ state: "visible" });
    expect(await page.inputValue("#s-storeName")).toBe("Our store");
    expect(await page.locator("#s-storeName").getAttribute("aria-describedby")).toContain("storeName-hint");
    expect(await page.inputValue("#s-rate")).toBe("1");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await page.getAttribute("#settings-status", "class")).toContain("ok");

    await page.fill("#s-timezone", "Mars/Olympus");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#err-timezone").textContent()).toContain("Time zone must be a zone from the list, such as America/Chicago");
    expect(await page.getAttribute("#s-timezone", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#settings-status", "class")).toContain("err");
    expect(await page.locator("#settings-status").textContent()).not.toMatch(/[{}]|timezone:/);

    // A city alone is read as its zone, as the server reads it.
    await page.fill("#s-timezone", "chicago");
    await expect.poll(() => page.locator("#tz-hint").textContent()).toMatch(/^Saved as America\/Chicago\. It is /);
    await page.fill("#s-timezone", "America/New_York");
    await page.fill("#s-storeName", "Oak & Pine Furniture");
    await page.fill("#s-storeNumber", "(212) 555-0000");
    // Quiet hours On with Until left empty is refused at Until; then Off saves, and nothing stays marked red.
    await page.check("input[name=quiet][value=on]");
    await page.fill("#s-quietEnd", "");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#err-quietHours").textContent()).toBe("Quiet hours need both a start and an end time, or choose Off.");
    expect(await page.getAttribute("#s-quietEnd", "aria-invalid")).toBe("true");
    await page.check("input[name=quiet][value=off]");
    expect(await page.isDisabled("#s-quietStart")).toBe(true);
    await page.selectOption("#s-rate", "3");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await page.locator("#store-name").textContent()).toBe("Oak & Pine Furniture");
    expect(await page.locator("#name-store").isVisible()).toBe(false);
    expect(await page.locator("#settings-form [aria-invalid]").count()).toBe(0);
    expect(await page.locator("#err-quietHours").isVisible()).toBe(false);
    expect(await api("/api/settings")).toMatchObject({ storeNumber: STORE, timezone: "America/New_York", quietHours: null, sendRatePerSecond: 3 });
    expect(await page.locator("#err-timezone").isVisible()).toBe(false);
    // Once the store has a number, clearing it is refused by name, not "saved" with the old one kept.
    await page.fill("#s-storeNumber", "");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#err-storeNumber").textContent()).toMatch(/^Store number /);
    expect(await api("/api/settings")).toMatchObject({ storeNumber: STORE });
    await page.fill("#s-storeNumber", "(212) 555-0000");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");

    // The country of numbers typed without a country code: listed by name, saved, and used
    // to read a rep's phone typed the way that country writes it.
    expect(await page.inputValue("#s-country")).toBe("US");
    expect(await page.locator("#s-country option:checked").textContent()).toBe("United States");
    expect(await page.locator("#s-country option").count()).toBeGreaterThan(200);
    await page.selectOption("#s-country", { label: "United Kingdom" });
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await api("/api/settings")).toMatchObject({ defaultCountry: "GB", storeNumber: STORE });
    const uk = await api<{ id: number; phone: string }>("/api/reps", "POST", { name: "Pat UK", phone: "07911 123456" });
    expect(uk.phone).toBe("+447911123456");
    await api(`/api/reps/${uk.id}`, "DELETE");
    await page.reload();
    await page.locator("#view-settings").waitFor({ state: "visible" });
    await expect.poll(() => page.inputValue("#s-country")).toBe("GB");
    await page.selectOption("#s-country", "US");
    await page.click("#settings-form button.primary");
    await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
    expect(await api("/api/settings")).toMatchObject({ defaultCountry: "US" });
    await shot(phone, "phone-settings");
  });

  it("adds a rep, shows a bad phone in words, and edits the rep", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#reps`);
    // The status line is a live region before it says anything (a screen reader reads what
    // arrives in it then, not in one shown at the moment its words arrive), and takes no space.
    await page.locator("#rep-name").waitFor({ state: "visible" });
    expect(await liveRegion(page, "#rep-status")).toEqual({ ignored: false, role: "status", live: "polite", height: 0 });
    await page.fill("#rep-name", "Sam");
    await page.fill("#rep-phone", "555-SECRET");
    await page.click("#rep-form button");
    await expect.poll(() => page.locator("#rep-phone-error").textContent()).toContain("Phone must be a phone number");
    // The focus goes to the field to fix, where a screen reader reads its error with it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("rep-phone");
    expect(await page.getAttribute("#rep-phone", "aria-describedby")).toContain("rep-phone-error");
    // Side by side (a wider screen), the two fields stay in line with the error under one.
    await page.setViewportSize(DESKTOP);
    const tops = await Promise.all(["#rep-name", "#rep-phone"].map(async (field) => (await page.locator(field).boundingBox())?.y));
    expect(tops[0]).toBe(tops[1]);
    await page.setViewportSize(PHONE);
    await page.fill("#rep-phone", "212-555-0111");
    await page.click("#rep-form button");
    await expect.poll(() => page.locator("#rep-status").textContent()).toContain("Added Sam");
    expect(await liveRegion(page, "#rep-status")).toMatchObject({ ignored: false, role: "status", live: "polite" });
    const card = page.locator("[data-rep]").first();
    // A rep's own status line, made by the page's script: a live region from the start too.
    expect(await liveRegion(page, "[data-rep] .status")).toEqual({ ignored: false, role: "status", live: "polite", height: 0 });
    await card.locator("input[id$=-name]").fill("Sam Rivera");
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Sam Rivera.");
    expect(await api("/api/reps")).toEqual([{ id: expect.any(Number), name: "Sam Rivera", phone: SAM, active: true }]);
    // Renamed, the card says the new name everywhere (its group, its buttons, Remove's question),
    // and a name that ends in a full stop gets no second one.
    expect(await page.getByRole("group", { name: "Sam Rivera", exact: true }).getByRole("button", { name: "Save Sam Rivera", exact: true }).count()).toBe(1);
    await card.locator("input[id$=-name]").fill("Sam R.");
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Sam R.");
    const asked: string[] = [];
    page.once("dialog", (d) => void (asked.push(d.message()), d.dismiss()));
    await card.getByRole("button", { name: "Remove Sam R.", exact: true }).click();
    await expect.poll(() => asked).toEqual(["Remove Sam R.? Their past texts stay in the conversations."]);
    await card.locator("input[id$=-name]").fill("Sam Rivera");
    await card.locator("button.primary").click();
    await expect.poll(() => card.locator(".status").textContent()).toBe("Saved Sam Rivera.");
    expect(await page.getByRole("group", { name: "Sam Rivera", exact: true }).count()).toBe(1);
  });

  it("counts segments as the owner types: an emoji turns a step UCS-2 and two segments", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#series`);
    const step = page.locator(".step").nth(1); // step 2: step 1 also carries the first-contact line
    const meta = step.locator(".meta").first();
    await step.getByLabel("Words", { exact: true }).fill(`Hi {first_name}, ${"a".repeat(90)}`);
    await expect.poll(() => meta.textContent()).toContain("GSM-7");
    expect(await meta.textContent()).toContain("1 segment");
    await step.getByLabel("Words", { exact: true }).pressSequentially(" 😍");
    await expect.poll(() => meta.textContent()).toContain("UCS-2 because of 😍");
    expect(await meta.textContent()).toContain("2 segments");
    expect(await step.locator("mark.ucs2").first().textContent()).toBe("😍");

    await step.getByLabel("Words", { exact: true }).fill("Hi {fristname}, it’s {rep}.");
    await expect.poll(() => step.locator("[id$=-body-error]").first().textContent()).toContain("Step 2 uses {fristname}, which is not a placeholder");
    await step.getByRole("button", { name: "Replace smart quotes and dashes" }).click();
    expect(await step.getByLabel("Words", { exact: true }).inputValue()).toBe("Hi {fristname}, it's {rep}.");
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Not saved: Step 2 uses {fristname}");

    await step.getByLabel("Words", { exact: true }).fill("Hi {first_name}, it's {rep} at {store}. The {product} is waiting for you!");
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Texts saved.");
    await page.reload();
    await expect.poll(() => page.locator(".step").nth(1).getByLabel("Words", { exact: true }).inputValue()).toBe("Hi {first_name}, it's {rep} at {store}. The {product} is waiting for you!");
    await shot(phone, "phone-series");
  });

  it("shows a photo step's words for the photo beside its words, and saves both", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#series`);
    const first = page.locator(".step").first();
    const withPhoto = first.getByLabel(/Words with the photo/);
    // The default first step has words for the photo: a save must keep them (it once sent only `body`).
    await expect.poll(() => withPhoto.inputValue()).toContain("Here's the {product} you liked!");
    expect(await first.locator(".bubble-preview").nth(1).textContent()).toContain("Here's the blue recliner you liked!");
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Texts saved.");
    expect((await api<{ steps: { bodyWithPhoto?: string }[] }>("/api/series/beback")).steps[0]?.bodyWithPhoto).toContain("Here's the {product} you liked!");

    await withPhoto.fill("Hi {first_name}, the {prodcut} in the photo");
    await expect.poll(() => first.locator("[id$=-photo-body-error]").textContent()).toContain("Step 1's text with the photo uses {prodcut}");
    // Each step's buttons have names a screen reader can tell apart.
    expect(await first.getByRole("button", { name: "Remove Step 1", exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Move Step 2 up", exact: true }).count()).toBe(1);
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Not saved: Step 1's text with the photo uses {prodcut}");
    await withPhoto.fill("Hi {first_name}, the {product} in the photo is on hold for you.");
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Texts saved.");
    await page.reload();
    await expect.poll(() => page.locator(".step").first().getByLabel(/Words with the photo/).inputValue()).toBe("Hi {first_name}, the {product} in the photo is on hold for you.");
    expect((await api<{ steps: { photo?: boolean; bodyWithPhoto?: string }[] }>("/api/series/beback")).steps[0]).toMatchObject({ photo: true, bodyWithPhoto: "Hi {first_name}, the {product} in the photo is on hold for you." });

    // Without the photo its words are hidden and not sent; ticked again, they are back.
    const tick = page.locator(".step").first().locator("input[type=checkbox]");
    await tick.uncheck();
    expect(await page.locator(".step").first().getByLabel(/Words with the photo/).isVisible()).toBe(false);
    await tick.check();
    expect(await page.locator(".step").first().getByLabel(/Words with the photo/).isVisible()).toBe(true);
    // Left empty, the words above go with the photo: its preview shows them, and says so.
    const photoWords = page.locator(".step").first().getByLabel(/Words with the photo/);
    await photoWords.fill("");
    await expect.poll(() => first.locator(".bubble-preview").nth(1).textContent()).toContain("Thanks for coming in to see the blue recliner!");
    expect(await first.locator(".preview").nth(1).textContent()).toContain("Left empty: the words above go with the photo.");
    await photoWords.fill("Hi {first_name}, the {product} in the photo is on hold for you.");
    expect(await first.locator(".preview").nth(1).textContent()).not.toContain("Left empty");
    expect(phone.errors).toEqual([]);
  });

  it("keeps the texts' changes not saved: asks before another series or view drops them, keeps them across a new sign-in, names a step out of order, asks before emptying a series", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#series`);
    const step = (i: number) => page.locator(".step").nth(i);
    const dialogs: string[] = [];
    const answerNext = (accept: boolean) =>
      page.once("dialog", (d) => {
        dialogs.push(d.message());
        void (accept ? d.accept() : d.dismiss());
      });
    await step(1).getByLabel("Words", { exact: true }).fill("Edited, not saved yet");
    // Another series, then another view: the owner chooses to stay, and the edit stays.
    answerNext(false);
    await page.selectOption("#series-key", "aftersale");
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toBe("Your changes to the texts are not saved. Leave without saving them?");
    expect(await page.inputValue("#series-key")).toBe("beback");
    answerNext(false);
    await page.click("#tabs a[href='#reps']");
    await expect.poll(() => dialogs.length).toBe(2);
    expect(page.url()).toMatch(/#series$/);
    expect(await page.locator("#view-series").isVisible()).toBe(true);
    expect(await step(1).getByLabel("Words", { exact: true }).inputValue()).toBe("Edited, not saved yet");

    // The sign-in ends (the cookie is gone): Save says so, and after signing in again the edit is still there.
    const cookies = await page.context().cookies();
    await page.context().clearCookies();
    await page.click("#save-series");
    await expect.poll(() => page.locator("#token-error").textContent()).toBe("You were signed out. Sign in again to go on.");
    await page.fill("#token", beback.ownerToken());
    await page.click("#signin-form button");
    await expect.poll(() => page.locator("#series-status").textContent()).toBe("Your changes are not saved yet: Save texts to keep them.");
    expect(await step(1).getByLabel("Words", { exact: true }).inputValue()).toBe("Edited, not saved yet");

    // A delay before the one above it is named at its step.
    const delay = step(1).getByLabel(/Send after/);
    const was = await delay.inputValue();
    await delay.fill("30d");
    await page.click("#save-series");
    await expect.poll(() => step(2).locator("[id$=-after-error]").textContent()).toMatch(/^Step 3 \(3d\) would go before Step 2 \(30d\)/);
    // The advice is what fixes it (↑ moves only words: the delays stay in order).
    expect(await page.locator("#series-status").textContent()).toBe("Not saved: Step 3 (3d) would go before Step 2 (30d): each delay counts from the first text, so give Step 3 a later delay or Step 2 an earlier one.");
    // A step added after the longest delay gets that delay (equal is in order), not one the save refuses.
    const last = step((await page.locator(".step").count()) - 1).getByLabel(/Send after/);
    const lastWas = await last.inputValue();
    await last.fill("732d");
    await page.click("#add-step");
    const added = page.locator(".step").last();
    expect(await added.getByLabel(/Send after/).inputValue()).toBe("732d");
    // Its words start with a greeting, which alone is not a text to send.
    await page.click("#save-series");
    await expect.poll(() => added.locator("[id$=-body-error]").first().textContent()).toMatch(/^Step \d+ has only its greeting: write its text, or remove the step\.$/);
    await added.getByRole("button", { name: /^Remove/ }).click();
    await last.fill(lastWas);
    // A delay that is not one is said in words at its step (not in the API's "<n>s|m|h|d|w").
    await delay.fill("3 days");
    await page.click("#save-series");
    await expect.poll(() => step(1).locator("[id$=-after-error]").textContent()).toBe("Step 2's delay must be a number and a unit, like 20m, 18h, 3d or 2w (at most 732 days).");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await delay.getAttribute("id"));
    await delay.fill(was);
    await page.click("#save-series");
    await expect.poll(() => page.locator("#series-status").textContent()).toContain("Texts saved.");
    expect((await api<{ steps: { body: string }[] }>("/api/series/beback")).steps[1]?.body).toBe("Edited, not saved yet");

    // Saved, nothing to ask. Emptying a series asks first; kept as it was when the owner says no.
    await page.selectOption("#series-key", "aftersale");
    await expect.poll(() => page.locator(".step").count()).toBeGreaterThan(0);
    const before = await api<{ steps: unknown[] }>("/api/series/aftersale");
    while ((await page.locator(".step").count()) > 0) await step(0).getByRole("button", { name: /^Remove/ }).click();
    answerNext(false);
    await page.click("#save-series");
    await expect.poll(() => dialogs.length).toBe(3);
    expect(dialogs[2]).toMatch(/^With no steps this series sends nothing/);
    expect(await api("/api/series/aftersale")).toEqual(before);
    // Leaving the emptied editor asks too; leaving drops it, and the saved series is shown again.
    answerNext(true);
    await page.selectOption("#series-key", "beback");
    await expect.poll(() => dialogs.length).toBe(4);
    await expect.poll(() => step(1).getByLabel("Words", { exact: true }).inputValue()).toBe("Edited, not saved yet");
    expect(dialogs[1]).toContain("not saved");
    expect(cookies.length).toBeGreaterThan(0);
    expect(phone.errors).toEqual([]);
  });

  it("plays the whole story on the simulator's two phones: new → first follow-up → reply → relay → STOP", async () => {
    const desk = await launch(DESKTOP);
    try {
      const { page } = desk;
      await desk.context.addCookies((await phone.context.cookies()).map((c) => ({ ...c })));
      await page.goto(`${beback.url}/phone.html`);
      // An empty phone is said in words, never as raw JSON (once the page has loaded the reps).
      await page.getByRole("button", { name: "Be Sam Rivera" }).waitFor();
      await page.fill("#me1", "");
      await page.dispatchEvent("#me1", "change");
      await page.fill("#body1", "hello");
      await page.click("#send1 button");
      await expect.poll(() => page.locator("#error1").textContent()).toBe("Type this phone's number first, e.g. (212) 555-0100.");
      // A rep's phone typed as the README writes numbers is still the rep's.
      await page.fill("#me1", "212-555-0111");
      await page.dispatchEvent("#me1", "change");
      await expect.poll(() => page.locator("#who1").textContent()).toBe("This is Sam Rivera's phone (a rep).");
      // A send the server refuses (here: a page at a name the local outbox cannot trust)
      // says why, and the threads' polling every 2.5 s does not wipe it.
      await page.route("**/twilio/sms", (route) => route.fulfill({ status: 403, contentType: "text/plain", body: "This page was opened at a name Beback cannot trust with unsigned texts: open it at localhost or an IP address, or set PUBLIC_BASE_URL to this address." }));
      await page.fill("#body1", "help");
      await page.click("#send1 button");
      await expect.poll(() => page.locator("#error1").textContent()).toMatch(/^This page was opened at a name Beback cannot trust/);
      await page.waitForTimeout(3_000);
      expect(await page.locator("#error1").textContent()).toMatch(/^This page was opened at a name Beback cannot trust/);
      await page.unroute("**/twilio/sms");
      await page.getByRole("button", { name: "Be Sam Rivera" }).click();
      await page.fill("#me2", "(212) 555-0100");
      await page.dispatchEvent("#me2", "change");
      await page.fill("#body1", "new Jane Doe 555-0100 recliner");
      await page.click("#send1 button");
      await expect.poll(() => page.locator("#thread1").textContent()).toContain("✓ Jane Doe #");
      await page.click("#send-now");
      await expect.poll(() => page.locator("#page-status").textContent()).toBe("One lead's next follow-up is going out now.");
      await expect.poll(() => page.locator("#thread2").textContent(), { timeout: 20_000 }).toContain("Hi Jane, it's Sam at Oak & Pine Furniture. Thanks for coming in");
      await page.fill("#body2", "Is it in blue?");
      await page.check("#photo2");
      await page.click("#send2 button");
      await expect.poll(() => page.locator("#thread1").textContent(), { timeout: 10_000 }).toContain("Is it in blue?");
      await page.fill("#body1", "@Jane yes, in navy too");
      await page.click("#send1 button");
      await expect.poll(() => page.locator("#thread2").textContent(), { timeout: 10_000 }).toContain("yes, in navy too");
      await shot(desk, "desktop-simulator");
      await page.fill("#body2", "STOP");
      await page.click("#send2 button");
      await expect.poll(() => page.locator("#thread1").textContent(), { timeout: 10_000 }).toMatch(/Jane.*opted out|opted out.*Jane/s);
      // The threads are polled every 2.5 s: with nothing new, nothing is built again (a screen
      // reader hears only what a role="log" gains), and a new text is appended, not the thread anew.
      const changes = () =>
        page.evaluate(
          (ms) =>
            new Promise<number>((resolve) => {
              let n = 0;
              const seen = new MutationObserver((records) => (n += records.length));
              for (const id of ["thread1", "thread2"]) seen.observe(document.getElementById(id)!, { childList: true, subtree: true, characterData: true });
              setTimeout(() => (seen.disconnect(), resolve(n)), ms);
            }),
          3_000,
        );
      await expect.poll(() => page.locator("#thread2 .msg").last().textContent(), { timeout: 10_000 }).toContain("STOP");
      expect(await changes()).toBe(0);
      const before = await page.locator("#thread2 .msg").first().elementHandle();
      await page.fill("#body2", "ok thanks");
      await page.click("#send2 button");
      await expect.poll(() => page.locator("#thread2").textContent(), { timeout: 10_000 }).toContain("ok thanks");
      expect(await before!.evaluate((el) => el.isConnected)).toBe(true);
      expect(await page.getAttribute("#thread1", "role")).toBe("log");
      expect(desk.errors).toEqual([]);
      expect(desk.external).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it("filters leads and opens a conversation that reads like the customer's phone", async () => {
    await text(SAM, "new Bob Stone 555-0177 sofa");
    const { page } = phone;
    await page.goto(`${beback.url}/#leads`);
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("2 leads, newest first");
    // A view's heading takes the focus (Tab goes on from there), and the window's title names it.
    await page.getByRole("link", { name: "Reps", exact: true }).click();
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`);
    await expect.poll(focused).toBe("H2 Reps");
    expect(await page.title()).toBe("Reps · Beback");
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await expect.poll(focused).toBe("H2 Leads");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("lead-search");
    await page.selectOption("#lead-status", "optedout");
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("1 matching lead, newest first");
    expect(await page.locator(".lead-item").textContent()).toContain("Jane Doe");
    await page.selectOption("#lead-status", "");
    // Each list is awaited by what tells it from the one before (two answers of one lead each look the same).
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("2 leads, newest first");
    await page.fill("#lead-search", "555-0177");
    await expect.poll(() => page.locator(".lead-item").allTextContents(), { timeout: 5_000 }).toEqual([expect.stringContaining("Bob Stone")]);
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("1 matching lead, newest first");
    await page.fill("#lead-search", "Recliner"); // the product finds Jane too
    await expect.poll(() => page.locator(".lead-item").allTextContents(), { timeout: 5_000 }).toEqual([expect.stringContaining("Jane Doe")]);
    await page.fill("#lead-search", "sofa");
    await expect.poll(() => page.locator(".lead-item").allTextContents(), { timeout: 5_000 }).toEqual([expect.stringContaining("Bob Stone")]);
    await page.fill("#lead-search", "jane");
    // The server searches once typing pauses: the list turns to Jane.
    await expect.poll(() => page.locator(".lead-item").allTextContents(), { timeout: 5_000 }).toEqual([expect.stringContaining("Jane Doe")]);
    await page.locator(".lead-item").click();
    const thread = page.locator(".thread");
    await thread.waitFor();
    const bubbles = await thread.locator(".msg").allTextContents();
    expect(bubbles.filter((b) => b.includes("Is it in blue?"))).toHaveLength(1); // not again as the copy sent to the rep
    expect(bubbles.some((b) => b.startsWith("Automatic · step 1"))).toBe(true);
    expect(bubbles.some((b) => b.includes("new Jane Doe"))).toBe(false); // the rep's command stays out
    expect(await thread.locator("img").count()).toBe(1);
    expect(await page.isDisabled("#compose")).toBe(true);
    // Times are the store's (New York), not the browser's (Los Angeles).
    const jane = (await api<{ name: string; createdAt: string }[]>("/api/leads")).find((l) => l.name === "Jane Doe")!;
    const storeTime = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "2-digit" }).format(Date.parse(jane.createdAt));
    expect((await page.locator("#lead-view").textContent())?.replace(/\u202f/g, " ")).toContain(` ${storeTime.replace(/\u202f/g, " ")}`);
    expect(await page.locator("#lead-view").textContent()).toContain("opted out");
    await shot(phone, "phone-lead");
    // A link to a lead that is not there says so in the heading, which takes the focus and names
    // the window, with the way back; Jane is no longer on show.
    await page.goto(`${beback.url}/#lead/999999`);
    await expect.poll(focused).toBe("H3 No such lead");
    expect(await page.title()).toBe("No such lead · Beback");
    expect(await page.locator("#lead-view").textContent()).toContain("Beback has no lead at this address");
    expect(await page.locator("#lead-view").textContent()).not.toContain("Jane Doe");
    expect(await page.locator("#page-status").textContent()).toBe("");
    await page.getByRole("link", { name: "← All leads" }).click();
    await expect.poll(focused).toBe("H2 Leads");
    // Nor is a lead's address without a number another view.
    await page.goto(`${beback.url}/#lead/abc`);
    await expect.poll(focused).toBe("H3 No such lead");
    expect(await page.title()).toBe("No such lead · Beback");
    expect(await page.locator("#view-results").isVisible()).toBe(false);
  });

  it("pauses and resumes a lead's automatic texts from its page", async () => {
    const { page } = phone;
    const [bob] = await api<{ id: number; name: string }[]>("/api/leads");
    expect(bob?.name).toBe("Bob Stone");
    // A store that opens at 08:30 in New York: no fixed UTC hour is its morning.
    const before = await api<{ quietHours: { start: string; end: string } | null }>("/api/settings");
    // Changed from elsewhere (another tab, the API) after this page signed in: the lead's
    // page reads the settings again, so its Pause counts in the store's opening as it is now.
    await api("/api/settings", "PUT", { quietHours: { start: "21:00", end: "08:30" } });
    await page.goto(`${beback.url}/#lead/${bob!.id}`);
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toContain("Next automatic text: be-back step 1");
    // Running: Pause is offered, Resume is not (and the other way round once paused).
    expect(await page.getByRole("button", { name: "Resume" }).count()).toBe(0);
    const day = await page.inputValue("#pause-until");
    // The picker offers the days the server accepts; a day past them is refused under the
    // day, which takes the focus (the page's clock sets min and max: only their relations are checked).
    const [min, max] = [await page.getAttribute("#pause-until", "min"), await page.getAttribute("#pause-until", "max")];
    expect(min! <= day && day <= max! && /^\d{4}-\d\d-\d\d$/.test(min!)).toBe(true);
    const dayAfter = (d: string, n: number) => new Date(Date.parse(`${d}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const [picked, refusal] of [[dayAfter(max!, 1), "The pause date must be at most 2 years ahead."], [dayAfter(min!, -1), "The pause date must be in the future."]] as const) {
      await page.fill("#pause-until", picked);
      await page.getByRole("button", { name: "Pause until" }).click();
      await expect.poll(() => page.locator("#pause-until-error").textContent()).toBe(refusal);
      expect(await page.getAttribute("#pause-until", "aria-invalid")).toBe("true");
      expect(await page.getAttribute("#pause-until", "aria-describedby")).toBe("pause-until-error");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("pause-until");
      expect(await page.locator("#lead-view .status.err").count()).toBe(0);
    }
    await page.fill("#pause-until", day);
    await page.getByRole("button", { name: "Pause until" }).click();
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toContain("Automatic texts are paused until");
    expect(await page.locator("#lead-view .status.ok").textContent()).toBe("Automatic texts paused.");
    expect(await page.getByRole("button", { name: "Pause until" }).count()).toBe(0);
    // The picked day at the store's opening (when its quiet hours end), on the store's clock.
    const { resumeAt } = await api<{ resumeAt: string | null }>(`/api/leads/${bob!.id}`);
    const settings = await api<{ timezone: string }>("/api/settings");
    const storeClock = new Intl.DateTimeFormat("en-CA", { timeZone: settings.timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    expect(storeClock.format(Date.parse(resumeAt!))).toBe(`${day}, 08:30`);
    expect(settings.timezone).toBe("America/New_York");
    // Bob writes after the pause was set: it will only remind his rep, and the page says so.
    const { phone: bobPhone } = await api<{ phone: string }>(`/api/leads/${bob!.id}`);
    await text(bobPhone, "I'll come by Saturday");
    await page.reload();
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toMatch(/^The customer wrote since the pause was set: the rep is reminded .+, and automatic texts stay paused\.$/);
    await api("/api/settings", "PUT", { quietHours: before.quietHours });
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toContain("Next automatic text");
    expect((await api<{ resumeAt: string | null }>(`/api/leads/${bob!.id}`)).resumeAt).toBeNull();
    // Sent from the bottom of the page on a phone: the page is built anew and the text just
    // sent is in view, the box still where the owner's thumb was (not back at the top).
    await page.fill("#compose", "Your sofa is in, want to come see it Saturday?");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => page.locator(".thread .msg").last().textContent()).toContain("Your sofa is in");
    const inView = () => page.evaluate(() => {
      const r = document.getElementById("compose")!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && scrollY > 0;
    });
    await expect.poll(inView).toBe(true);
  });

  it("keeps to the phone-first rules: 44 px targets, 360 px wide, no external requests, CSP, small JS", async () => {
    const { page } = phone;
    for (const view of ["results", "leads", "series", "reps", "settings"]) {
      await page.goto(`${beback.url}/#${view}`);
      await page.locator(`#view-${view}`).waitFor({ state: "visible" });
      await page.waitForLoadState("networkidle");
      expect(await smallTapTargets(page), view).toEqual([]);
    }
    // A name with no place to break (a long double-barrelled one) wraps instead of widening the page.
    const [longest] = await api<{ id: number; name: string }[]>("/api/leads");
    const rename = async (name: string) => expect(await (await text(SAM, `fix #${longest!.id} name ${name}`)).text()).toContain("✓");
    await rename("Maximiliana-Wolfeschlegelsteinhausenbergerdorff");
    await page.setViewportSize({ width: 360, height: 740 });
    for (const view of ["/#results", "/#series", "/#leads", `/#lead/${longest!.id}`, "/#settings", "/phone.html"]) {
      await page.goto(`${beback.url}${view}`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth), view).toBeLessThanOrEqual(360);
    }
    // At 360 px the store's name is shown whole (on two lines if it must), not cut after a few letters.
    await page.goto(`${beback.url}/#results`);
    await expect.poll(() => page.locator("#store-name").textContent()).toBe("Oak & Pine Furniture");
    expect(await page.locator("#store-name").evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
    await rename(longest!.name);
    await page.setViewportSize(PHONE);
    await page.goto(`${beback.url}/#results`);
    await expect.poll(() => page.locator("#results-body").textContent()).toContain("Be-back texts");
    // Each table is named for a screen reader's list of tables.
    expect(await page.getByRole("table", { name: "Be-back texts" }).count()).toBe(1);
    expect(await page.getByRole("table", { name: "Reps" }).count()).toBe(1);
    expect(await page.locator("#results-body").textContent()).toMatch(/Last 30 days: 1 follow-up text sent/);
    // Sales follow be-back texts; the after-sale texts follow a sale, so they have no sales columns.
    const columns = (title: string) => page.locator("#results-body div", { has: page.locator("h3", { hasText: title }) }).last().locator("th").allTextContents();
    expect(await columns("Be-back texts")).toEqual(["Step", "Sent", "Delivered", "Replied", "Sold", "Amount"]);
    expect(await columns("After-sale texts")).toEqual(["Step", "Sent", "Delivered", "Replied"]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(phone, "phone-results");
    expect(phone.external).toEqual([]);
    expect(phone.errors).toEqual([]);
    const res = await fetch(`${beback.url}/`);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'; script-src 'self'/);
    for (const js of ["/app.js", "/phone.js"]) expect((await (await fetch(`${beback.url}${js}`)).arrayBuffer()).byteLength, js).toBeLessThan(45 * 1024); // scripts/build-page.mjs BUDGET
  });

  it("removes a rep who has customers by handing them to another rep first", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#reps`);
    await page.fill("#rep-name", "Kim Lee");
    await page.fill("#rep-phone", "(646) 555-0122");
    await page.click("#rep-form button");
    await expect.poll(() => page.locator("#rep-status").textContent()).toContain("Added Kim Lee");
    const sam = page.locator("[data-rep]").first();
    // Remove asks first; "Cancel" keeps the rep.
    const asked: string[] = [];
    page.once("dialog", (d) => void (asked.push(d.message()), d.dismiss()));
    await sam.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => asked).toEqual(["Remove Sam Rivera? Their past texts stay in the conversations."]);
    expect(await sam.locator(".status.info").count()).toBe(0);
    page.once("dialog", (d) => void d.accept());
    await sam.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => sam.locator(".status.info").textContent()).toContain("Sam Rivera still has customers (2)");
    // Cancel closes the hand-over and keeps the rep; asked again, it is back. Its name holds
    // the word it shows (WCAG 2.5.3), for those who say "click Cancel" to their computer.
    await sam.getByRole("button", { name: "Cancel removing Sam Rivera", exact: true }).click();
    expect(await sam.locator(".status.info").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Remove Sam Rivera");
    // The focus goes to the rep to hand over to, which says why it is asked; Escape cancels as Cancel does.
    page.once("dialog", (d) => void d.accept());
    await sam.getByRole("button", { name: "Remove Sam Rivera" }).click();
    await expect.poll(() => sam.locator(".status.info").textContent()).toContain("Sam Rivera still has customers (2)");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
    expect(await accessibleDescription(page, "[data-rep] select")).toBe("Sam Rivera still has customers (2). Hand them to another rep, who will get their replies from now on.");
    await page.keyboard.press("Escape");
    expect(await sam.locator(".status.info").count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Remove Sam Rivera");
    page.once("dialog", (d) => void d.accept());
    await sam.getByRole("button", { name: "Remove Sam Rivera" }).click();
    await expect.poll(() => sam.locator(".status.info").textContent()).toContain("Sam Rivera still has customers (2)");
    // By keyboard alone: Tab leaves the list for the hand-over button, Enter presses it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Hand over and remove Sam Rivera");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#rep-status").textContent()).toBe("2 customers handed to Kim Lee; Sam Rivera removed.");
    // Sam's card is gone: the focus goes to what happened, not to the page's top.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("rep-status");
    // A rep with no customers is removed once asked, and the focus goes to what happened too.
    await page.fill("#rep-name", "Pat Short");
    await page.fill("#rep-phone", "(646) 555-0133");
    await page.click("#rep-form button");
    await expect.poll(() => page.locator("#rep-status").textContent()).toContain("Added Pat Short.");
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Remove Pat Short", exact: true }).click();
    await expect.poll(() => page.locator("#rep-status").textContent()).toBe("Pat Short removed.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("rep-status");
    const reps = await api<{ id: number; name: string }[]>("/api/reps");
    expect(reps.map((r) => r.name)).toEqual(["Kim Lee"]);
    expect(new Set((await api<{ repId: number }[]>("/api/leads")).map((l) => l.repId))).toEqual(new Set([reps[0]!.id]));
    // Sam's text to Jane stays in her conversation as a former rep's, not as Kim's.
    const jane = (await api<{ id: number; name: string }[]>("/api/leads")).find((l) => l.name === "Jane Doe")!;
    await page.goto(`${beback.url}/#lead/${jane.id}`);
    const samsText = page.locator(".thread .msg.us", { hasText: "yes, in navy too" });
    await expect.poll(() => samsText.locator(".who").textContent()).toBe("a former rep");
  });

  it("lists a long store a page at a time, and searches past the first page", async () => {
    const KIM = "+16465550122"; // the rep who is left (previous test)
    for (let i = 0; i < 99; i++) expect((await text(KIM, `new Guest${i} 646-201-${1000 + i} sofa`)).status).toBe(200);
    const { page } = phone;
    await page.goto(`${beback.url}/#leads`);
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("100+ leads, newest first");
    expect(await page.locator(".lead-item").count()).toBe(100);
    expect(await page.locator(".lead-item").first().textContent()).toContain("Guest98");
    // Jane, the oldest, is on the second page; the server's search finds her from the first.
    await page.fill("#lead-search", "jane");
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("1 matching lead, newest first");
    await page.fill("#lead-search", "");
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("100+ leads, newest first");
    // By keyboard: the button goes, and the focus goes on to the first lead it brought. The
    // rows shown stay as they are (a store of thousands once rebuilt them all at each page).
    await page.evaluate(() => document.querySelector(".lead-item")?.setAttribute("data-kept", "yes"));
    await page.focus("#leads-more");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#lead-count").textContent()).toBe("101 leads, newest first");
    expect(await page.locator(".lead-item[data-kept=yes]").count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest(".lead-item") === document.querySelectorAll(".lead-item")[100])).toBe(true);
    expect(await page.locator(".lead-item").last().textContent()).toContain("Jane Doe");
    expect(await page.locator("#leads-more").count()).toBe(0);
    expect(phone.errors).toEqual([]);
  });

  it("the leads list shows times in the store's zone as it is now, when another device changed it", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#leads`);
    const first = page.locator(".lead-item").first();
    const [lead] = await api<{ id: number; nextAt: string | null }[]>("/api/leads?limit=1");
    expect(lead?.nextAt).toBeTruthy();
    const shownIn = (zone: string) => new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(Date.parse(lead!.nextAt!));
    await expect.poll(() => first.textContent()).toContain(shownIn("America/New_York"));
    // Another device moves the store to London; this tab goes to Results and back to Leads.
    await api("/api/settings", "PUT", { timezone: "Europe/London" });
    const [moved] = await api<{ id: number; nextAt: string | null }[]>("/api/leads?limit=1");
    await page.goto(`${beback.url}/#results`);
    await page.goto(`${beback.url}/#leads`);
    const inLondon = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/London", hour: "numeric", minute: "2-digit" }).format(Date.parse(moved!.nextAt!));
    await expect.poll(() => first.textContent()).toContain(inLondon);
    await api("/api/settings", "PUT", { timezone: "America/New_York" });
    expect(phone.errors).toEqual([]);
  });

  it("shows the series editor and results on a desktop", async () => {
    if (!SHOTS) return;
    const desk = await launch(DESKTOP);
    try {
      await desk.context.addCookies(await phone.context.cookies());
      await desk.page.goto(`${beback.url}/#series`);
      await desk.page.locator(".step").first().waitFor();
      await desk.page.locator(".step").nth(1).getByLabel("Words", { exact: true }).fill("Hi {first_name}, {rep} here – any questions about the {product}? 👍");
      await shot(desk, "desktop-series");
    } finally {
      await desk.close();
    }
  });

  it("shows an attachment it cannot show as a photo (a contact card, a link gone) as a link that opens it", async () => {
    // The card's address is on the page's own host (as the simulator's photos are), where it
    // is not found: an image that does not load, as a vCard or a video does not in an <img>.
    const card = `https://${new URL(beback.url).host}/demo/bob-stone.vcf`;
    const sent = await postWebhook(`${beback.url}/twilio/sms`, inboundSmsParams({ from: "+12125550177", to: STORE, body: "Here is my card", media: [{ url: card, contentType: "text/x-vcard" }] }), { signature: null });
    expect(sent.status).toBe(200);
    const bob = (await api<{ id: number; name: string }[]>("/api/leads")).find((l) => l.name === "Bob Stone")!;
    const { page } = phone;
    await page.goto(`${beback.url}/#lead/${bob.id}`);
    const bubble = page.locator(".thread .msg", { hasText: "Here is my card" });
    await bubble.waitFor();
    const link = bubble.getByRole("link", { name: "Open the attachment" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("/demo/bob-stone.vcf");
    expect(await bubble.locator("img").count()).toBe(0);
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  });

  it("a double tap sends one text and adds one rep; a series emptied and filled again offers Resume; the Results tables fit 360 px", async () => {
    const { page } = phone;
    // Sam was removed above: one of the reps still at the store.
    const rep = (await api<{ phone: string; active: boolean }[]>("/api/reps")).find((r) => r.active)!;
    const added = await (await text(rep.phone, "new Ann Lee 212-555-0144 floor lamp")).text();
    expect(added, added).toContain("✓");
    const [ann] = await api<{ id: number; name: string }[]>("/api/leads").then((all) => all.filter((l) => l.name === "Ann Lee"));
    const relays = async () => (await api<{ messages: { kind: string; body: string }[] }>(`/api/leads/${ann!.id}`)).messages.filter((m) => m.kind === "relay");
    const before = (await relays()).length;
    await page.goto(`${beback.url}/#lead/${ann!.id}`);
    // Placeholders are filled in as in the series' texts.
    await page.fill("#compose", "Hi {first_name}, the showroom opens at 10.");
    await page.getByRole("button", { name: "Send", exact: true }).dblclick();
    await expect.poll(() => page.locator(".thread .msg").last().textContent()).toContain("Hi Ann, the showroom opens at 10.");
    // Ann's first text from the store: it names the store and how to opt out.
    expect((await relays()).slice(before).map((m) => m.body)).toEqual([expect.stringMatching(/^Hi Ann, the showroom opens at 10\. - Oak & Pine Furniture\. Reply STOP/)]);
    // An unknown one is said under the box, and nothing goes.
    await page.fill("#compose", "See you {tomorow}");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => page.locator("#compose-error").textContent()).toContain("The text uses {tomorow}, which is not a placeholder");
    expect(await relays()).toHaveLength(before + 1);

    // Emptied, then filled again: Ann's texts stopped, and her page offers Resume.
    const { steps } = await api<{ steps: unknown[] }>("/api/series/beback");
    await api("/api/series/beback", "PUT", { steps: [] });
    await api("/api/series/beback", "PUT", { steps });
    await page.reload();
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toContain("Automatic texts are stopped (the series was emptied or cut short since)");
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => page.locator("#lead-view .status.info").textContent()).toContain("Next automatic text: be-back step");

    await page.goto(`${beback.url}/#reps`);
    await page.fill("#rep-name", "Eve Twice");
    await page.fill("#rep-phone", "(646) 555-0188");
    await page.getByRole("button", { name: "Add rep" }).dblclick();
    await expect.poll(() => page.locator("#rep-status").textContent()).toContain("Added Eve Twice.");
    expect((await api<{ name: string }[]>("/api/reps")).filter((r) => r.name === "Eve Twice")).toHaveLength(1);
    expect(await page.locator("#rep-form [aria-invalid=true]").count()).toBe(0);
    // A double tap on a rep's Save saves once (page audit: two PATCHes).
    const patches: string[] = [];
    const seen = (r: { method(): string; url(): string }) => void (r.method() === "PATCH" && patches.push(r.url()));
    page.on("request", seen);
    const eve = page.getByRole("group", { name: "Eve Twice" });
    await eve.getByLabel("Name").fill("Eve Once");
    await eve.getByRole("button", { name: "Save Eve Twice" }).dblclick();
    await expect.poll(() => page.getByRole("group", { name: "Eve Once" }).locator(".status").textContent()).toBe("Saved Eve Once.");
    page.off("request", seen);
    expect(patches).toHaveLength(1);

    // An address that names no view shows Results, and the address says so.
    await page.goto(`${beback.url}/#bogus`);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#results");
    expect(await page.locator("#view-results").isVisible()).toBe(true);

    // A sale with a wide amount: every column of the Results tables in view at 360 px.
    expect(await (await text(rep.phone, `sold #${ann!.id} 12899.50`)).text()).toContain("✓");
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      // Results were on show already (the address above): read again, with the sale.
      await page.reload();
      await expect.poll(() => page.locator("#results-body").textContent()).toContain("$12,899.50");
      const cut = await page.locator("#results-body .table-wrap").evaluateAll((wraps) => wraps.map((w) => w.scrollWidth - w.clientWidth));
      expect(cut).toEqual(cut.map(() => 0));
    } finally {
      await page.setViewportSize(PHONE);
    }

    // A customer opts out while her page is open: Send says why, and the page shows her as she
    // is now (page audit: the box stayed open, with the next automatic text still on show).
    const opal = Number(/#(\d+)/.exec(await (await text(rep.phone, "new Opal 212-555-0145 rug")).text())![1]);
    await page.goto(`${beback.url}/#lead/${opal}`);
    await page.fill("#compose", "One more thing about the rug");
    await text("+12125550145", "STOP");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect.poll(() => page.locator("#lead-view .status.err").textContent()).toContain("opted out of texts from the store");
    expect(await page.locator("#compose").isDisabled()).toBe(true);
    expect(await page.locator("#lead-view .status.info").textContent()).toContain("This number opted out");
  });

  it("quiet hours turned off and saved keep their hours in the boxes, so turning them on again brings them back", async () => {
    const { page } = phone;
    const before = await api<{ quietHours: { start: string; end: string } | null }>("/api/settings");
    await api("/api/settings", "PUT", { quietHours: { start: "20:00", end: "07:30" } });
    try {
      await page.goto(`${beback.url}/#settings`);
      await page.reload();
      await expect.poll(() => page.inputValue("#s-quietStart")).toBe("20:00");
      await page.check("input[name=quiet][value=off]");
      await page.click("#settings-form button.primary");
      await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
      expect(await api("/api/settings")).toMatchObject({ quietHours: null });
      await page.check("input[name=quiet][value=on]");
      expect([await page.inputValue("#s-quietStart"), await page.inputValue("#s-quietEnd")]).toEqual(["20:00", "07:30"]);
      await page.click("#settings-form button.primary");
      await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
      expect(await api("/api/settings")).toMatchObject({ quietHours: { start: "20:00", end: "07:30" } });
    } finally {
      await api("/api/settings", "PUT", { quietHours: before.quietHours });
    }
  });

  it("a settings save in one tab keeps what another tab saved meanwhile: only the fields changed here go", async () => {
    const { page } = phone;
    type S = { storeName: string; quietHours: { start: string; end: string } | null; pricePerSegment: number; timezone: string };
    const before = await api<S>("/api/settings");
    const other = await page.context().newPage();
    try {
      for (const p of [page, other]) {
        await p.goto(`${beback.url}/#settings`);
        await p.reload();
        await p.locator("#view-settings").waitFor({ state: "visible" });
        await expect.poll(() => p.inputValue("#s-storeName")).toBe(before.storeName);
      }
      // The other tab turns quiet hours off and renames the store.
      await other.check("input[name=quiet][value=off]");
      await other.fill("#s-storeName", "Oak & Pine Home");
      await other.click("#settings-form button.primary");
      await expect.poll(() => other.locator("#settings-status").textContent()).toBe("Settings saved.");
      // This tab, filled before that, changes only the price.
      await page.fill("#s-price", "0.01");
      await page.click("#settings-form button.primary");
      await expect.poll(() => page.locator("#settings-status").textContent()).toBe("Settings saved.");
      expect(await api<S>("/api/settings")).toMatchObject({ storeName: "Oak & Pine Home", quietHours: null, pricePerSegment: 0.01, timezone: before.timezone });
      // ...and shows what is saved now, the other tab's changes included.
      expect(await page.inputValue("#s-storeName")).toBe("Oak & Pine Home");
      expect(await page.isChecked("input[name=quiet][value=off]")).toBe(true);
    } finally {
      await other.close();
      await api("/api/settings", "PUT", { storeName: before.storeName, quietHours: before.quietHours, pricePerSegment: before.pricePerSegment });
    }
  });

  it("a sent text is said sent when the conversation cannot load again; a rep saved in a second tab keeps the first tab's change; a failed request's alert goes with the next that works; a failed sign-out says so", async () => {
    const { page } = phone;
    const [ann] = (await api<{ id: number; name: string }[]>("/api/leads")).filter((l) => l.name === "Ann Lee");
    const relays = async () => (await api<{ messages: { kind: string }[] }>(`/api/leads/${ann!.id}`)).messages.filter((m) => m.kind === "relay").length;
    await page.goto(`${beback.url}/#lead/${ann!.id}`);
    await page.reload();
    await page.locator("#compose").waitFor({ state: "visible" });
    const before = await relays();
    // The text goes; the page's reload of the lead right after it fails.
    let armed = false;
    await page.route(`**/api/leads/${ann!.id}`, (route) => (armed && route.request().method() === "GET" ? route.abort() : route.continue()));
    try {
      await page.fill("#compose", "Your sofa ships Tuesday.");
      armed = true;
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect.poll(() => page.locator("#lead-view .status.ok").textContent()).toBe("Sent. The conversation could not be loaded again: reload the page to see it.");
      expect(await page.inputValue("#compose")).toBe("");
      expect(await relays()).toBe(before + 1);
    } finally {
      await page.unroute(`**/api/leads/${ann!.id}`);
    }

    // Two tabs on Reps: one makes a rep inactive, the other renames them; the rename keeps them inactive.
    const other = await page.context().newPage();
    try {
      const rep = (await api<{ id: number; name: string; active: boolean }[]>("/api/reps")).find((r) => r.active)!;
      for (const p of [page, other]) {
        await p.goto(`${beback.url}/#reps`);
        await p.reload();
        await p.locator(`[data-rep="${rep.id}"]`).waitFor({ state: "visible" });
      }
      await page.locator(`[data-rep="${rep.id}"] input[type=checkbox]`).uncheck();
      await page.getByRole("button", { name: `Save ${rep.name}`, exact: true }).click();
      await expect.poll(async () => (await api<{ id: number; active: boolean }[]>("/api/reps")).find((r) => r.id === rep.id)?.active).toBe(false);
      await other.fill(`#rep-${rep.id}-name`, `${rep.name} Jr`);
      await other.getByRole("button", { name: `Save ${rep.name}`, exact: true }).click();
      await expect.poll(() => other.locator(`[data-rep="${rep.id}"] .status`).textContent()).toBe(`Saved ${rep.name} Jr.`);
      expect((await api<{ id: number; name: string; active: boolean }[]>("/api/reps")).find((r) => r.id === rep.id)).toMatchObject({ name: `${rep.name} Jr`, active: false });
      // The second tab's card now shows the rep as saved: inactive.
      expect(await other.locator(`[data-rep="${rep.id}"] input[type=checkbox]`).isChecked()).toBe(false);
      await api(`/api/reps/${rep.id}`, "PATCH", { name: rep.name, active: true });
    } finally {
      await other.close();
    }

    // Results: a period whose numbers could not load leaves the period on show marked, and its alert
    // goes once the next request works.
    await page.goto(`${beback.url}/#results`);
    await page.reload();
    await expect.poll(() => page.getAttribute("[data-days='30']", "aria-pressed")).toBe("true");
    await page.route("**/api/stats?days=90", (route) => route.abort());
    try {
      await page.click("[data-days='90']");
      await expect.poll(() => page.locator("#page-status").textContent()).toContain("Beback cannot be reached");
      expect([await page.getAttribute("[data-days='30']", "aria-pressed"), await page.getAttribute("[data-days='90']", "aria-pressed")]).toEqual(["true", "false"]);
    } finally {
      await page.unroute("**/api/stats?days=90");
    }
    await page.click("[data-days='7']");
    await expect.poll(() => page.getAttribute("[data-days='7']", "aria-pressed")).toBe("true");
    expect(await page.locator("#page-status").textContent()).toBe("");

    // Sign out that cannot reach the server says so, and the page stays as it is.
    await page.route("**/api/session", (route) => route.abort());
    try {
      await page.click("#signout");
      await expect.poll(() => page.locator("#page-status").textContent()).toBe("Not signed out: Beback cannot be reached. Check the connection and try again.");
      expect(await page.locator("#tabs").isVisible()).toBe(true);
    } finally {
      await page.unroute("**/api/session");
    }
  });

  it("keeps what the owner typed and did not save across views: the settings, a text to a customer; a conversation is a list of texts", async () => {
    const { page } = phone;
    await page.goto(`${beback.url}/#settings`);
    await page.reload();
    // The store's name as saved, from the API: the form may not have it yet straight after a reload.
    const saved = (await api<{ storeName: string }>("/api/settings")).storeName;
    await expect.poll(() => page.inputValue("#s-storeName")).toBe(saved);
    await page.fill("#s-storeName", "Oak & Pine Outlet");
    await page.goto(`${beback.url}/#results`);
    await page.locator("#view-results").waitFor({ state: "visible" });
    await page.goto(`${beback.url}/#settings`);
    expect(await page.inputValue("#s-storeName")).toBe("Oak & Pine Outlet");
    // Changed elsewhere since: the form shows the store as it is now.
    await api("/api/settings", "PUT", { storeName: "Oak & Pine Home" });
    await page.goto(`${beback.url}/#results`);
    await page.reload();
    await page.goto(`${beback.url}/#settings`);
    // After the reload the form fills once the settings load.
    await expect.poll(() => page.inputValue("#s-storeName")).toBe("Oak & Pine Home");
    await api("/api/settings", "PUT", { storeName: saved });

    const [ann] = (await api<{ id: number; name: string }[]>("/api/leads")).filter((l) => l.name === "Ann Lee");
    await page.goto(`${beback.url}/#lead/${ann!.id}`);
    await page.locator("#compose").waitFor({ state: "visible" });
    await page.fill("#compose", "The blue one is back in stock");
    await page.getByRole("link", { name: "← All leads" }).click();
    await page.locator("#lead-list-view").waitFor({ state: "visible" });
    await page.goBack();
    await expect.poll(() => page.inputValue("#compose")).toBe("The blue one is back in stock");
    const texts = page.getByRole("list", { name: "Conversation" }).getByRole("listitem");
    expect(await texts.count()).toBeGreaterThan(1);
    await page.fill("#compose", "");
  });
});
