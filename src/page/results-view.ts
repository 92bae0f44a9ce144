// "What works": per series step and per rep, over 7, 30 or 90 days, with small CSS bars.
import { call } from "./api";
import { $, empty, exampleNew, h } from "./dom";
import { formatMoney } from "./format";
import type { RepStats, StepStats } from "../series/stats";
import { carrierReason, isStoreSetUpCode } from "../domain/carrier-reasons";
import { ask } from "./visit";

// The server's own row types (type-only: nothing of stats.ts is bundled).
type StepRow = StepStats;
type RepRow = RepStats;
interface Stats {
  beback: StepRow[];
  aftersale: StepRow[];
  reps: RepRow[];
  /** Our texts that did not reach the phone in the period, by error code. */
  undelivered: { errorCode: string | null; texts: number }[];
}

/**
 * Texts that did not reach the phone in the period, and why: a store number not registered
 * for business texting fails every text, and only the owner can fix that, at Twilio.
 */
function undeliveredBox(rows: Stats["undelivered"]): HTMLElement | null {
  const total = rows.reduce((a, r) => a + r.texts, 0);
  if (!total) return null;
  const why = (code: string | null, reason = carrierReason(code)) => (!code ? "no reason given" : reason ? `${reason} (error ${code})` : `error ${code}`);
  return h(
    "div",
    { class: "status err" },
    h("strong", {}, `${total} text${total === 1 ? "" : "s"} didn't reach the phone in the last ${days} days`),
    `. A lead's page says which of its texts.${rows.some((r) => isStoreSetUpCode(r.errorCode)) ? " The store's Twilio set-up is for the owner to fix, at Twilio (README, “Deploy a store”)." : ""}`,
    h("ul", {}, ...rows.map((r) => h("li", {}, `${r.texts}: ${why(r.errorCode)}`))),
  );
}

/** The period asked for, and the one whose numbers are on show (the button marked pressed). */
let days = 30;
let shownDays = 30;

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);

/** A number with a bar showing it as a share of `of`. */
function barCell(n: number, of: number, kind = "", showPct = true): HTMLTableCellElement {
  const fill = h("i");
  const share = pct(n, of);
  // A rep's sales of leads added before the period can outnumber the period's leads: no "300%", no bar past its cell.
  fill.style.width = `${Math.min(share, 100)}%`;
  return h("td", { class: "n" }, String(n), of > 0 && showPct && share <= 100 ? h("span", { class: "pct" }, `${share}%`) : null, h("div", { class: `bar ${kind}`, "aria-hidden": "true" }, fill));
}

/** A series' steps; `sales`: with the Sold and Amount columns (a sale ends the be-back series; the after-sale one follows a sale). */
function stepTable(title: string, rows: StepRow[], sales: boolean): HTMLElement {
  const n = (text: string) => h("th", { class: "n" }, text);
  const head = h("tr", {}, h("th", {}, "Step"), n("Sent"), n("Delivered"), n("Replied"), sales ? n("Sold") : null, sales ? n("Amount") : null);
  const body = rows.map((r) =>
    h("tr", {}, h("td", {}, `${r.step + 1}`, h("span", { class: "pct" }, r.after)), h("td", { class: "n" }, String(r.sent)), barCell(r.delivered, r.sent), barCell(r.replied, r.sent), sales ? barCell(r.sold, r.sent, "sold") : null, sales ? h("td", { class: "n" }, formatMoney(r.amountCents)) : null),
  );
  return h("div", {}, h("h3", {}, title), h("div", { class: "table-wrap" }, h("table", { "aria-label": title }, h("thead", {}, head), h("tbody", {}, ...body))));
}

function repTable(rows: RepRow[]): HTMLElement {
  const most = Math.max(1, ...rows.map((r) => r.leads));
  const head = h("tr", {}, h("th", {}, "Rep"), h("th", { class: "n" }, "Leads"), h("th", { class: "n" }, "Replied"), h("th", { class: "n" }, "Sales"), h("th", { class: "n" }, "Amount"));
  const body = rows.map((r) =>
    h("tr", {}, h("td", {}, r.name, r.active || r.repId === null ? "" : " (inactive)"), barCell(r.leads, most, "", false), h("td", { class: "n" }, String(r.replied)), barCell(r.sold, Math.max(1, r.leads), "sold"), h("td", { class: "n" }, formatMoney(r.amountCents))),
  );
  return h("div", {}, h("h3", {}, "Reps"), h("div", { class: "table-wrap" }, h("table", { "aria-label": "Reps" }, h("thead", {}, head), h("tbody", {}, ...body))));
}

export async function showResults(): Promise<void> {
  const box = $("results-body");
  // A late answer (another period picked, or another view opened since) is dropped.
  const wanted = ask("results");
  const asked = days;
  let stats: Stats;
  try {
    stats = await call<Stats>(`/stats?days=${asked}`);
  } catch (e) {
    // The numbers on show stay, and so does the button that says their period.
    if (wanted()) days = shownDays;
    throw e;
  }
  if (!wanted()) return;
  // The period's button is marked once its numbers are on show, not while they load.
  shownDays = asked;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-days]")) b.setAttribute("aria-pressed", String(Number(b.dataset.days) === asked));
  const sent = [...stats.beback, ...stats.aftersale].reduce((a, r) => a + r.sent, 0);
  const sales = stats.reps.reduce((a, r) => a + r.sold, 0);
  const total = stats.reps.reduce((a, r) => a + r.amountCents, 0);
  const summary = h("p", {}, `Last ${days} days: ${sent} follow-up text${sent === 1 ? "" : "s"} sent, ${sales} sale${sales === 1 ? "" : "s"}${total ? ` (${formatMoney(total)})` : ""}.`);
  const parts: (HTMLElement | null)[] = [summary, undeliveredBox(stats.undelivered ?? [])];
  if (stats.reps.length === 0) {
    parts.push(empty(h("strong", {}, "No reps yet. "), "Add your salespeople under ", h("a", { href: "#reps" }, "Reps"), "; then a rep texts ", exampleNew(), " to the store number and Beback follows up."));
  } else if (sent === 0) {
    parts.push(empty(h("strong", {}, `No follow-up texts in the last ${days} days. `), "When a rep texts ", exampleNew(), " to the store number, the first text goes out 20 minutes later and its results show here."));
  }
  // What each column means is said once, under the tables (index.html).
  parts.push(stepTable("Be-back texts", stats.beback, true), stepTable("After-sale texts", stats.aftersale, false));
  if (stats.reps.length) parts.push(repTable(stats.reps));
  box.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
}

export function initResults(onError: (e: unknown) => void, onShown: () => void): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-days]")) {
    b.addEventListener("click", () => {
      days = Number(b.dataset.days);
      showResults().then(onShown, onError);
    });
  }
}
