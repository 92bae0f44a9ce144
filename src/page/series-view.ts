// The series editor: each step's delay, words and photo, with a live preview as the owner
// types — the text rendered for a sample customer, its encoding, segment count and cost per
// 100 customers (the server's own counter), the characters that force UCS-2 highlighted, a
// one-click fix for smart quotes and dashes, unknown placeholders named in place. Steps can
// be added, removed and moved; their delays stay in order.
import { ApiError, call } from "./api";
import { $, h, setFieldError, setStatus } from "./dom";
import { placeErrors } from "./field-errors";
import { markUcs2, previewStep, replaceLookalikes, unknownPlaceholderMessage } from "./preview";
import { state } from "./state";
import type { Step } from "./types";

interface StepEditor {
  root: HTMLElement;
  after: HTMLInputElement;
  body: HTMLTextAreaElement;
  photo: HTMLInputElement;
  afterError: HTMLElement;
  bodyError: HTMLElement;
  update: () => void;
}

let editors: StepEditor[] = [];
let uid = 0;

const key = () => $<HTMLSelectElement>("series-key").value;

function money(dollars: number): string {
  return dollars < 10 ? `$${dollars.toFixed(2)}` : `$${Math.round(dollars)}`;
}

function stepEditor(step: Step): StepEditor {
  const id = `step-${++uid}`;
  const after = h("input", { id: `${id}-after`, value: step.after, autocomplete: "off", spellcheck: "false", "aria-describedby": `${id}-after-error` });
  const body = h("textarea", { id: `${id}-body`, rows: 5, "aria-describedby": `${id}-body-error ${id}-meta` });
  body.value = step.body;
  const photo = h("input", { type: "checkbox", checked: Boolean(step.photo) });
  const afterError = h("p", { class: "field-error", id: `${id}-after-error`, hidden: true });
  const bodyError = h("p", { class: "field-error", id: `${id}-body-error`, hidden: true });
  const bubble = h("div", { class: "bubble-preview" });
  const meta = h("div", { class: "meta", id: `${id}-meta`, "aria-live": "polite" });
  const fix = h("button", { type: "button", hidden: true }, "Replace smart quotes and dashes");
  const title = h("h3", {});
  const note = h("div", { class: "hint", hidden: true }, "As a customer's first text from the store, it ends with the store's name and how to opt out.");
  const up = h("button", { type: "button", "aria-label": "Move up" }, "↑");
  const down = h("button", { type: "button", "aria-label": "Move down" }, "↓");
  const remove = h("button", { type: "button", class: "danger" }, "Remove");
  const root = h(
    "div",
    { class: "step" },
    h("div", { class: "step-head" }, title, up, down, remove),
    h("label", { for: after.id }, "Send after (from the start of the series)"),
    after,
    afterError,
    h("label", { for: body.id }, "Words"),
    body,
    bodyError,
    h("label", { class: "check" }, photo, "Attach the rep's product photo (if they sent one)"),
    h("div", { class: "preview" }, h("div", { class: "hint" }, "Preview for Jane Doe, blue recliner:"), bubble, note, meta, fix),
  );
  const editor: StepEditor = {
    root,
    after,
    body,
    photo,
    afterError,
    bodyError,
    update: () => {
      const i = editors.indexOf(editor);
      title.textContent = `Step ${i + 1}`;
      up.disabled = i === 0;
      down.disabled = i === editors.length - 1;
      // Be-back step 1 is nearly always a number's first text: it carries the opt-out line.
      const first = i === 0 && key() === "beback";
      const p = previewStep(body.value, state.settings?.storeName ?? "", state.settings?.pricePerSegment ?? 0.0083, first);
      note.hidden = !first;
      bubble.replaceChildren(...markUcs2(p.text).map((run) => (run.ucs2 ? h("mark", { class: "ucs2", title: "This character makes the text UCS-2" }, run.text) : run.text)));
      const enc = p.encoding === "UCS-2" ? h("b", { class: "ucs" }, `UCS-2 because of ${p.ucs2Chars.slice(0, 6).join(" ")}`) : h("b", {}, "GSM-7");
      meta.replaceChildren(enc, ` · ${p.units} ${p.encoding === "GSM-7" ? "characters" : "units"} · `, h("b", { class: "segments" }, `${p.segments} segment${p.segments === 1 ? "" : "s"}`), ` · about ${money(p.costPer100)} per 100 customers`);
      fix.hidden = replaceLookalikes(body.value) === body.value;
      setFieldError(body, bodyError, p.unknown.length ? unknownPlaceholderMessage(i, p.unknown) : undefined);
    },
  };
  body.addEventListener("input", editor.update);
  fix.addEventListener("click", () => {
    body.value = replaceLookalikes(body.value);
    editor.update();
    body.focus();
  });
  remove.addEventListener("click", () => {
    editors = editors.filter((e) => e !== editor);
    render();
  });
  // Moving a step moves its words and photo; the delays stay where they are, in order.
  const swap = (d: number) => {
    const i = editors.indexOf(editor);
    const other = editors[i + d];
    if (!other) return;
    [body.value, other.body.value] = [other.body.value, body.value];
    [photo.checked, other.photo.checked] = [other.photo.checked, photo.checked];
    editor.update();
    other.update();
    other.body.focus();
  };
  up.addEventListener("click", () => swap(-1));
  down.addEventListener("click", () => swap(1));
  return editor;
}

