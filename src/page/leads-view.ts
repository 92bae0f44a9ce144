// Leads: newest first, a page at a time; filter by status and rep, search by name, phone or product
// (the server filters: a store with years of leads loads one page); each row shows the rep,
// status, next contact and last message in the store's time zone. A lead's page (#lead/ID) shows
// the customer's thread, notes, the next step, pause/resume/end, and a box to text them.
import { ApiError, call } from "./api";
import { $, empty, exampleNew, fieldErrorBox, fill, h, oneAtATime, setFieldError, setStatus } from "./dom";
import { placeErrors } from "./field-errors";
import { formatMoney, formatPhone, formatWhen } from "./format";
import { defaultPauseDay, pauseDayRange, pauseUntil } from "./pause-date";
import { country, loadShared, repName, state, zone } from "./state";
import { customerThread, lastTextLine } from "./thread";
import type { LeadDetail, LeadView, MessageView } from "./types";
import { ask, onThisVisit } from "./visit";

let leads: LeadView[] = [];

const STATUS_WORDS: Record<string, string> = { active: "active", paused: "paused", sold: "sold", lost: "lost", optedout: "opted out" };
const when = (iso: string) => formatWhen(iso, zone(), Date.now());
/** The lead's status, and "opted out" beside a sold or lost one whose number opted out. */
const badges = (l: LeadView) => [
  h("span", { class: `badge ${l.status}` }, STATUS_WORDS[l.status] ?? l.status),
  l.optedOut && l.status !== "optedout" && [" ", h("span", { class: "badge optedout" }, "opted out")],
];

function nextContact(l: LeadView): string {
  if (l.optedOut) return "No texts: opted out";
  if (l.resumeAt) return `Paused until ${when(l.resumeAt)}`;
  if (l.nextAt) return `Next text ${when(l.nextAt)}`;
  return "No automatic text pending";
}

function lastLine(m: MessageView): string {
  const { who, words } = lastTextLine(m);
  return `${who} ${when(m.at)}: ${words}`;
}

function leadRow(l: LeadView): HTMLElement {
  const last = l.lastMessage;
  return h(
    "a",
    { class: "lead-item", href: `#lead/${l.id}` },
    h("div", { class: "l1" }, `${l.name} `, ...badges(l).flat(), ` ${l.product}`),
    h("div", { class: "l2" }, `${formatPhone(l.phone, country())} · ${repName(l.repId)} · ${nextContact(l)}`),
    last ? h("div", { class: "l3" }, lastLine(last)) : null,
  );
}

/** Leads per page; "Show more" asks for the next page (older leads). */
export const LEAD_PAGE = 100;
/** Whether the list may go on past what is shown. */
let more = false;
let errorShown: (e: unknown) => void = () => {};

/** The first page for the filters as they are now, or (`append`) the page after what is shown. */
async function loadLeads(append = false): Promise<void> {
  const params = new URLSearchParams();
  for (const [key, id] of [["q", "lead-search"], ["status", "lead-status"], ["rep", "lead-rep"]] as const) {
    const value = $<HTMLInputElement>(id).value.trim();
    if (value) params.set(key, value);
  }
  const filtered = params.size > 0;
  params.set("limit", String(LEAD_PAGE));
  if (append) params.set("before", String(leads.at(-1)?.id));
  // Answers of older requests (a search typed on) and of a visit left are dropped.
  const wanted = ask("leads");
  const page = await call<LeadView[]>(`/leads?${params}`);
  if (!wanted()) return;
  const shown = append ? leads.length : 0;
  leads = append ? [...leads, ...page] : page;
  more = page.length === LEAD_PAGE;
  renderList(filtered, shown);
  // The button pressed is gone: the focus goes on to the first lead it brought.
  if (append) $("leads-list").querySelectorAll<HTMLElement>(".lead-item")[shown]?.focus();
}

