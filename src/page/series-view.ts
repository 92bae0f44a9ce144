// The series editor: each step's delay, words and photo (and, with the photo, the words
// that go with it), with a live preview of each as the owner types — the text rendered for
// a sample customer, its encoding, segment count and cost per 100 customers (the server's
// own counter), the characters that force UCS-2 highlighted, a one-click fix for smart
// quotes and dashes, unknown placeholders named in place. Steps can be added, removed and
// moved; their delays stay in order. Saving sends every step whole: words the page did not
// show would be lost; so it first checks that no other tab or device saved the series since
// this page loaded it, and if one did, saves nothing and asks (load theirs, or save anyway).
import { MAX_AFTER_DAYS, parseAfter } from "../series/duration";
import { ApiError, call } from "./api";
import { $, fieldErrorBox, focusFirstInvalid, h, oneAtATime, setFieldError, setStatus } from "./dom";
import { placeErrors } from "./field-errors";
import { markUcs2, placeholderFault, previewStep, replaceLookalikes } from "./preview";
import { state } from "./state";
import type { Step } from "./types";
import { ask } from "./visit";

/** One text box of a step with its live preview: the step's words, or its words with the photo. */
interface WordsEditor {
  box: HTMLTextAreaElement;
  error: HTMLElement;
  root: HTMLElement;
  /**
   * Re-renders the preview; `name` says which words these are in an unknown-placeholder
   * message, `first` why they may be a customer's first text ("" when they are not), `mms`
   * that they go with the photo as one MMS; `fallback`, the words that go instead while these
   * are empty (the photo's words: the step's own).
   */
  update: (name: string, first: string, mms?: boolean, fallback?: string) => void;
}

interface StepEditor {
  root: HTMLElement;
  after: HTMLInputElement;
  body: WordsEditor;
  photo: HTMLInputElement;
  /** The words sent when the rep's photo goes along (shown while the photo is ticked). */
  withPhoto: WordsEditor;
  afterError: HTMLElement;
  up: HTMLButtonElement;
  down: HTMLButtonElement;
  update: () => void;
}

let editors: StepEditor[] = [];
let uid = 0;
/** The series the editors show ("" when none), its steps as last loaded or saved, and as the server sent them then. */
let shownKey = "";
let savedSteps = "";
let serverSteps = "";

const FIX_STEPS = "Please fix the steps marked in red.";
const key = () => $<HTMLSelectElement>("series-key").value;

const photoWords = (step: string) => `${step}'s text with the photo`;
/** A new step's words to start from: a greeting, which alone is no text to send. */
const STARTER = "Hi {first_name}, it's {rep} at {store}. ";

function money(dollars: number): string {
  return dollars < 10 ? `$${dollars.toFixed(2)}` : `$${Math.round(dollars)}`;
}

/** `changed`: the step re-renders (both previews) when the owner types or fixes quotes. */
function wordsEditor(id: string, label: string, value: string, changed: () => void): WordsEditor {
  const box = h("textarea", { id, rows: 5, "aria-describedby": `${id}-error ${id}-meta`, oninput: changed });
  box.value = value;
  const error = fieldErrorBox(`${id}-error`);
  const bubble = h("div", { class: "bubble-preview" });
  // Not a live region: it changes with every key, in every step at once on load; the box names it (aria-describedby).
  const meta = h("div", { class: "meta", id: `${id}-meta` });
  const fix = h("button", { type: "button", hidden: true, onclick: () => ((box.value = replaceLookalikes(box.value)), changed(), box.focus()) }, "Replace smart quotes and dashes");
  const note = h("div", { class: "hint", hidden: true });
  const root = h("div", {}, h("label", { for: id }, label), box, error, h("div", { class: "preview" }, h("div", { class: "hint" }, "Preview for Jane Doe, blue recliner:"), bubble, note, meta, fix));
  const update = (name: string, first: string, mms = false, fallback?: string) => {
    // Left empty, these words are not what goes: the preview shows what does, and says so.
    const instead = fallback !== undefined && !box.value.trim();
    const p = previewStep(instead ? fallback : box.value, state.settings?.storeName ?? "", state.settings?.pricePerSegment ?? 0.0083, first !== "", mms);
    note.textContent = instead ? `Left empty: the words above go with the photo. ${first}` : first;
    note.hidden = !note.textContent;
    // An MMS is priced per message, whatever its length or characters: no segments, no UCS-2.
    bubble.replaceChildren(...(mms ? [p.text] : markUcs2(p.text).map((run) => (run.ucs2 ? h("mark", { class: "ucs2", title: "This character makes the text UCS-2" }, run.text) : run.text))));
    const enc = p.encoding === "UCS-2" ? h("b", { class: "ucs" }, `UCS-2 because of ${p.ucs2Chars.slice(0, 6).join(" ")}`) : h("b", {}, "GSM-7");
    const cost = ` · about ${money(p.costPer100)} per 100 customers`;
    if (mms) meta.replaceChildren(h("b", { class: "segments" }, "1 MMS"), " with the photo, priced per message, not per segment", cost, " at Twilio's US price");
    else meta.replaceChildren(enc, ` · ${p.units} ${p.encoding === "GSM-7" ? "characters" : "units"} · `, h("b", { class: "segments" }, `${p.segments} segment${p.segments === 1 ? "" : "s"}`), cost);
    fix.hidden = replaceLookalikes(box.value) === box.value;
    // The words above say their own placeholder faults.
    setFieldError(box, error, !instead && p.unknown.length ? placeholderFault(name, box.value) : undefined);
  };
  return { box, error, root, update };
}

