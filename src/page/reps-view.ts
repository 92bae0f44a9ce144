// Reps: add, rename, change phone, deactivate, and remove — a rep with leads hands them to
// another active rep first, right here.
import { ApiError, call } from "./api";
import { $, fieldErrorBox, focusFirstInvalid, h, oneAtATime, setFieldError, setStatus } from "./dom";
import { placeErrors } from "./field-errors";
import { formatPhone, fullStop } from "./format";
import { country, state } from "./state";
import type { Rep } from "./types";

let onChange: () => void = () => {};

function repCard(rep: Rep): HTMLElement {
  const id = `rep-${rep.id}`;
  const name = h("input", { id: `${id}-name`, value: rep.name, autocomplete: "off", "aria-describedby": `${id}-name-error` });
  // The phone as shown; sent back only when the owner changed it (a rename never touches it).
  let shown = formatPhone(rep.phone, country());
  const phone = h("input", { id: `${id}-phone`, type: "tel", value: shown, autocomplete: "off", "aria-describedby": `${id}-phone-error` });
  const active = h("input", { type: "checkbox", checked: rep.active });
  const nameError = fieldErrorBox(`${id}-name-error`);
  const phoneError = fieldErrorBox(`${id}-phone-error`);
  const status = h("p", { class: "status", role: "status" });
  const handover = h("div", { hidden: true });
  const save = h("button", { type: "button", class: "primary" }, "Save");
  const remove = h("button", { type: "button", class: "danger" }, "Remove");
  const card = h(
    "div",
    { class: "step", "data-rep": String(rep.id), role: "group" },
    h("div", { class: "row" }, h("div", { class: "grow" }, h("label", { for: name.id }, "Name"), name, nameError), h("div", { class: "grow" }, h("label", { for: phone.id }, "Mobile phone"), phone, phoneError)),
    h("label", { class: "check" }, active, "Active (gets new customers and texts)"),
    h("div", { class: "actions" }, save, remove),
    handover,
    status,
  );
  // A group named by the rep (a screen reader tells this card's "Name" from the next one's),
  // and its buttons too: named again after a rename, so the card says the new name everywhere.
  const named = () => {
    card.ariaLabel = rep.name;
    save.ariaLabel = `Save ${rep.name}`;
    remove.ariaLabel = `Remove ${rep.name}`;
  };
  named();

  // One at a time (page audit: a double click sent two PATCHes).
  save.addEventListener("click", oneAtATime(async () => {
    setFieldError(name, nameError, undefined);
    setFieldError(phone, phoneError, undefined);
    setStatus(status, "");
    // Only what the owner changed on this card: a save here never puts back what another tab or
    // device changed since the card was drawn (a rep made inactive there stays inactive).
    const changed = {
      ...(name.value === rep.name ? {} : { name: name.value }),
      ...(active.checked === rep.active ? {} : { active: active.checked }),
      ...(phone.value.trim() === shown ? {} : { phone: phone.value }),
    };
    // Nothing changed (a double tap's second, after the first saved): nothing to send.
    if (!Object.keys(changed).length) return setStatus(status, `Saved ${fullStop(rep.name)}`, "ok");
    try {
      const updated = await call<Rep>(`/reps/${rep.id}`, "PATCH", changed);
      state.reps = state.reps.map((r) => (r.id === rep.id ? updated : r));
      rep = updated;
      named();
      // The card shows the rep as saved, with any change made elsewhere.
      name.value = updated.name;
      active.checked = updated.active;
      phone.value = shown = formatPhone(updated.phone, country());
      setStatus(status, `Saved ${fullStop(updated.name)}`, "ok");
      onChange();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const placed = placeErrors(err.error, err.issues, { name: "Name", phone: "Phone" });
      setFieldError(name, nameError, placed.byField.name);
      setFieldError(phone, phoneError, placed.byField.phone);
      setStatus(status, placed.general.join(" ") || "Not saved: see the fields marked in red.", "err");
      focusFirstInvalid(name, phone);
    }
  }));

  remove.addEventListener("click", async () => {
    setStatus(status, "");
    if (!confirm(`Remove ${rep.name}? Their past texts stay in the conversations.`)) return;
    try {
      await call(`/reps/${rep.id}`, "DELETE");
      state.reps = state.reps.filter((r) => r.id !== rep.id);
      showReps(`${rep.name} removed.`, true);
      onChange();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status !== 409) return setStatus(status, placeErrors(err.error, err.issues, {}).general.join(" "), "err");
      showHandover(rep, handover, status, err.error);
    }
  });
  return card;
}