/** The list as `leads` has it; `from`: the rows before it are shown already (Show more adds only the page it brought). */
function renderList(filtered: boolean, from: number): void {
  const n = leads.length;
  $("lead-count").textContent = n ? `${n}${more ? "+" : ""} ${filtered ? "matching " : ""}${n === 1 && !more ? "lead" : "leads"}, newest first` : "";
  const box = $("leads-list");
  if (!leads.length && !filtered) {
    box.replaceChildren(empty(h("strong", {}, "No leads yet. "), "A rep adds one by texting ", exampleNew(), " to the store number. Try it with the ", h("a", { href: "/phone.html" }, "phone simulator"), "."));
  } else if (!leads.length) {
    box.replaceChildren(empty("No lead matches. Clear the search or pick another status or rep."));
  } else {
    const showMore = more ? h("button", { type: "button", id: "leads-more", onclick: () => loadLeads(true).catch(errorShown) }, `Show ${LEAD_PAGE} more`) : null;
    const added = [...leads.slice(from).map(leadRow), ...(showMore ? [h("div", { class: "actions" }, showMore)] : [])];
    if (from) {
      box.querySelector(".actions")?.remove();
      box.append(...added);
    } else box.replaceChildren(...added);
  }
}

export async function showLeads(): Promise<void> {
  $("lead-list-view").hidden = false;
  $("lead-view").hidden = true;
  // The store's zone and reps as they are now: another tab or device may have changed them.
  await loadShared();
  const reps = $<HTMLSelectElement>("lead-rep");
  const chosen = reps.value;
  reps.replaceChildren(h("option", { value: "" }, "All reps"), ...state.reps.map((r) => h("option", { value: String(r.id), selected: String(r.id) === chosen }, r.name)));
  await loadLeads();
}

function nextStep(l: LeadDetail): string {
  if (l.optedOut) return "This number opted out: Beback sends nothing to it. The customer can text START to opt back in.";
  if (l.undeliverable) return `This number cannot get texts (invalid or not a mobile). The rep can fix it with fix #${l.id} phone …`;
  if (l.resumeAt) {
    // When the next text really goes, as the rep's reminder says: the end of the quiet hours
    // the pause ends in, or a later step's own time.
    if (!l.laterResumes) return `The customer wrote since the pause was set: the rep is reminded ${when(l.resumeAt)}, and automatic texts stay paused.`;
    const after = !l.resumesAt ? "; no automatic text is left to resume" : l.resumesAt !== l.resumeAt ? `; the next automatic text goes ${when(l.resumesAt)}` : ", then resume";
    return `Automatic texts are paused until ${when(l.resumeAt)}${after}.`;
  }
  const series = l.seriesKey === "aftersale" ? "after-sale" : "be-back";
  if (l.nextAt && l.nextStep !== null) return `Next automatic text: ${series} step ${l.nextStep + 1}, ${when(l.nextAt)}.`;
  if (l.status !== "lost" && (l.seriesPaused || l.stepsLeft)) return `Automatic texts are stopped (${l.seriesPaused ? "the customer replied or opted out, or they were ended" : "the series was emptied or cut short since"}). Resume to continue the series.`;
  return "No automatic text pending.";
}

/** The lead on show ("" for none), and its status line (what Pause, Send… did). */
let shownLead = "";
let leadStatus: HTMLElement | undefined;

/** `#lead/<ref>` with no lead there (999, abc): said in its own heading, with the way back. */
function noSuchLead(box: HTMLElement): void {
  shownLead = "";
  fill(
    box,
    h("p", {}, h("a", { href: "#leads", class: "button" }, "← All leads")),
    h("h3", {}, "No such lead"),
    h("p", {}, "Beback has no lead at this address: the link is wrong, or the lead was removed."),
  );
}

/** Each lead's words typed in "Text the customer" and not sent yet, by lead id. */
const drafts = new Map<string, string>();

