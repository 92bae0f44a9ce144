// Settings: store name and number, the country of numbers typed without a country code,
// a searchable time-zone picker (the device's zone suggested), quiet hours on/off with two
// times, a send rate among the carriers' real rates, and the price per segment. Errors
// appear under their field.
import { ApiError, call } from "./api";
import { $, h, oneAtATime, setFieldError, setStatus } from "./dom";
import { FIX_FIELDS, placeErrors } from "./field-errors";
import { DEFAULT_STORE_NAME } from "../domain/store-name";
import { timeZoneList, timeZoneNamed } from "../domain/zoned-time";
import { state } from "./state";
import type { Settings } from "./types";

const LABELS: Record<string, string> = {
  storeName: "Store name",
  storeNumber: "Store number",
  defaultCountry: "Country",
  timezone: "Time zone",
  quietHours: "Quiet hours",
  sendRatePerSecond: "Texts per second",
  pricePerSegment: "Price per segment",
};

const form = () => $<HTMLFormElement>("settings-form");
const input = (name: string) => form().elements.namedItem(name) as HTMLInputElement;
/** The device's zone by its current name (the browser may say "Asia/Calcutta" for Asia/Kolkata). */
const deviceZone = () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (zone && timeZoneNamed(zone)) || zone;
};

function fillZones(current: string): void {
  const list = $("zones");
  if (list.childElementCount) return;
  // By their current names ("Asia/Kolkata", "Europe/Kyiv"), as the server saves them.
  list.replaceChildren(...timeZoneList().map((z) => h("option", { value: z })));
  const device = deviceZone();
  const button = $<HTMLButtonElement>("use-device-zone");
  button.textContent = `Use this device's zone: ${device}`;
  button.hidden = !device || device === current;
  button.onclick = () => {
    input("timezone").value = device;
    button.hidden = true;
    zoneHint();
  };
}

/** Two-letter codes of the countries the server reads numbers of (scripts/build-page.mjs). */
declare const __PHONE_COUNTRIES__: string;

/** The country list, by name in the device's language; filled once. */
function fillCountries(): void {
  const select = $<HTMLSelectElement>("s-country");
  if (select.childElementCount) return;
  const names = new Intl.DisplayNames(undefined, { type: "region" });
  const codes = __PHONE_COUNTRIES__.match(/../g) ?? [];
  const named = codes.map((code) => [code, names.of(code) ?? code] as const).sort((a, b) => a[1].localeCompare(b[1]));
  select.replaceChildren(...named.map(([code, name]) => h("option", { value: code }, name)));
}

function zoneHint(): void {
  const typed = input("timezone").value.trim();
  // As the server reads it: a zone's name, or its city alone ("Chicago").
  const zone = typed ? timeZoneNamed(typed) : null;
  const now = zone && new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", weekday: "short" }).format(Date.now());
  $("tz-hint").textContent = !typed
    ? "Type to search, e.g. \"New_York\" or \"Chicago\"."
    : zone
      ? `${zone === typed ? "" : `Saved as ${zone}. `}It is ${now} there now.`
      : "Not a time zone Beback knows: pick one from the list, or type its city.";
}

function quietToggle(): void {
  const on = (form().elements.namedItem("quiet") as RadioNodeList).value === "on";
  input("quietStart").disabled = !on;
  input("quietEnd").disabled = !on;
}

/** The settings the form was last filled with (as JSON). */
let filledWith = "";

/**
 * Settings on show again: what the owner typed and did not save stays, unless the store's
 * settings changed since the form was filled (another tab, a save): then they are shown.
 */
export function showSettings(s: Settings): void {
  if (JSON.stringify(s) !== filledWith) fillSettings(s);
}

