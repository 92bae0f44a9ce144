// A few DOM helpers for the page's views. Text is always set as text, never as HTML.
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

/** `h("button", { class: "primary", onclick }, "Save")`. Boolean props toggle attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
    else if (key === "value" && "value" in el) (el as HTMLInputElement).value = String(value);
    else if (key === "checked" && "checked" in el) (el as HTMLInputElement).checked = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/**
 * Shows a status line: success (green, ✓), error (red, ⚠) or info; empty text clears it.
 * The line is a live region that is never hidden — empty, it takes no space (app.css) — so
 * a screen reader is already watching it when the words arrive: text put into a region
 * that was hidden until then is often not read out. Its role is set before its words.
 */
export function setStatus(el: HTMLElement, text: string, kind: "ok" | "err" | "info" = "ok"): void {
  el.hidden = false;
  if (text) el.setAttribute("role", kind === "err" ? "alert" : "status");
  el.className = text ? `status ${kind}` : "status";
  el.textContent = text;
}

/** The `new` a rep texts, as the page's empty lists show it. */
export const exampleNew = (): HTMLElement => h("code", {}, "new Jane 555-0100 recliner");

/** The place under a field for its error (`setFieldError`), hidden until there is one. */
export function fieldErrorBox(id: string): HTMLParagraphElement {
  return h("p", { class: "field-error", id, hidden: true });
}

/** Shows (or clears) a field's error next to it and marks the field invalid. */
export function setFieldError(field: HTMLElement | null, errorEl: HTMLElement, text: string | undefined): void {
  errorEl.textContent = text ?? "";
  errorEl.hidden = !text;
  if (field) {
    if (text) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
}

/** Puts the focus on the first of these fields marked invalid (the error under it is read with it). */
export function focusFirstInvalid(...fields: HTMLElement[]): void {
  fields.find((f) => f.getAttribute("aria-invalid") === "true")?.focus();
}

/**
 * The action, one run at a time: a call while the last one still runs (a double tap on Send,
 * a second Enter) is dropped, so one press sends one text or saves once.
 */
export function oneAtATime<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running = false;
  return async (...args) => {
    if (running) return;
    running = true;
    try {
      await action(...args);
    } finally {
      running = false;
    }
  };
}

export const empty = (...children: Child[]) => h("div", { class: "empty" }, ...children);
/** Replaces an element's children, skipping the empty ones. */
export function fill(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
