// The fake Twilio on a thread of its own, for load: its arrival stamps read a clock that
// nothing else in the load generator's process holds up. In the process that drives the
// load, a pause of its event loop (its garbage collector, the server output it collects)
// holds back the stamps of every request that arrives meanwhile, which then get stamps a
// few milliseconds apart: in two traced drains, each of the six seconds counted over 100
// began right after such a pause (29–95 ms) of the bench's own loop. The same fake
// (fake-twilio.ts), bundled for the thread with esbuild; what crosses the thread boundary
// is plain data, so answers scripted with functions (`decide`) stay with the in-process fake.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FakeTwilioMessage } from "./fake-twilio";
import type { ThreadOp } from "./fake-twilio-thread-main";

export interface ThreadedFakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  latencyMs?: number;
}

export interface ThreadedFakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  /** How many messages it has created (201). */
  accepted(): Promise<number>;
  /** Every created message, in the order they arrived. */
  messages(): Promise<FakeTwilioMessage[]>;
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

interface Ready {
  url: string;
  accountSid: string;
  authToken: string;
}

let bundled: string | null = null;

/** The thread's code: fake-twilio-thread-main.ts and the fake, as one CommonJS script. */
function threadCode(): string {
  bundled ??= buildSync({
    entryPoints: [fileURLToPath(new URL("./fake-twilio-thread-main.ts", import.meta.url))],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
  }).outputFiles[0]!.text;
  return bundled;
}

export async function startFakeTwilioThread(options: ThreadedFakeTwilioOptions = {}): Promise<ThreadedFakeTwilio> {
  const worker = new Worker(threadCode(), { eval: true, workerData: options });
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failed: Error | null = null;
  const fail = (error: Error) => {
    failed = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`fake Twilio thread exited (${code})`)));
  // The thread's first message says where it listens (kept under id -1 until then).
  const ready = new Promise<Ready>((resolve, reject) => {
    pending.set(-1, { resolve: (r) => resolve(r as Ready), reject });
  });
  worker.on("message", (msg: { ready?: Ready; id?: number; result?: unknown }) => {
    const id = msg.ready ? -1 : msg.id;
    if (id === undefined) return;
    pending.get(id)?.resolve(msg.ready ?? msg.result);
    pending.delete(id);
  });
  const ask = <T>(op: ThreadOp) =>
    new Promise<T>((resolve, reject) => {
      if (failed) return reject(failed);
      const id = nextId++;
      pending.set(id, { resolve: (result) => resolve(result as T), reject });
      worker.postMessage({ id, ...op });
    });
  const { url, accountSid, authToken } = await ready;
  return {
    url,
    accountSid,
    authToken,
    accepted: () => ask<number>({ op: "accepted" }),
    messages: () => ask<FakeTwilioMessage[]>({ op: "messages" }),
    setLatency: async (ms) => {
      await ask({ op: "setLatency", ms });
    },
    close: async () => {
      await ask({ op: "close" });
      await worker.terminate();
    },
  };
}