function render(): void {
  const box = $("steps");
  box.replaceChildren(...editors.map((e) => e.root));
  if (!editors.length) box.append(h("div", { class: "empty" }, "No steps: this series sends nothing. Add a step to start."));
  for (const e of editors) e.update();
}

export async function showSeries(): Promise<void> {
  const { steps } = await call<{ steps: Step[] }>(`/series/${key()}`);
  editors = steps.map(stepEditor);
  setStatus($("series-status"), "");
  setFieldError(null, $("series-error"), undefined);
  render();
}

/** A delay one step later than the last (1d after it), for a new step. */
function nextDelay(): string {
  const last = editors.at(-1)?.after.value.trim() ?? "";
  const m = /^(\d+)([smhdw])$/.exec(last);
  if (!m) return "1d";
  const perUnit: Record<string, number> = { s: 1 / 86400, m: 1 / 1440, h: 1 / 24, d: 1, w: 7 };
  const days = (perUnit[m[2] ?? "d"] ?? 1) * Number(m[1]);
  return `${Math.max(1, Math.ceil(days) + 1)}d`;
}

async function save(): Promise<void> {
  const status = $("series-status");
  setStatus(status, "");
  setFieldError(null, $("series-error"), undefined);
  for (const e of editors) setFieldError(e.after, e.afterError, undefined);
  const unknown = editors.findIndex((e) => !e.bodyError.hidden);
  if (unknown >= 0) {
    setStatus(status, `Not saved: ${editors[unknown]?.bodyError.textContent ?? ""}`, "err");
    editors[unknown]?.body.focus();
    return;
  }
  const steps = editors.map((e) => ({ after: e.after.value.trim(), body: e.body.value, photo: e.photo.checked }));
  try {
    await call(`/series/${key()}`, "PUT", { steps });
    setStatus(status, "Texts saved. Customers waiting in this series get their next text on the new schedule.", "ok");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const labels: Record<string, string> = { steps: "The steps" };
    editors.forEach((_, i) => {
      labels[`steps.${i}.after`] = `Step ${i + 1}'s delay`;
      labels[`steps.${i}.body`] = `Step ${i + 1}`;
    });
    const placed = placeErrors(err.error, err.issues, labels);
    for (const [path, text] of Object.entries(placed.byField)) {
      const m = /^steps\.(\d+)\.(after|body)$/.exec(path);
      const e = m ? editors[Number(m[1])] : undefined;
      if (e && m?.[2] === "after") setFieldError(e.after, e.afterError, text);
      else if (e) setFieldError(e.body, e.bodyError, text);
      else setFieldError(null, $("series-error"), text);
    }
    setStatus(status, `Not saved. ${placed.general.join(" ") || "Please fix the steps marked in red."}`, "err");
  }
}

export function initSeries(onError: (e: unknown) => void): void {
  $("series-key").addEventListener("change", () => showSeries().catch(onError));
  $("add-step").addEventListener("click", () => {
    const e = stepEditor({ after: nextDelay(), body: "Hi {first_name}, it's {rep} at {store}. " });
    editors.push(e);
    render();
    e.body.focus();
  });
  $("save-series").addEventListener("click", () => void save().catch(onError));
}
