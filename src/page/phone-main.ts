// The phone simulator (public/phone.html): two phones side by side — a rep's and a
// customer's — texting the store number while Beback runs on the local outbox. Each phone
// shows its thread with the store, times in the store's zone; a sample photo can be
// attached; "send the next follow-ups now" makes the waiting automatic texts go at once.
// Bundled by scripts/build-page.mjs into public/phone.js.
import { ApiError, call } from "./api";
import { $, h, setStatus } from "./dom";
import { friendlyError } from "./field-errors";
import { formatPhone, formatWhen, samePhone } from "./format";
import { localMedia } from "./leads-view";
import { reachedThePhone } from "./thread";
import type { MessageView, Rep, Settings } from "./types";

let settings: Settings | null = null;
let reps: Rep[] = [];
/** The store's country of phone numbers: a rep's +1 phone is filled in as "+1 646 555 0111" outside North America. */
const country = () => settings?.defaultCountry ?? "US";

interface Phone {
  input: HTMLInputElement;
  thread: HTMLElement;
  error: HTMLElement;
  refresh: () => Promise<void>;
}

function errorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 401) return "Sign in on the owner page first (open the sign-in link Beback printed), then come back.";
  if (e instanceof ApiError && e.issues?.some((i) => i.path === "phone")) return "Type this phone's number first, e.g. (212) 555-0100.";
  return e instanceof ApiError ? friendlyError(e.error) : "Something went wrong. Reload the page.";
}

function phone(n: 1 | 2): Phone {
  const input = $<HTMLInputElement>(`me${n}`);
  const thread = $(`thread${n}`);
  const error = $(`error${n}`);
  // What the thread shows, text by text: it is polled every 2.5 s, and a screen reader hears
  // only what was added (role="log"), so texts already shown are never built again.
  let shown: string[] = [];
  // A failed load's error goes when a load works again; a send's error stays until the next send.
  let loadFailed = false;
  const refresh = async () => {
    const me = input.value.trim();
    const who = reps.find((r) => samePhone(me, r.phone, country()));
    $(`who${n}`).textContent = !me ? "Type a number or pick a rep." : who ? `This is ${who.name}'s phone (a rep).` : "This is a customer's phone.";
    if (!me) {
      shown = [];
      thread.replaceChildren(h("p", { class: "muted" }, "No number yet."));
      return;
    }
    try {
      // What this phone really got: a text canceled before it went never reached it.
      const msgs = (await call<MessageView[]>(`/messages?phone=${encodeURIComponent(me)}`)).filter(reachedThePhone);
      const atBottom = thread.scrollTop + thread.clientHeight >= thread.scrollHeight - 10;
      const tz = settings?.timezone ?? "UTC";
      const now = Date.now();
      // A text's key holds its day word too ("today 3:04 PM"), so a new day builds the thread anew.
      const keys = msgs.map((m) => JSON.stringify([me, m.at, m.direction, m.body, m.media, formatWhen(m.at, tz, now)]));
      const bubble = (m: MessageView) =>
        h(
          "div",
          { class: `msg ${m.direction === "in" ? "us" : "them"}` },
          h("span", { class: "sr" }, m.direction === "in" ? "This phone: " : "The store: "),
          m.body,
          ...m.media.map((src) => h("img", { src: localMedia(src), alt: "Photo" })),
          h("div", { class: "when" }, formatWhen(m.at, tz, now)),
        );
      const more = shown.length > 0 && shown.length <= keys.length && shown.every((k, i) => k === keys[i]);
      if (more) thread.append(...msgs.slice(shown.length).map(bubble));
      else thread.replaceChildren(...(msgs.length ? msgs.map(bubble) : [h("p", { class: "muted" }, "No texts with the store yet.")]));
      shown = msgs.length ? keys : [];
      if (atBottom) thread.scrollTop = thread.scrollHeight;
      if (loadFailed) setStatus(error, "");
      loadFailed = false;
    } catch (e) {
      loadFailed = true;
      setStatus(error, errorText(e), "err");
    }
  };
  input.addEventListener("change", () => {
    localStorage.setItem(`beback-phone${n}`, input.value);
    void refresh();
  });
  input.value = localStorage.getItem(`beback-phone${n}`) ?? (n === 2 ? "(212) 555-0100" : "");
  $<HTMLFormElement>(`send${n}`).addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = $<HTMLInputElement>(`body${n}`);
    const photo = $<HTMLInputElement>(`photo${n}`);
    if (!input.value.trim()) return setStatus(error, "Type this phone's number first, e.g. (212) 555-0100.", "err");
    if (!body.value.trim() && !photo.checked) return setStatus(error, "Type a text (or attach the photo) first.", "err");
    const sid = `SM${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const form = new URLSearchParams({ MessageSid: sid, From: input.value.trim(), To: settings?.storeNumber ?? "", Body: body.value, NumMedia: photo.checked ? "1" : "0" });
    if (photo.checked) {
      // Twilio's media URLs are https; served locally, the page shows it from this origin.
      form.set("MediaUrl0", `https://${location.host}/demo/recliner.svg`);
      form.set("MediaContentType0", "image/svg+xml");
    }
    const res = await fetch("/twilio/sms", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }).catch(() => null);
    if (!res) return setStatus(error, "Beback cannot be reached. Is npm start still running?", "err");
    if (res.status === 403) {
      // The local outbox refuses a page at a name that could be another site's (DNS rebinding): the server says what to do.
      const why = await res.text();
      return setStatus(error, why.includes("PUBLIC_BASE_URL") ? why : "Twilio credentials are set, so Beback only accepts texts signed by Twilio: the simulator works on the local outbox only.", "err");
    }
    if (res.status === 503) {
      // Half the credentials (an account SID without its auth token): the server refuses every webhook and says why.
      return setStatus(error, `${await res.text()}. Set both in .dev.vars (or neither, for the local outbox) and start npm start again.`, "err");
    }
    if (!res.ok) return setStatus(error, "Beback refused that text. Check this phone's number.", "err");
    setStatus(error, "");
    body.value = "";
    photo.checked = false;
    await Promise.all(phones.map((p) => p.refresh()));
  });
  return { input, thread, error, refresh };
}

