// The owner page (public/index.html): sign-in, then one view at a time chosen by the URL's
// hash (#results, #leads, #lead/12, #series, #reps, #settings), so the back button and
// links work. A pasted sign-in link (#token=…) works in an open tab too (hashchange).
// Bundled by scripts/build-page.mjs into public/app.js.
import { ApiError, call, whenSignedOut } from "./api";
import { $, setFieldError, setStatus } from "./dom";
import { friendlyError } from "./field-errors";
import { showLead, showLeads, initLeads } from "./leads-view";
import { initReps, showReps } from "./reps-view";
import { initResults, showResults } from "./results-view";
import { initSeries, leaveSeries, showSeries } from "./series-view";
import { fillSettings, initSettings, showSettings } from "./settings-view";
import { pastedToken, tokenInLink } from "./sign-in-link";
import { loadShared, state } from "./state";
import { newVisit, onThisVisit } from "./visit";

const VIEWS = ["results", "leads", "series", "reps", "settings"] as const;
type View = (typeof VIEWS)[number];
let signedIn = false;
let current: View | null = null;

function showError(e: unknown): void {
  const text = e instanceof ApiError ? friendlyError(e.error) : "Something went wrong on this page. Reload it and try again.";
  if (!(e instanceof ApiError)) console.error(e);
  if (e instanceof ApiError && e.status === 401) return;
  setStatus($("page-status"), text, "err");
}

/** A request that failed said so at the top of the page; the next one that works takes it away. */
function clearError(): void {
  setStatus($("page-status"), "");
}

function showSignedIn(yes: boolean): void {
  signedIn = yes;
  $("signin").hidden = yes;
  $("tabs").hidden = !yes;
  $("signout").hidden = !yes;
  if (!yes) for (const v of VIEWS) $(`view-${v}`).hidden = true;
  if (!yes) $<HTMLInputElement>("token").focus();
}

async function route(): Promise<void> {
  const hash = location.hash.slice(1);
  if (hash.startsWith("token=")) return signInFromLink(hash);
  if (!signedIn) return;
  // Any #lead/… is the lead's page: one that is not there (#lead/999, #lead/abc) says so there.
  const lead = /^lead\/(.*)$/.exec(hash);
  const view: View = lead ? "leads" : VIEWS.find((v) => v === hash) ?? "results";
  // Leaving the texts with changes not saved asks first; staying puts the address back.
  if (current === "series" && view !== "series" && !leaveSeries()) return history.replaceState(null, "", "#series");
  current = view;
  // An address that names no view (#bogus, a link cut short) shows Results, and says so.
  if (!lead && hash && hash !== view) history.replaceState(null, "", `#${view}`);
  // A view's answer that comes after the owner moved on is dropped (visit.ts), and so is its
  // error, its heading and its title: the page shows what the address says.
  newVisit();
  const here = onThisVisit();
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const a of $("tabs").querySelectorAll("a")) {
    if (a.getAttribute("href") === `#${view}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  setStatus($("page-status"), "");
  try {
    if (lead) await showLead(lead[1] ?? "");
    else if (view === "results") await showResults();
    else if (view === "leads") await showLeads();
    else if (view === "series") await showSeries();
    else if (view === "reps") showReps();
    else if (state.settings) showSettings(state.settings);
  } catch (e) {
    if (here()) showError(e);
  }
  if (!here()) return;
  // The view's heading takes the focus, so a screen reader says where the owner is and Tab
  // goes on from there; the window's title names the view too.
  const heading = (lead && $("lead-view").querySelector("h3")) || $(`view-${view}`).querySelector("h2");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
    document.title = `${heading.textContent?.trim()} · Beback`;
  }
}

async function signIn(token: string): Promise<boolean> {
  const error = $("token-error");
  setFieldError($("token"), error, undefined);
  if (!token.trim()) {
    setFieldError($("token"), error, "Paste the sign-in link or the token first.");
    return false;
  }
  try {
    await call("/session", "POST", { token: token.trim() });
  } catch (e) {
    // A link's code (src/http/sign-in-code.ts) works for a day; the token always does.
    const refused = /^\d+\.[\w-]{43}$/.test(token.trim())
      ? "That sign-in link has expired: paste the owner token."
      : "That token is not right. Copy the whole sign-in link or token and try again.";
    const text = e instanceof ApiError && e.status === 401 ? refused : e instanceof ApiError ? friendlyError(e.error) : "Could not sign in.";
    showSignedIn(false);
    setFieldError($("token"), error, text);
    return false;
  }
  await start();
  return true;
}

async function signInFromLink(hash: string): Promise<void> {
  const token = tokenInLink(hash) ?? "";
  // The link leaves the address bar (and the tab's back button) at once. The browser's history
  // keeps the address it opened: that is why npm start's link carries a code that expires, not the token.
  history.replaceState(null, "", `${location.pathname}#results`);
  if (await signIn(token)) return route();
  // The link did not work (an old one), but this browser may be signed in still: then the
  // page shows, saying so, rather than asking for a token the owner does not need.
  try {
    await start();
  } catch {
    return;
  }
  await route();
  setStatus($("page-status"), "That sign-in link did not work, but this browser is still signed in.", "info");
}

async function start(): Promise<void> {
  await loadShared();
  showSignedIn(true);
  if (state.settings) fillSettings(state.settings);
}

function init(): void {
  whenSignedOut(() => {
    const was = signedIn;
    showSignedIn(false);
    if (was) setFieldError($("token"), $("token-error"), "You were signed out. Sign in again to go on.");
  });
  initSettings();
  initResults(showError, clearError);
  initSeries(showError);
  initLeads(showError, clearError);
  initReps(() => void loadShared().catch(showError));
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    // A pasted sign-in link works here too.
    const token = pastedToken($<HTMLInputElement>("token").value);
    void signIn(token).then(async (ok) => {
      if (ok) await route();
    });
  });
  $("signout").addEventListener("click", async () => {
    try {
      await call("/session", "DELETE");
    } catch (e) {
      // Not signed out (the server could not be reached): said, and the page stays, rather
      // than a reload that looks like a sign-out on a shared device.
      const why = e instanceof ApiError ? friendlyError(e.error) : "Something went wrong on this page.";
      setStatus($("page-status"), `Not signed out: ${why}`, "err");
      return;
    }
    // A fresh page: nothing the owner saw (a customer's texts) stays in it, hidden.
    location.replace(location.pathname);
  });
  window.addEventListener("hashchange", () => void route());
  if (location.hash.startsWith("#token=")) void route();
  else
    void start()
      .then(route)
      .catch((e) => {
        showSignedIn(false);
        if (!(e instanceof ApiError && e.status === 401)) showError(e);
      });
}

init();