function stepEditor(step: Step): StepEditor {
  const id = `step-${++uid}`;
  // A delay's error is checked on Save and may name another step's delay: a change to any delay clears them all.
  const after = h("input", { id: `${id}-after`, value: step.after, autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-after-error`, oninput: () => editors.forEach((e) => setFieldError(e.after, e.afterError, undefined)) });
  const changed = () => editor.update();
  const body = wordsEditor(`${id}-body`, "Words", step.body, changed);
  const photo = h("input", { type: "checkbox", checked: Boolean(step.photo), onchange: changed });
  const withPhoto = wordsEditor(`${id}-photo-body`, "Words with the photo (if empty, the words above go with it)", step.bodyWithPhoto ?? "", changed);
  const afterError = fieldErrorBox(`${id}-after-error`);
  const title = h("h3", { id: `${id}-title` });
  const up = h("button", { type: "button" }, "↑");
  const down = h("button", { type: "button" }, "↓");
  const remove = h("button", { type: "button", class: "danger" }, "Remove");
  const root = h(
    "div",
    // A group named by its heading ("Step 2"): a screen reader tells this step's "Words" from the next one's.
    { class: "step", role: "group", "aria-labelledby": title.id },
    h("div", { class: "step-head" }, title, up, down, remove),
    h("label", { for: after.id }, "Send after (from the start of the series)"),
    after,
    afterError,
    body.root,
    h("label", { class: "check" }, photo, "Attach the rep's product photo (if they sent one)"),
    withPhoto.root,
  );
  const editor: StepEditor = {
    root,
    after,
    body,
    photo,
    withPhoto,
    afterError,
    up,
    down,
    update: () => {
      const i = editors.indexOf(editor);
      const name = (title.textContent = `Step ${i + 1}`);
      // Names a screen reader can tell apart: "Remove Step 3", not eight "Remove"s.
      up.ariaLabel = `Move ${name} up`;
      down.ariaLabel = `Move ${name} down`;
      remove.ariaLabel = `Remove ${name}`;
      up.disabled = i === 0;
      down.disabled = i === editors.length - 1;
      // Step 1 may be a number's first text, which carries the store's name and the opt-out
      // line: be-back step 1 nearly always is; after-sale step 1 is for a customer who buys on
      // their first visit. The preview shows that text, and says why.
      const first = i ? "" : shownKey === "aftersale" ? "A customer who buys on their first visit gets this as their first text from the store: it ends with the store's name and how to opt out." : "As a customer's first text from the store, it ends with the store's name and how to opt out.";
      body.update(name, first);
      withPhoto.root.hidden = !photo.checked;
      // Words with no photo to go with them are not sent, so they block nothing while hidden.
      if (photo.checked) withPhoto.update(photoWords(name), first, true, body.box.value);
      else setFieldError(withPhoto.box, withPhoto.error, undefined);
    },
  };
  remove.addEventListener("click", () => {
    const i = editors.indexOf(editor);
    editors = editors.filter((e) => e !== editor);
    render();
    // The button is gone: the focus goes to the step that took its place, or to Add a step.
    (editors[i]?.after ?? $("add-step")).focus();
  });
  // Moving a step moves its words and photo; the delays stay where they are, in order.
  const swap = (d: number) => {
    const other = editors[editors.indexOf(editor) + d];
    if (!other) return;
    const [b, w, p] = [other.body.box, other.withPhoto.box, other.photo];
    [body.box.value, b.value, withPhoto.box.value, w.value, photo.checked, p.checked] = [b.value, body.box.value, w.value, withPhoto.box.value, p.checked, photo.checked];
    editor.update();
    other.update();
    // The focus stays on the button pressed, at the step's new place, so Enter moves it on
    // (the other way's button once it cannot go further that way); the status line says where it went.
    const [on, back] = d < 0 ? [other.up, other.down] : [other.down, other.up];
    (on.disabled ? back : on).focus();
    const to = editors.indexOf(other) + 1;
    setStatus($("series-status"), `Step ${to - d} moved to ${to}.`, "info");
  };
  up.addEventListener("click", () => swap(-1));
  down.addEventListener("click", () => swap(1));
  return editor;
}

/** The steps as the editors hold them, as they are sent. */
function currentSteps() {
  return editors.map((e) => {
    const withPhoto = e.photo.checked && e.withPhoto.box.value.trim() !== "" ? { bodyWithPhoto: e.withPhoto.box.value } : {};
    return { after: e.after.value.trim(), body: e.body.box.value, photo: e.photo.checked, ...withPhoto };
  });
}

/** Whether the editors hold changes not saved. */
export const seriesUnsaved = (): boolean => shownKey !== "" && JSON.stringify(currentSteps()) !== savedSteps;

/** Asks before changes not saved are dropped (another series, another view); true to go on, and then they are dropped. */
export function leaveSeries(): boolean {
  if (seriesUnsaved() && !confirm("Your changes to the texts are not saved. Leave without saving them?")) return false;
  shownKey = "";
  return true;
}

function render(): void {
  const box = $("steps");
  box.replaceChildren(...editors.map((e) => e.root));
  if (!editors.length) box.append(h("div", { class: "empty" }, "No steps: this series sends nothing. Add a step to start."));
  for (const e of editors) e.update();
}

/** `fresh`: the series as saved now, even over changes not saved (the owner chose to load them). */
export async function showSeries(fresh = false): Promise<void> {
  // Back to changes not saved (the sign-in ended, and the owner signed in again): they stay.
  if (!fresh && shownKey === key() && seriesUnsaved()) {
    render();
    setStatus($("series-status"), "Your changes are not saved yet: Save texts to keep them.", "err");
    return;
  }
  const want = key();
  // A late answer (the other series picked, another view opened since) is dropped: shown
  // under the wrong name, it would be saved over the other series.
  const wanted = ask("series");
  const { steps } = await call<{ steps: Step[] }>(`/series/${want}`);
  if (!wanted()) return;
  shownKey = want;
  showSteps(steps);
  setStatus($("series-status"), "");
  setFieldError(null, $("series-error"), undefined);
  render();
}

/** The series' steps as the server sent them, in the editors, and kept as loaded or saved. */
function showSteps(steps: Step[]): void {
  offer();
  editors = steps.map(stepEditor);
  serverSteps = JSON.stringify(steps);
  savedSteps = JSON.stringify(currentSteps());
}

/** A delay one step later than the last (1d after it), for a new step. */
function nextDelay(): string {
  const last = parseAfter(editors.at(-1)?.after.value ?? "");
  // Never past the longest delay a step may have (two years), which the save would refuse.
  return last === null ? "1d" : `${Math.min(MAX_AFTER_DAYS, Math.max(1, Math.ceil(last / 86_400_000) + 1))}d`;
}

/** One save at a time (a double tap saves once). `anyway`: over changes saved elsewhere since this page loaded the series (the owner chose to). */
const save = oneAtATime(async (anyway = false): Promise<void> => {
  const status = $("series-status");
  const series = shownKey;
  if (!series) return;
  offer();
  setStatus(status, "");
  setFieldError(null, $("series-error"), undefined);
  // Every problem the page can see is marked on one Save, each at its step, so a second Save
  // finds nothing new. Delays are said here in words: the API's message for a delay is for
  // programmers, and for the order it says only that the order is wrong.
  editors.forEach((e, i) => {
    const [was, is] = [parseAfter(editors[i - 1]?.after.value ?? "0s"), parseAfter(e.after.value)];
    const name = `Step ${i + 1}`;
    setFieldError(
      e.after,
      e.afterError,
      is === null
        ? `${name}'s delay must be a number and a unit, like 20m, 18h, 3d or 2w (at most 732 days).`
        : was !== null && is < was
          ? `${name} (${e.after.value.trim()}) would go before Step ${i} (${editors[i - 1]?.after.value.trim()}): each delay counts from the first text, so give ${name} a later delay or Step ${i} an earlier one.`
          : undefined,
    );
    // Typing in the box clears this (its preview's check runs then).
    const words = e.body.box.value.trim();
    if (!words || words === STARTER.trim()) setFieldError(e.body.box, e.body.error, `${name} has ${words ? "only its greeting" : "no words"}: write its text, or remove the step.`);
  });
  const marked = editors.flatMap((e) => [e.afterError, e.body.error, e.withPhoto.error]).filter((p) => !p.hidden);
  if (marked.length) {
    setStatus(status, `Not saved${marked[1] ? `. ${FIX_STEPS}` : `: ${marked[0]?.textContent}`}`, "err");
    return focusFirstInvalid(...editors.flatMap((e) => [e.after, e.body.box, e.withPhoto.box]));
  }
  const steps = currentSteps();
  if (!steps.length && !confirm("With no steps this series sends nothing: customers waiting in it get no more automatic texts, even if you add steps later (Resume on a lead's page starts it again). Save anyway?")) return;
  try {
    // Another tab or device saved this series since the page loaded it: saving now would
    // silently undo that. Nothing is saved; the owner chooses.
    if (!anyway && JSON.stringify((await call<{ steps: Step[] }>(`/series/${series}`)).steps) !== serverSteps) return conflict();
    const saved = await call<{ steps: Step[] }>(`/series/${series}`, "PUT", { steps });
    if (series !== shownKey) return;
    // The editors then show what was saved, as the server keeps it ("3 d" is 3d).
    showSteps(saved.steps);
    render();
    setStatus(status, steps.length ? "Texts saved. Customers waiting in this series get their next text on the new schedule." : "Saved with no steps: this series sends nothing.", "ok");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const labels: Record<string, string> = { steps: "The steps" };
    editors.forEach((_, i) => {
      labels[`steps.${i}.after`] = `Step ${i + 1}'s delay`;
      labels[`steps.${i}.body`] = `Step ${i + 1}`;
      labels[`steps.${i}.bodyWithPhoto`] = photoWords(`Step ${i + 1}`);
    });
    const placed = placeErrors(err.error, err.issues, labels);
    for (const [path, text] of Object.entries(placed.byField)) {
      const m = /^steps\.(\d+)\.(after|body|bodyWithPhoto)$/.exec(path);
      const e = m ? editors[Number(m[1])] : undefined;
      const words = m?.[2] === "bodyWithPhoto" ? e?.withPhoto : e?.body;
      if (e && m?.[2] === "after") setFieldError(e.after, e.afterError, text);
      else if (words) setFieldError(words.box, words.error, text);
      else setFieldError(null, $("series-error"), text);
    }
    // An issue about the whole series (order, count) is said in the status too: no step is marked for it.
    const whole = placed.byField.steps;
    setStatus(status, `Not saved. ${[...(whole ? [whole] : []), ...placed.general].join(" ") || FIX_STEPS}`, "err");
    focusFirstInvalid(...editors.flatMap((e) => [e.after, e.body.box, e.withPhoto.box]));
  }
});

