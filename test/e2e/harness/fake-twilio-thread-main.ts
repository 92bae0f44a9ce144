// The entry of the fake Twilio's own thread (fake-twilio-thread.ts): the same fake, answering
// the thread that started it over a message port.
import { parentPort, workerData } from "node:worker_threads";
import { startFakeTwilio, type FakeTwilioOptions } from "./fake-twilio";

/** What the starting thread asks; each request carries an id its answer repeats. */
export type ThreadOp = { op: "accepted" | "messages" | "close" } | { op: "setLatency"; ms: number };
export type ThreadRequest = ThreadOp & { id: number };

async function main() {
  const port = parentPort;
  if (!port) throw new Error("fake-twilio-thread-main runs on a worker thread");
  const twilio = await startFakeTwilio(workerData as FakeTwilioOptions);
  port.on("message", async (req: ThreadRequest) => {
    switch (req.op) {
      case "accepted":
        return port.postMessage({ id: req.id, result: twilio.accepted() });
      case "messages":
        return port.postMessage({ id: req.id, result: twilio.messages() });
      case "setLatency":
        twilio.setLatency(req.ms);
        return port.postMessage({ id: req.id, result: null });
      case "close":
        await twilio.close();
        port.postMessage({ id: req.id, result: null });
        return port.close();
    }
  });
  port.postMessage({ ready: { url: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken } });
}

void main();