const phones = [phone(1), phone(2)];

/** What the page says at once when this server is not the local outbox taking unsigned texts (`GET /health`), else "". */
function notOutbox(mode: { sends?: string; webhooks?: string } | null): string {
  if (mode?.sends === "twilio") return "This store sends real texts through Twilio, and the simulator works on the local outbox only (no Twilio credentials in .dev.vars). Text the store's number from real phones instead.";
  if (mode?.webhooks === "refused") return "Beback refuses every text here: .dev.vars has TWILIO_ACCOUNT_SID but no TWILIO_AUTH_TOKEN. Set both, or neither for the local outbox, and start npm start again.";
  return "";
}

async function init(): Promise<void> {
  const refused = notOutbox(await fetch("/health").then((r) => r.json() as Promise<{ sends?: string; webhooks?: string }>).catch(() => null));
  if (refused) return setStatus($("page-status"), refused, "err");
  try {
    [settings, reps] = await Promise.all([call<Settings>("/settings"), call<Rep[]>("/reps")]);
  } catch (e) {
    setStatus($("page-status"), errorText(e), "err");
    return;
  }
  $("store").textContent = settings.storeNumber ? `${settings.storeName}: ${formatPhone(settings.storeNumber, country())}, times in ${settings.timezone}` : "Set the store number on the owner page (Settings) first.";
  const box = $("rep-buttons");
  box.replaceChildren(...reps.filter((r) => r.active).map((r) => h("button", { type: "button", onclick: () => {
    phones[0]!.input.value = formatPhone(r.phone, country());
    phones[0]!.input.dispatchEvent(new Event("change"));
  } }, `Be ${r.name}`)));
  if (!reps.length) box.append(h("span", { class: "muted" }, "No reps yet: add one on the owner page."));
  if (!phones[0]!.input.value && reps[0]) phones[0]!.input.value = formatPhone(reps[0].phone, country());
  await Promise.all(phones.map((p) => p.refresh()));
}

$("send-now").addEventListener("click", async () => {
  try {
    const { leads, quiet } = await call<{ leads: number; quiet: number }>("/demo/send-next-now", "POST");
    const now = leads - quiet;
    const text = [
      now ? `${now === 1 ? "One lead's next follow-up is" : `The next follow-ups of ${now} leads are`} going out now.` : "",
      quiet ? `${quiet === 1 ? "One waits" : `${quiet} wait`} for the store's quiet hours to end (Settings).` : "",
    ].join(" ");
    // A ✓ only when something went.
    setStatus($("page-status"), leads ? text.trim() : "No follow-up is waiting.", now ? "ok" : "info");
    setTimeout(() => void Promise.all(phones.map((p) => p.refresh())), 1500);
  } catch (e) {
    setStatus($("page-status"), e instanceof ApiError && e.status === 404 ? "Only with the local outbox: Twilio credentials are set." : errorText(e), "err");
  }
});

void init();
setInterval(() => void Promise.all(phones.map((p) => p.refresh())), 2500);