/** Saved elsewhere since loaded: says so, and offers the saved texts or saving these anyway. */
function conflict(): void {
  const reload = async () => {
    await showSeries(true);
    setStatus($("series-status"), "These are the texts as saved now.", "ok");
    (editors[0]?.after ?? $("add-step")).focus();
  };
  const load = h("button", { type: "button", onclick: () => void reload().catch(errorShown) }, "Load the saved texts");
  offer(load, h("button", { type: "button", onclick: () => void save(true).catch(errorShown) }, "Save mine anyway"));
  setStatus($("series-status"), "Not saved: these texts were changed in another tab or on another device since this page loaded them. Load the saved texts (your changes here are dropped), or save yours over them.", "err");
  load.focus();
}

/** The buttons under the status line (none: hidden). */
function offer(...buttons: HTMLElement[]): void {
  const box = $("series-conflict");
  box.replaceChildren(...buttons);
  box.hidden = !buttons.length;
}

let errorShown: (e: unknown) => void = () => {};

export function initSeries(onError: (e: unknown) => void): void {
  errorShown = onError;
  $("series-status").after(h("div", { class: "actions", id: "series-conflict", hidden: true }));
  const picker = $<HTMLSelectElement>("series-key");
  picker.addEventListener("change", () => {
    const to = picker.value;
    picker.value = shownKey || to;
    if (!leaveSeries()) return;
    picker.value = to;
    showSeries().catch(onError);
  });
  window.addEventListener("beforeunload", (e) => {
    if (seriesUnsaved()) e.preventDefault();
  });
  $("add-step").addEventListener("click", () => {
    const e = stepEditor({ after: nextDelay(), body: STARTER });
    editors.push(e);
    render();
    e.body.box.focus();
  });
  $("save-series").addEventListener("click", () => void save().catch(onError));
}
