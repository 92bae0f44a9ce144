// Sending several texts at once without breaking the store number's pace.
//
// - `inLanes` works through a list with at most `lanes` items in progress, so the Twilio
//   round trip of one send overlaps the others (pipelining): the paced slot rate, not
//   Twilio's latency, sets the pace.
// - `boundedProvider` enforces the Workers limit of six simultaneous outbound connections
//   per invocation ourselves (the local runtime does not): a seventh send waits.
// - `Turnstile` lets one send through at a time, at least 1000 / rate ms after the one
//   before it (measured on the clock when each passed, so a late timer cannot bunch two
//   sends together), and stores every slot before the send it paces: an alarm that runs
//   again, or a Durable Object that restarts, starts after the last slot used.
import type { SmsProvider } from "../twilio/provider";
import { nextFreeSlot } from "./pacing";

/** Workers: at most six simultaneous open connections (fetch) per invocation. */
export const MAX_IN_FLIGHT = 6;

/**
 * Senders for a rate: one invocation keeps six sends in flight, about 25 texts a second
 * with Twilio answering in 150 ms and a few D1 round trips per step; above that the store's
 * Scheduler fans out to several sender Durable Objects (docs/architecture.md).
 */
export const RATE_PER_SENDER = 20;
export const MAX_SENDERS = 10;
export function sendersFor(ratePerSecond: number): number {
  return Math.max(1, Math.min(MAX_SENDERS, Math.ceil(ratePerSecond / RATE_PER_SENDER)));
}

/** Runs `work` over `items`, at most `lanes` at a time, in order of start. `work` must not throw. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

/** A provider that never has more than `max` sends in flight (the rest wait their turn). */
export function boundedProvider(provider: SmsProvider, max = MAX_IN_FLIGHT): SmsProvider & { peak: number } {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const bounded = {
    name: provider.name,
    peak: 0,
    async send(sms: Parameters<SmsProvider["send"]>[0]) {
      while (inFlight >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight += 1;
      bounded.peak = Math.max(bounded.peak, inFlight);
      try {
        return await provider.send(sms);
      } finally {
        inFlight -= 1;
        waiting.shift()?.();
      }
    },
  };
  return bounded;
}

export interface TurnstileDeps {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Stores a slot before the send it paces (the Scheduler: Durable Object storage). */
  save?: (slot: number) => Promise<void>;
}

export class Turnstile {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private last: number | null,
    private ratePerSecond: number,
    private readonly deps: TurnstileDeps,
  ) {}

  /** The last slot used (kept by the Scheduler across runs). */
  get lastSlot(): number | null {
    return this.last;
  }

  /** Resolves when this send may leave; returns how long it waited (ms). A new rate applies from this send on. */
  pass(ratePerSecond = this.ratePerSecond): Promise<number> {
    const turn = this.chain.then(async () => {
      this.ratePerSecond = ratePerSecond;
      const start = this.deps.now();
      const slot = nextFreeSlot(this.last, start, this.ratePerSecond);
      this.last = slot;
      const saving = this.deps.save?.(slot);
      const wait = slot - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait);
      await saving;
      // A timer that fired late moves the slot with it: the next send keeps its distance.
      this.last = Math.max(slot, this.deps.now());
      if (this.last !== slot) await this.deps.save?.(this.last);
      return this.deps.now() - start;
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}
