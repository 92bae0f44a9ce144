// Driving the Worker the way its users do: the owner through /api, reps and customers by
// texting the store number (signed webhooks, as Twilio sends them).
import { env, exports } from "cloudflare:workers";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";

export const ORIGIN = "https://beback.test";
export const STORE_NUMBER = "+12125550000";

export function api(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? env.OWNER_TOKEN}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return exports.default.fetch(`${ORIGIN}/api${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

export async function apiJson<T = unknown>(path: string, init: Parameters<typeof api>[1] = {}): Promise<T> {
  const res = await api(path, init);
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export interface RepView {
  id: number;
  name: string;
  phone: string;
  active: boolean;
}

/** A store with settings and reps, set up through the owner API. */
export async function setUpStore(reps: { name: string; phone: string }[] = [{ name: "Sam Rivera", phone: "+12125550111" }]) {
  await apiJson("/settings", { method: "PUT", body: { storeName: "Oak & Pine Furniture", storeNumber: STORE_NUMBER, timezone: "America/New_York" } });
  const created: RepView[] = [];
  for (const r of reps) created.push(await apiJson<RepView>("/reps", { method: "POST", body: r }));
  return created;
}

let sidCounter = 0;
export function nextSid(): string {
  sidCounter += 1;
  return `SM${Date.now().toString(16)}${String(sidCounter).padStart(20, "0")}`.slice(0, 34).padEnd(34, "0");
}

export interface InboundText {
  From: string;
  Body?: string;
  To?: string;
  MessageSid?: string;
  media?: { url: string; type: string }[];
  extra?: Record<string, string>;
}

export function inboundParams(t: InboundText): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: t.MessageSid ?? nextSid(),
    AccountSid: env.TWILIO_ACCOUNT_SID ?? "",
    From: t.From,
    To: t.To ?? STORE_NUMBER,
    Body: t.Body ?? "",
    NumMedia: String(t.media?.length ?? 0),
    ...t.extra,
  };
  t.media?.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.type;
  });
  return params;
}

export function signed(path: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN ?? "", `${ORIGIN}${path}`, params);
}

/** POSTs a signed form to a Twilio webhook path. */
export function postTwilio(path: string, params: Record<string, string>, signature: string | null = signed(path, params)): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === null ? {} : { "x-twilio-signature": signature }) },
    body: new URLSearchParams(params).toString(),
  });
}

/** Texts the store number; returns the <Message> texts of the TwiML answer. */
export async function text(t: InboundText): Promise<string[]> {
  const res = await postTwilio("/twilio/sms", inboundParams(t));
  const xml = await res.text();
  if (res.status !== 200) throw new Error(`webhook → ${res.status}: ${xml}`);
  await deferredSendsSettled();
  return twimlMessages(xml);
}

/**
 * Forwards and notices go to Twilio after the webhook answered (ctx.waitUntil): waits until
 * no such text is still queued without a sid and not yet tried (one Twilio refused waits
 * for its `retry_at`; at most 2 s: a test whose Twilio hangs sees the rows as they are).
 */
export async function deferredSendsSettled(): Promise<void> {
  const query = env.DB.prepare(
    "SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status = 'queued' AND sid IS NULL AND retry_at IS NULL AND kind IN ('forward', 'notice')",
  );
  for (let waited = 0; waited < 2_000; waited += 5) {
    if ((await query.first<{ n: number }>())?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function twimlMessages(xml: string): string[] {
  return [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&"),
  );
}