/** "Sam has leads. Hand them to [Kim] and remove Sam." */
function showHandover(rep: Rep, box: HTMLElement, status: HTMLElement, error: string): void {
  const others = state.reps.filter((r) => r.id !== rep.id && r.active);
  const owned = /owns (\d+) lead/.exec(error)?.[1];
  if (!others.length) {
    setStatus(status, `${rep.name} still has customers, and there is no other active rep to hand them to. Add a rep first, or untick Active to stop ${rep.name} getting new customers.`, "err");
    return;
  }
  // The focus goes to the select, which reads out why it is asked (aria-describedby).
  const select = h("select", { id: `handover-${rep.id}`, "aria-describedby": `handover-${rep.id}-why` }, ...others.map((r) => h("option", { value: String(r.id) }, r.name)));
  const go = h("button", { type: "button", class: "danger" }, `Hand over and remove ${rep.name}`);
  // Changed their mind (Cancel, or Escape in the panel): the panel goes, and the focus is back
  // where it was asked for. Its name holds the word shown (WCAG 2.5.3: "Cancel" said aloud works).
  const cancel = h("button", { type: "button", "aria-label": `Cancel removing ${rep.name}` }, "Cancel");
  cancel.addEventListener("click", () => {
    box.hidden = true;
    box.replaceChildren();
    box.parentElement?.querySelector<HTMLButtonElement>("button.danger")?.focus();
  });
  // Escape alone: every other key does what it does (a handler that returned false, as
  // `e.key === "Escape" && …` does for them, would cancel Tab and the arrows: a trap).
  box.onkeydown = (e) => {
    if (e.key === "Escape") cancel.click();
  };
  box.replaceChildren(
    h("p", { class: "status info", id: `handover-${rep.id}-why` }, `${rep.name} still has customers${owned ? ` (${owned})` : ""}. Hand them to another rep, who will get their replies from now on.`),
    h("label", { for: select.id }, "Hand the customers to"),
    select,
    h("div", { class: "actions" }, go, cancel),
  );
  box.hidden = false;
  select.focus();
  // One at a time (page audit: a double click handed over and removed twice).
  go.addEventListener("click", oneAtATime(async () => {
    try {
      const { moved } = await call<{ moved: number }>(`/reps/${rep.id}/handover`, "POST", { toRepId: Number(select.value) });
      await call(`/reps/${rep.id}`, "DELETE");
      state.reps = state.reps.filter((r) => r.id !== rep.id);
      showReps(`${moved} customer${moved === 1 ? "" : "s"} handed to ${select.selectedOptions[0]?.textContent ?? "another rep"}; ${rep.name} removed.`, true);
      onChange();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const placed = placeErrors(err.error, err.issues, { toRepId: "The rep to hand over to" });
      setStatus(status, [...Object.values(placed.byField), ...placed.general].join(" "), "err");
    }
  }));
}

/** `focus`: the card pressed is gone (removed), so the focus goes to what happened. */
export function showReps(message = "", focus = false): void {
  const box = $("reps-list");
  box.replaceChildren(...state.reps.map(repCard));
  $("reps-empty").hidden = state.reps.length > 0;
  const status = $("rep-status");
  setStatus(status, message, "ok");
  if (focus) {
    status.tabIndex = -1;
    status.focus();
  }
}

/** One at a time: a double tap on Add adds the rep once (the second would be refused as a duplicate). */
const addRep = oneAtATime(async (): Promise<void> => {
  const name = $<HTMLInputElement>("rep-name");
  const phone = $<HTMLInputElement>("rep-phone");
  setFieldError(name, $("rep-name-error"), undefined);
  setFieldError(phone, $("rep-phone-error"), undefined);
  try {
    const rep = await call<Rep>("/reps", "POST", { name: name.value, phone: phone.value });
    state.reps = [...state.reps, rep];
    name.value = "";
    phone.value = "";
    showReps(`Added ${fullStop(rep.name)} Ask them to text "help" to the store number.`);
    onChange();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const placed = placeErrors(err.error, err.issues, { name: "Name", phone: "Phone" });
    setFieldError(name, $("rep-name-error"), placed.byField.name);
    setFieldError(phone, $("rep-phone-error"), placed.byField.phone);
    setStatus($("rep-status"), placed.general.join(" ") || "Not added: see the fields marked in red.", "err");
    focusFirstInvalid(name, phone);
  }
});

export function initReps(changed: () => void): void {
  onChange = changed;
  $("rep-form").addEventListener("submit", (e) => {
    e.preventDefault();
    void addRep();
  });
}
