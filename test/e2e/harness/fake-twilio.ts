// A fake Twilio REST API: a real Node HTTP server on 127.0.0.1 that answers
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json as Twilio does (HTTP Basic auth,
// a form body, 201 with a Message resource), and can be told to answer with Twilio's
// errors (400 with code 21610/21211…, 429, 500), to drop the connection without an
// answer, or to answer late. It logs every request it receives, answered or not.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** How the fake answers one create-message request. */
export type FakeAnswer =
  /** 201 with a Message resource (sid "SM…", status "queued"). */
  | { kind: "created" }
  /** A Twilio error: `status` (usually 400) with `{ code, message, more_info, status }`. */
  | { kind: "error"; status: number; code: number; message?: string }
  /** 429 Too Many Requests (code 20429). */
  | { kind: "rate-limited" }
  /** 500 Internal Server Error (code 20500). */
  | { kind: "server-error" }
  /** Reads the request, then destroys the socket: the caller gets no answer at all. */
  | { kind: "drop" };

export const answers = {
  created: { kind: "created" } as FakeAnswer,
  unsubscribed: { kind: "error", status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" } as FakeAnswer,
  invalidNumber: { kind: "error", status: 400, code: 21211, message: "Invalid 'To' Phone Number" } as FakeAnswer,
  rateLimited: { kind: "rate-limited" } as FakeAnswer,
  serverError: { kind: "server-error" } as FakeAnswer,
  drop: { kind: "drop" } as FakeAnswer,
};

export interface FakeTwilioRequest {
  /** Date.now() when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** The AccountSid in the path, if the path is an account's. */
  pathAccountSid: string | null;
  /** Basic auth matched the fake's account SID and auth token. */
  authorized: boolean;
  contentType: string;
  /** Every form field, in order, repeated keys kept (MediaUrl). */
  form: [string, string][];
  /** What the fake answered: a status code, or "dropped". */
  answer: number | "dropped";
  /** The sid of the created message, for 201s. */
  sid: string | null;
  /** Date.now() when the fake answered (or dropped the connection). */
  answeredAt?: number;
}

/** A create-message request the fake accepted (201), with its fields read out. */
export interface FakeTwilioMessage {
  sid: string;
  at: number;
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  validityPeriod: string | null;
}

export interface FakeTwilio {
  /** e.g. http://127.0.0.1:41234 — give it to the Worker as TWILIO_API_BASE. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Every request received, in order. */
  readonly requests: FakeTwilioRequest[];
  /** The messages accepted with a 201, in order (built from every request: O(requests)). */
  messages(): FakeTwilioMessage[];
  /**
   * How many messages were accepted with a 201, kept as they are: what a loop polls. (The
   * bench's drain polled `messages().length` twice a second: with 40,000 requests that held
   * this process's event loop 35–55 ms each time, and requests arriving meanwhile were
   * stamped and answered together, late.)
   */
  accepted(): number;
  /** The next create-message requests get these answers, in order; then `created` again. */
  answerNext(...next: FakeAnswer[]): void;
  /** Delay every answer (and every drop) by this many milliseconds. */
  setLatency(ms: number): void;
  /** Resolves with the first accepted message (already received or future) matching `match`; rejects after timeoutMs. */
  waitForMessage(match: (m: FakeTwilioMessage) => boolean, timeoutMs?: number): Promise<FakeTwilioMessage>;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  latencyMs?: number;
  /**
   * Chooses each create-message request's answer and delay when nothing is queued by
   * answerNext (a fault profile: "10 % 500s, 1 % dropped, sometimes 10 s late"). The delay
   * replaces `latencyMs` for that request.
   */
  decide?: () => { answer: FakeAnswer; delayMs: number };
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function first(form: [string, string][], key: string): string | null {
  return form.find(([k]) => k === key)?.[1] ?? null;
}

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const requests: FakeTwilioRequest[] = [];
  const queue: FakeAnswer[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let latencyMs = options.latencyMs ?? 0;
  let acceptedCount = 0;

  function messages(): FakeTwilioMessage[] {
    return requests
      .filter((r) => r.answer === 201 && r.sid)
      .map((r) => ({
        sid: r.sid!,
        at: r.at,
        to: first(r.form, "To") ?? "",
        from: first(r.form, "From") ?? "",
        body: first(r.form, "Body") ?? "",
        mediaUrls: r.form.filter(([k]) => k === "MediaUrl").map(([, v]) => v),
        statusCallback: first(r.form, "StatusCallback"),
        validityPeriod: first(r.form, "ValidityPeriod"),
      }));
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Stamped before the body is read: reading it takes turns of this process's event loop,
    // and a busy loop would bunch the stamps of requests that arrived apart.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const contentType = req.headers["content-type"] ?? "";
    const match = MESSAGES_PATH.exec(path);
    const entry: FakeTwilioRequest = {
      at: arrivedAt,
      method: req.method ?? "",
      path,
      pathAccountSid: match?.[1] ? decodeURIComponent(match[1]) : null,
      authorized: req.headers.authorization === expectedAuth,
      contentType,
      form: /^application\/x-www-form-urlencoded\b/i.test(contentType) ? [...new URLSearchParams(text)] : [],
      answer: 0,
      sid: null,
    };
    requests.push(entry);
    // Only a create-message request Twilio would accept takes a queued or decided answer.
    const creates = req.method === "POST" && entry.authorized && entry.pathAccountSid === accountSid;
    const queued = creates ? queue.shift() : undefined;
    const decided = creates && !queued ? options.decide?.() : undefined;
    const delayMs = decided?.delayMs ?? latencyMs;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

    const reply = (status: number, body: unknown) => {
      entry.answer = status;
      entry.answeredAt = Date.now();
      send(res, status, body);
    };
    if (!entry.authorized) return reply(401, twilioError(401, 20003, "Authenticate"));
    if (req.method !== "POST" || !match || entry.pathAccountSid !== accountSid) {
      return reply(404, twilioError(404, 20404, `The requested resource ${path} was not found`));
    }
    const answer = queued ?? decided?.answer ?? answers.created;
    if (answer.kind === "drop") {
      entry.answer = "dropped";
      entry.answeredAt = Date.now();
      req.socket.destroy();
      return;
    }
    if (answer.kind === "rate-limited") return reply(429, twilioError(429, 20429, "Too Many Requests"));
    if (answer.kind === "server-error") return reply(500, twilioError(500, 20500, "Internal Server Error"));
    if (answer.kind === "error") return reply(answer.status, twilioError(answer.status, answer.code, answer.message ?? `Error ${answer.code}`));
    // Twilio's own checks, as it answers them.
    const to = first(entry.form, "To");
    const from = first(entry.form, "From") ?? first(entry.form, "MessagingServiceSid");
    const body = first(entry.form, "Body") ?? "";
    const media = entry.form.filter(([k]) => k === "MediaUrl").length;
    if (!to) return reply(400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from) return reply(400, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!body && media === 0) return reply(400, twilioError(400, 21602, "Message body is required."));
    const sid = `SM${randomBytes(16).toString("hex")}`;
    entry.sid = sid;
    acceptedCount += 1;
    const now = new Date().toUTCString().replace("GMT", "+0000");
    reply(201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: String(media),
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid,
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
    for (const wake of waiters) wake();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    accepted: () => acceptedCount,
    answerNext: (...next) => void queue.push(...next),
    setLatency: (ms) => void (latencyMs = ms),
    waitForMessage(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages().find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake Twilio: no matching message within ${timeoutMs} ms (${requests.length} requests so far)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