export function fillSettings(s: Settings): void {
  filledWith = JSON.stringify(s);
  fillZones(s.timezone);
  fillCountries();
  $("store-name").textContent = s.storeName;
  // Customers read the default in their first text: the header asks for a name until then.
  $("name-store").hidden = s.storeName !== DEFAULT_STORE_NAME;
  input("storeName").value = s.storeName;
  input("storeNumber").value = s.storeNumber;
  $<HTMLSelectElement>("s-country").value = s.defaultCountry;
  input("timezone").value = s.timezone;
  zoneHint();
  (form().elements.namedItem("quiet") as RadioNodeList).value = s.quietHours ? "on" : "off";
  // Turned off, the hours typed before stay in the boxes (greyed), so turning them on again brings them back.
  input("quietStart").value = s.quietHours?.start ?? (input("quietStart").value || "21:00");
  input("quietEnd").value = s.quietHours?.end ?? (input("quietEnd").value || "08:00");
  quietToggle();
  // The carriers' rates are options in the page (index.html); a rate saved through the API that is not one of them is added.
  const rate = $<HTMLSelectElement>("s-rate");
  rate.querySelector("option[data-current]")?.remove();
  const value = String(s.sendRatePerSecond);
  if (![...rate.options].some((o) => o.value === value)) rate.append(h("option", { value, "data-current": true }, `${value} per second (current)`));
  rate.value = value;
  input("pricePerSegment").value = String(s.pricePerSegment);
}

function clearErrors(): void {
  for (const key of Object.keys(LABELS)) setFieldError(fieldOf(key), $(`err-${key}`), undefined);
  // Quiet hours' error names the empty time, Until too (fieldOf names From).
  input("quietEnd").removeAttribute("aria-invalid");
}

const fieldOf = (key: string): HTMLElement | null => (key === "quietHours" ? input("quietStart") : key === "sendRatePerSecond" ? $("s-rate") : input(key));

const save = oneAtATime(async (): Promise<void> => {
  const status = $("settings-status");
  clearErrors();
  setStatus(status, "");
  const on = (form().elements.namedItem("quiet") as RadioNodeList).value === "on";
  const start = input("quietStart").value;
  const end = input("quietEnd").value;
  if (on && (!start || !end)) {
    const empty = input(start ? "quietEnd" : "quietStart");
    setFieldError(empty, $("err-quietHours"), "Quiet hours need both a start and an end time, or choose Off.");
    setStatus(status, FIX_FIELDS, "err");
    empty.focus();
    return;
  }
  const price = input("pricePerSegment").value.trim().replace(/^\$/, "");
  const body: Record<string, unknown> = {
    storeName: input("storeName").value,
    timezone: input("timezone").value.trim(),
    quietHours: on ? { start, end } : null,
    sendRatePerSecond: Number($<HTMLSelectElement>("s-rate").value),
    defaultCountry: $<HTMLSelectElement>("s-country").value,
    pricePerSegment: price === "" || Number.isNaN(Number(price)) ? price : Number(price),
  };
  body.storeNumber = input("storeNumber").value.trim();
  // Only what the owner changed since the form was filled goes: a save in this tab never puts
  // back what another tab (or device) saved meanwhile. (An empty store number while the store
  // has none is unchanged, so it blocks nothing; clearing one it has is refused by name.)
  const filled = JSON.parse(filledWith || "{}") as Record<string, unknown>;
  const changed = Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(filled[key])));
  try {
    state.settings = await call<Settings>("/settings", "PUT", changed);
    fillSettings(state.settings);
    setStatus(status, "Settings saved.", "ok");
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const placed = placeErrors(err.error, err.issues, LABELS);
    for (const [key, text] of Object.entries(placed.byField)) setFieldError(fieldOf(key), $(`err-${key}`), text);
    setStatus(status, placed.general.join(" ") || FIX_FIELDS, "err");
    const first = Object.keys(placed.byField)[0];
    if (first) fieldOf(first)?.focus();
  }
});

export function initSettings(): void {
  form().addEventListener("submit", (e) => {
    e.preventDefault();
    void save();
  });
  input("timezone").addEventListener("input", zoneHint);
  for (const r of form().querySelectorAll<HTMLInputElement>("input[name=quiet]")) r.addEventListener("change", quietToggle);
}
