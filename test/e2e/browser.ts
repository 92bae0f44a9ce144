// Debian's Chromium driven by playwright-core, for the owner page's browser tests. Headless,
// no sandbox (CI runs as root), no background traffic, a fresh profile per launch. When
// /usr/bin/chromium (or BEBACK_CHROMIUM) is absent, `chromiumPath` is null and the tests say
// so and skip: `apt-get install -y chromium` (.ci/run does).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.BEBACK_CHROMIUM ?? "/usr/bin/chromium";
export const chromiumPath: string | null = existsSync(CHROMIUM) ? CHROMIUM : null;

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request the pages made that did not go to 127.0.0.1 (must stay empty). */
  external: string[];
  /** Uncaught errors and console errors of the pages. */
  errors: string[];
  close(): Promise<void>;
}

export async function launch(viewport = PHONE): Promise<Browser> {
  if (!chromiumPath) throw new Error("Chromium is not installed");
  const profile = mkdtempSync(join(tmpdir(), "beback-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    timezoneId: "America/Los_Angeles",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const external: string[] = [];
  const errors: string[] = [];
  context.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol !== "data:") external.push(r.url());
  });
  const watch = (p: Page) => {
    p.on("pageerror", (e) => errors.push(e.message));
    // 401s while signed out and 4xx answers the page shows in words are expected.
    p.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    external,
    errors,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Visible controls smaller than a 44 px tap target (a checkbox or radio counts by its label). */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>("a, button, input, select, textarea, summary"))) {
      // Links inside a sentence are exempt (WCAG 2.5.8), as on any page of text.
      if (el instanceof HTMLAnchorElement && el.closest("p, .empty, .hint") && !el.classList.contains("button")) continue;
      const target = el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") ? (el.closest("label") ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // hidden
      if (r.height < 44 || r.width < 44) small.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return small;
  });
}

export interface LiveRegion {
  /** Left out of the accessibility tree (hidden, not rendered): a screen reader watches nothing there. */
  ignored: boolean;
  role: string | undefined;
  /** `polite`, `assertive`, or undefined when it is not a live region. */
  live: string | undefined;
  /** Its height on the page, px (an empty status line takes none). */
  height: number;
}

/** The element's node in Chromium's accessibility tree (CDP `Accessibility.getPartialAXTree`). */
async function axNode(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`${selector} is not on the page`);
    const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
    return nodes[0]!;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** How Chromium's accessibility tree sees the element. */
export async function liveRegion(page: Page, selector: string): Promise<LiveRegion> {
  const node = await axNode(page, selector);
  const live = node.properties?.find((p) => p.name === "live")?.value.value as string | undefined;
  const height = await page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().height);
  return { ignored: node.ignored, role: node.role?.value as string | undefined, live, height };
}

/** How Chromium's accessibility tree describes the element (its aria-describedby text, as a screen reader reads it after the name). */
export async function accessibleDescription(page: Page, selector: string): Promise<string | undefined> {
  return (await axNode(page, selector)).description?.value as string | undefined;
}

export interface Drawn {
  /** The background it is drawn on: its own, or (transparent) its nearest ancestor's. */
  background: string;
  color: string;
  /** Text decoration (underline), border and outline: marks that are not a background. */
  marks: string;
}

/** How the element is drawn, as computed: with forced colours (page.emulateMedia), the colours the system forces. */
export function drawn(page: Page, selector: string): Promise<Drawn> {
  return page.locator(selector).first().evaluate((el) => {
    let background = "rgba(0, 0, 0, 0)";
    for (let e: Element | null = el; e && /^rgba\(.*, 0\)$|^transparent$/.test(background); e = e.parentElement) background = getComputedStyle(e).backgroundColor;
    const s = getComputedStyle(el);
    return { background, color: s.color, marks: `${s.textDecorationLine} ${s.borderStyle} ${s.borderColor} ${s.outlineStyle}` };
  });
}

/** WCAG 2 contrast ratio of two computed `rgb(…)` colours. */
export function contrast(a: string, b: string): number {
  const luminance = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