export async function showLead(ref: number | string, notice = "", tone: "ok" | "err" = "ok"): Promise<void> {
  $("lead-list-view").hidden = true;
  const box = $("lead-view");
  box.hidden = false;
  const id = String(ref);
  // Another lead (or an unknown one) must not stay on show while this one loads.
  if (id !== shownLead) {
    box.replaceChildren();
    shownLead = "";
  }
  if (!/^\d{1,12}$/.test(id)) return noSuchLead(box);
  // A late answer (the owner opened another lead or view since) is dropped.
  const wanted = ask("lead");
  let l: LeadDetail;
  try {
    // The settings and reps again with it: another tab or device may have changed the store's
    // zone or opening since sign-in, and "Pause until" counts in them.
    [l] = await Promise.all([call<LeadDetail>(`/leads/${id}`), loadShared()]);
  } catch (e) {
    if (!wanted()) return;
    if (e instanceof ApiError && e.status === 404) return noSuchLead(box);
    throw e;
  }
  if (!wanted()) return;
  const here = onThisVisit();
  // The status line stays in place while the same lead's page is built anew after an action:
  // a screen reader, already watching it, reads what the action did (a new one is not read).
  const status = id === shownLead && leadStatus?.parentNode === box ? leadStatus : (leadStatus = h("p", { class: "status", role: "status" }));
  const rep = repName(l.repId);
  const thread = customerThread(l.messages, repName);
  // One action at a time: a double tap pauses, resumes or ends once.
  const run = oneAtATime(async (path: string, body?: unknown) => {
    setStatus(status, "");
    try {
      await call(`/leads/${id}/${path}`, "POST", body);
      if (!here()) return;
      await showLead(id, `Automatic texts ${path === "end" ? "ended" : path === "resume" ? "resumed" : "paused"}.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const placed = placeErrors(err.error, err.issues, { until: "The pause date" });
      // A refused day is said under the day, where the focus goes; anything else under the buttons.
      if (placed.byField.until) return untilRefused(placed.byField.until);
      setStatus(status, placed.general.join(" "), "err");
    }
  });
  const act = (path: string, body?: unknown) => () => run(path, body);
  // The picker offers the days the server accepts (from the page's clock, when it is drawn).
  const quiet = state.settings?.quietHours ?? null;
  const until = h("input", { id: "pause-until", type: "date", value: defaultPauseDay(Date.now(), zone()), ...pauseDayRange(Date.now(), zone(), quiet), "aria-describedby": "pause-until-error" });
  const untilError = fieldErrorBox("pause-until-error");
  const untilRefused = (text: string) => {
    setFieldError(until, untilError, text);
    until.focus();
  };
  const pause = h("button", { type: "button" }, "Pause until");
  pause.addEventListener("click", () => {
    setFieldError(until, untilError, undefined);
    // The store's opening time on that day, in the store's zone (pause-date.ts).
    const at = pauseUntil(until.value, zone(), quiet);
    if (at === null) untilRefused("Pick the day the automatic texts should resume.");
    else void act("pause", { until: at })();
  });
  const canText = !l.optedOut && !l.undeliverable;
  const compose = h("textarea", { id: "compose", rows: 2, disabled: !canText, placeholder: canText ? `Text ${l.name.split(" ")[0]}…` : "", "aria-describedby": "compose-error" });
  // Words typed and not sent stay with the lead while the page is open (another view and back).
  compose.value = canText ? (drafts.get(id) ?? "") : "";
  compose.addEventListener("input", () => void (compose.value ? drafts.set(id, compose.value) : drafts.delete(id)));
  const composeError = fieldErrorBox("compose-error");
  const send = h("button", { type: "button", class: "primary", disabled: !canText }, "Send");
  send.addEventListener("click", oneAtATime(async () => {
    setFieldError(compose, composeError, undefined);
    setStatus(status, "");
    try {
      // 202: Twilio was busy (Beback sends it again) or did not confirm it; the note says which.
      const answer = await call<{ note?: string }>(`/leads/${id}/messages`, "POST", { body: compose.value });
      // It went: its words are no draft to come back to, even if the owner moved on meanwhile.
      drafts.delete(id);
      if (!here()) return;
      const sent = answer?.note ?? "Sent.";
      // The words leave the box at once, so a failed refresh below never invites sending them
      // again. "Sent." comes with the page built anew (in the same status line), then the focus.
      compose.value = "";
      try {
        await showLead(id, sent);
      } catch {
        if (here()) setStatus(status, `${sent} The conversation could not be loaded again: reload the page to see it.`, "ok");
        return;
      }
      if (!here()) return;
      // Where the rep was, with the text just sent in view (the page is built anew), ready for another.
      $("compose").scrollIntoView({ block: "center" });
      $("compose").focus({ preventScroll: true });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Refused for the number (it opted out, or cannot get texts, since the page was drawn):
      // the lead as it is now, with why (page audit: the box stayed open, the next text shown).
      if (err.status === 409 && here()) {
        drafts.delete(id);
        return showLead(id, err.error, "err");
      }
      const placed = placeErrors(err.error, err.issues, { body: "The text" });
      setFieldError(compose, composeError, placed.byField.body ?? placed.general.join(" "));
      compose.focus();
    }
  }));
  // A lead that texted first has no automatic texts to pause, resume or end; nor has one whose number cannot get texts.
  const active = !l.optedOut && !l.undeliverable && l.status !== "lost" && l.seriesKey !== null;
  const head = [
    h("p", {}, h("a", { href: "#leads", class: "button" }, "← All leads")),
    h("h3", {}, `${l.name} `, ...badges(l).flat()),
    h("p", {}, `${formatPhone(l.phone, country())} · ${l.product || "no product"} · rep ${rep}${l.amountCents ? ` · sold for ${formatMoney(l.amountCents)}` : ""} · added ${when(l.createdAt)}`),
    h("p", { class: "status info" }, nextStep(l)),
    active
      ? h(
          "div",
          { class: "actions" },
          // Paused (until a day, or stopped by a reply): Resume; running: Pause until a day.
          ...(l.resumeAt || l.seriesPaused || (l.stepsLeft && !l.nextAt)
            ? [h("button", { type: "button", onclick: act("resume") }, "Resume")]
            : [h("label", { for: "pause-until", class: "hint" }, "Pause the automatic texts until"), until, untilError, pause]),
          // Stopped already (ended, or the customer replied): nothing left to end (page audit).
          l.seriesPaused && !l.resumeAt ? null : h("button", { type: "button", class: "danger", onclick: act("end") }, "End automatic texts"),
        )
      : null,
  ];
  const rest = [
    h("h3", {}, "Notes"),
    l.notes ? h("p", { class: "notes" }, l.notes) : h("p", { class: "muted" }, `No notes. The rep adds them by texting note #${l.id} …`),
    h("h3", {}, "Conversation"),
    thread.length
      ? h(
          "div",
          // A list of texts, one item each, so a screen reader steps from one to the next.
          { class: "thread", role: "list", "aria-label": "Conversation" },
          ...thread.map((t) =>
            h(
              "div",
              { class: `msg ${t.side}${t.auto ? " auto" : ""}`, role: "listitem" },
              h("div", { class: "who" }, t.who),
              t.body,
              ...t.media.map(attachment),
              h("div", { class: "when" }, `${when(t.at)}${t.delivery ? ` · ${t.delivery}` : ""}`),
            ),
          ),
        )
      : empty(`No texts yet.${l.nextAt ? " The first automatic text goes out on schedule, or text the customer below." : canText ? " Text the customer below." : ""}`),
    h("h3", {}, "Text the customer"),
    h("label", { for: "compose" }, canText ? `From the store number, as ${rep}'s text` : "This number cannot be texted (opted out or undeliverable)."),
    compose,
    composeError,
    h("div", { class: "actions" }, send),
  ];
  if (status.parentNode === box) {
    for (const n of [...box.childNodes]) if (n !== status) n.remove();
    status.before(...head.filter((n) => n !== null));
    status.after(...rest);
  } else fill(box, ...head, status, ...rest);
  shownLead = id;
  setStatus(status, notice, tone);
  // After Pause, Resume or End the page is built anew: the focus goes to what happened, not the page's top.
  if (notice) {
    status.tabIndex = -1;
    status.focus({ preventScroll: true });
  }
}

/** A photo from this very server (the simulator's demo photos, under /demo/) is loaded from this origin; any other URL stays as it is. */
/**
 * A text's attachment, shown as a photo; one the browser cannot show as one (a contact card,
 * a video, a PDF, a link that no longer loads) becomes a link that opens it.
 */
function attachment(url: string): HTMLElement {
  const src = localMedia(url);
  return h("img", { src, alt: "Photo", loading: "lazy", onerror: (e: Event) => (e.target as Element).replaceWith(h("a", { class: "button", href: src, target: "_blank", rel: "noreferrer" }, "Open the attachment")) });
}

export function localMedia(src: string): string {
  try {
    const u = new URL(src);
    return u.host === location.host && u.pathname.startsWith("/demo/") ? u.pathname : src;
  } catch {
    return src;
  }
}

export function initLeads(onError: (e: unknown) => void, onShown: () => void): void {
  errorShown = onError;
  const reload = () => loadLeads().then(onShown, onError);
  // The search asks the server once typing pauses.
  let typing: ReturnType<typeof setTimeout> | undefined;
  $("lead-search").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(reload, 250);
  });
  $("lead-status").addEventListener("change", reload);
  $("lead-rep").addEventListener("change", reload);
}
