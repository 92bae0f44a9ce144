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
  /** Calls refused before they left (`tooManySubrequests`). */
  refused: number;
  /** The most Messages.json calls that were open at once. */
  peakInFlight: number;
  /** The next calls answer with these, in order; then 201s again. */
  answerNext(...answers: Scripted[]): void;
  restore(): void;
}

let sidCounter = 0;
export const created = (): Response => Response.json({ sid: `SM${String(++sidCounter).padStart(32, "0")}`, status: "queued" }, { status: 201 });
export const twilioError = (status: number, code: number): Scripted => () =>
  Response.json({ code, message: `fake error ${code}`, status }, { status });
/**
 * What workerd's `fetch` throws once an invocation has used up its subrequests: the call
 * never leaves, so it is not in `sent` (it is counted in `refused`).
 */
export const tooManySubrequests: Scripted = () => {
  throw new Error("Too many subrequests.");
};

export interface FakeTwilioOptions {
  /** Real milliseconds each Messages.json call takes to answer (Twilio: 100–300 ms). */
  latencyMs?: number;
  /** The clock `at` is read from (default Date.now, the tests' fake clock). */
  clock?: () => number;
}

export function installFakeTwilio(options: FakeTwilioOptions = {}): FakeTwilio {
  const sent: SentSms[] = [];
  const script: Scripted[] = [];
  const original = globalThis.fetch;
  const clock = options.clock ?? (() => Date.now());
  let inFlight = 0;
  const fake: FakeTwilio = {
    sent,
    refused: 0,
    peakInFlight: 0,
    answerNext: (...answers) => script.push(...answers),
    restore: () => {
      spy.mockRestore();
      globalThis.fetch = original;
    },
  };
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    // When the call arrived: read before anything else can move the clock.
    const at = clock();
    const request = new Request(input, init);
    const base = env.TWILIO_API_BASE.replace(/\/+$/, "");
    if (request.method === "POST" && request.url.startsWith(`${base}/2010-04-01/Accounts/`) && request.url.endsWith("/Messages.json")) {
      inFlight += 1;
      fake.peakInFlight = Math.max(fake.peakInFlight, inFlight);
      try {
        return await answer(request, at);
      } finally {
        inFlight -= 1;
      }
    }
    return new Response(`unmocked request in test: ${request.method} ${new URL(request.url).origin}`, { status: 599 });
  });
  async function answer(request: Request, at: number): Promise<Response> {
    {
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
        at,
      };
      const next = script.shift();
      if (next === tooManySubrequests) {
        fake.refused += 1;
        return next(sms);
      }
      sent.push(sms);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return next ? next(sms) : created();
    }
  }
  return fake;
}
