// A fake Twilio REST API inside the test isolate: the Worker and its Durable Object share
// the isolate with the tests, so stubbing fetch catches every Messages.json call. Anything
// else that tries to leave gets a 599 here (and from the outboundService in vitest.config).
import { env } from "cloudflare:workers";
import { vi } from "vitest";

export interface SentSms {
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  validityPeriod: string | null;
  authorization: string | null;
  /** Date.now() when Twilio was called (the tests' fake clock). */
  at: number;
}

type Scripted = (sms: SentSms) => Response | Promise<Response>;

export interface FakeTwilio {
  sent: SentSms[];
  /** The next calls answer with these, in order; then 201s again. */
  answerNext(...answers: Scripted[]): void;
  restore(): void;
}

let sidCounter = 0;
export const created = (): Response => Response.json({ sid: `SM${String(++sidCounter).padStart(32, "0")}`, status: "queued" }, { status: 201 });
export const twilioError = (status: number, code: number): Scripted => () =>
  Response.json({ code, message: `fake error ${code}`, status }, { status });

export function installFakeTwilio(): FakeTwilio {
  const sent: SentSms[] = [];
  const script: Scripted[] = [];
  const original = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const base = env.TWILIO_API_BASE.replace(/\/+$/, "");
    if (request.method === "POST" && request.url.startsWith(`${base}/2010-04-01/Accounts/`) && request.url.endsWith("/Messages.json")) {
      // Bytes, not .text(): workerd warns on .text() of a form body.
      const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
      const sms: SentSms = {
        to: form.get("To") ?? "",
        from: form.get("From") ?? "",
        body: form.get("Body") ?? "",
        mediaUrls: form.getAll("MediaUrl"),
        statusCallback: form.get("StatusCallback"),
        validityPeriod: form.get("ValidityPeriod"),
        authorization: request.headers.get("authorization"),
        at: Date.now(),
      };
      sent.push(sms);
      const next = script.shift();
      return next ? next(sms) : created();
    }
    return new Response(`unmocked request in test: ${request.method} ${new URL(request.url).origin}`, { status: 599 });
  });
  return {
    sent,
    answerNext: (...answers) => script.push(...answers),
    restore: () => {
      spy.mockRestore();
      globalThis.fetch = original;
    },
  };
}
