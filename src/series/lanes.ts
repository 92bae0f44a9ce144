// Sending several texts at once without breaking the store number's pace.
//
// - `inLanes` works through a list with at most `lanes` items in progress, so the Twilio
//   round trip of one send overlaps the others (pipelining): the paced slot rate, not
//   Twilio's latency, sets the pace.
// - `boundedProvider` enforces the Workers limit of six simultaneous outbound connections
//   per invocation ourselves (the local runtime does not): a seventh send waits.
// - `Turnstile` lets one send through at a time, on a grid of slots evenly spaced 2 % under
//   the rate (pacing.ts `gridGap`) that a late send does not shift (the next slots catch
//   up, never closer than half a gap, so lateness does not add up: with each slot a few ms late, a pace that moved with it
//   reached 66–72 of 100 texts a second), never more than the rate in any second as the
//   sends really left (pacing.ts `gridSlot`), and before each send makes sure storage
//   durably holds a time at or after its slot (stored SAVE_AHEAD_MS ahead and extended
//   early, so about once a second and seldom waited for): a Durable Object that restarts
//   starts after every slot used. A send's last word (the dispatcher's final STOP check) is
//   said shortly before the slot it expects (LAST_WORD_LEAD_MS, or half as long again as
//   words lately take) and no sooner than a few places from the head of the queue, and the
//   send goes only once the word is in: the words of queued sends overlap (a 20 ms D1 read
//   at a 10 ms gap does not halve the rate, as it did when each word was said inside its
//   turn), an answer is never older than LAST_WORD_MAX_AGE_MS when its send goes, and a slow
//   check delays the sends after it, never bunches them. The
//   Scheduler's turnstile warms up: its first window after a start or an idle spell goes
//   at WARM_UP_SHARE of the rate (a cold sender's first sends reach Twilio late, together).
import type { SmsProvider } from "../twilio/provider";
import { gridGap, gridSlot, nextFreeSlot, paceWindow, slotGap, WINDOW_MARGIN_MS } from "./pacing";

/** Workers: at most six simultaneous open connections (fetch) per invocation. */
export const MAX_IN_FLIGHT = 6;

/**
 * Senders for a rate: one invocation keeps six sends in flight, about 25 texts a second
 * with Twilio answering in 150 ms and a few D1 round trips per step; above that the store's
 * Scheduler fans out to several sender Durable Objects (docs/architecture.md). One per
 * 12.5 texts a second (eight at 100/s): with every D1 round trip at 100 ms, five senders
 * kept 77–81 texts a second going and eight 87–92 in five runs of six (69 in one;
 * test/d1-latency.test.ts); on the local D1 the paced drains were the same either way.
 */
export const RATE_PER_SENDER = 12.5;
export const MAX_SENDERS = 10;
export function sendersFor(ratePerSecond: number): number {
  return Math.max(1, Math.min(MAX_SENDERS, Math.ceil(ratePerSecond / RATE_PER_SENDER)));
}

/**
 * Runs `work` over `items`, at most `lanes` at a time, in order of start; no item starts
 * once `stop()` says so. `work` must not throw.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

/** One of the invocation's connections, held until `release` (idempotent). */
export interface Connection {
  provider: SmsProvider;
  release(): void;
}

export interface BoundedProvider extends SmsProvider {
  /** The most sends that were in flight at once. */
  peak: number;
  /**
   * A call was refused before it left (`neverLeft`: this invocation's subrequests are used
   * up): the invocation should start nothing more that calls out.
   */
  spent: boolean;
  /**
   * Takes a connection before the send is prepared, so that once its last check is said
   * nothing can make it wait between that check and the call (a step's pacing slot).
   */
  connection(): Promise<Connection>;
}

/** A provider that never has more than `max` sends in flight (the rest wait their turn). */
export function boundedProvider(provider: SmsProvider, max = MAX_IN_FLIGHT): BoundedProvider {
  let held = 0;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const connection = async (): Promise<Connection> => {
    while (held >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    held += 1;
    let open = true;
    return {
      provider: {
        name: provider.name,
        async send(sms) {
          inFlight += 1;
          bounded.peak = Math.max(bounded.peak, inFlight);
          try {
            const result = await provider.send(sms);
            if (!result.ok && result.neverLeft) bounded.spent = true;
            return result;
          } finally {
            inFlight -= 1;
          }
        },
      },
      release() {
        if (!open) return;
        open = false;
        held -= 1;
        waiting.shift()?.();
      },
    };
  };
  const bounded: BoundedProvider = {
    name: provider.name,
    peak: 0,
    spent: false,
    connection,
    async send(sms) {
      const c = await connection();
      try {
        return await c.provider.send(sms);
      } finally {
        c.release();
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
  /**
   * Sends the first window after a start or an idle window at WARM_UP_SHARE of the rate
   * (the Scheduler, whose senders' first sends open new connections).
   */
  warmUp?: boolean;
}

/**
 * The part of the rate a warming turnstile sends at (`TurnstileDeps.warmUp`). A sender's
 * first sends open connections, and on a thread that is starting up they reach Twilio late
 * and together with the sends after them: a trace of a drain just after `npm start` saw
 * sends ~180 ms late at the fake Twilio for its first 250 ms (107 arriving in one second in
 * that run, with extra logging); in the untraced drains whose arrival times were kept, the
 * only seconds holding 100 or more (100, 102) were in their first 1.4 s. A first window at
 * 75 % has room for a quarter of a second's sends arriving late (docs/architecture.md).
 */
export const WARM_UP_SHARE = 0.75;

/** How a turn went: how long the send waited (ms), and whether its last word let it go. */
export interface Passage {
  waited: number;
  clear: boolean;
}

/** A send's last word, said just before its slot: false (or a throw) stops the send. */
export type LastWord = () => Promise<boolean>;

/** How far past the slot in use the stored time runs ahead (see Turnstile `saveThrough`). */
export const SAVE_AHEAD_MS = 1_000;

/** A send's last word begins at least this long before its expected slot (the local D1's point read takes a millisecond or two). */
export const LAST_WORD_LEAD_MS = 50;

/** The most a last word begins before its slot, however slow the reads: it stays well under LAST_WORD_MAX_AGE_MS. */
export const LAST_WORD_MAX_LEAD_MS = 200;

/**
 * A last word whose answer is older than this when its slot comes (the sends before it ran
 * late) is said again inside the turn: what the call goes on is never older than this (plus
 * one read).
 */
export const LAST_WORD_MAX_AGE_MS = 250;

interface Said {
  clear: boolean;
  /** When its answer came back. */
  answered: number;
}

/**
 * How long before its slot a send's last word begins, for last words that have lately taken
 * `wordMs`: half as long again as they take, at least LAST_WORD_LEAD_MS, at most
 * LAST_WORD_MAX_LEAD_MS (D1 from a Durable Object far from the database's primary takes
 * tens of milliseconds, not the one the local D1 takes).
 */
export function lastWordLead(wordMs: number): number {
  return Math.min(LAST_WORD_MAX_LEAD_MS, Math.max(LAST_WORD_LEAD_MS, Math.ceil(wordMs * 1.5)));
}

/**
 * How many places from the head of the queue a send's last word may begin: the sends that
 * pass in its lead, one `intervalMs` apart (the rate's gap, or longer when the sends have
 * lately passed further apart), and one more. A word waits for its time and for its place,
 * so a queue that falls behind the slots it expected (a window's pause, a warm-up, a stall)
 * does not have its words said early and aged by their slots (then said again inside
 * their turns, one D1 read after another — which spaces the turns further, so the next
 * words age too: with D1 at 20 ms a round trip, a drain at 100/s fell to 35 texts a second).
 */
export function lastWordPlaces(leadMs: number, intervalMs: number): number {
  return Math.ceil(leadMs / intervalMs) + 1;
}

export class Turnstile {
  private chain: Promise<unknown> = Promise.resolve();
  /** The slot the latest caller was told to expect (its last word is timed by it). */
  private expected: number | null = null;
  /** The latest time asked to be stored (no send before it after a restart). */
  private saved: number | null = null;
  /** The latest time known stored durably: every send's slot is at or before it. */
  private durable: number | null = null;
  /** The latest write of `saved`. */
  private writing: Promise<void> | null = null;
  /** When the latest sends really left, oldest first: one window's count (pacing.ts `paceWindow`). */
  private readonly recent: number[] = [];
  /** How late each of them left after its slot (ms), in the same order. */
  private readonly lateBy: number[] = [];
  /** No send before this (a window after the time a run or restart started from). */
  private notBefore: number | null = null;
  /** Until then the turnstile is warming (`TurnstileDeps.warmUp`): sends go at WARM_UP_SHARE of the rate. */
  private warmUntil: number | null = null;
  /** Turns asked for and turns over (passed, given back or failed), in the chain's order. */
  private asked = 0;
  private over = 0;
  /** Last words waiting for their place (`lastWordPlaces` from the head of the queue), in ticket order. */
  private placeWaiters: { ticket: number; start: () => void }[] = [];
  /** How long last words have lately taken (ms; a moving average). */
  private wordMs = 0;
  /** How far apart turns have lately ended (ms; a moving average), and when the last did. */
  private turnMs = 0;
  private lastTurnOver: number | null = null;

  /**
   * `last`: a time at or after every send made before (the stored time after a restart, or
   * an earlier run's last slot): the first send here waits a whole window after it, as if
   * the window before it were full — a restart never sends sooner than the rate allows.
   */
  constructor(
    private last: number | null,
    private ratePerSecond: number,
    private readonly deps: TurnstileDeps,
  ) {
    if (last !== null) this.notBefore = last + paceWindow(ratePerSecond).ms + WINDOW_MARGIN_MS;
  }

  /** A time at or after every send so far: the later of the last grid place and the last send (a next run starts from it). */
  get lastSlot(): number | null {
    const left = this.recent.at(-1);
    return left === undefined ? this.last : this.last === null ? left : Math.max(this.last, left);
  }

  /**
   * Resolves when this send may leave. With a `lastWord`, the word is said
   * LAST_WORD_LEAD_MS before the slot this send expects — outside the turns, so the words
   * of sends queued behind each other overlap and a D1 read longer than one gap does not
   * set the pace — and the turn ends only when it is in: a send that is not clear gives its
   * slot back. A word that has aged past LAST_WORD_MAX_AGE_MS by its slot is said again. A
   * new rate applies from this send on.
   */
  pass(ratePerSecond = this.ratePerSecond, lastWord?: LastWord): Promise<Passage> {
    const asked = this.deps.now();
    // The sends queued ahead go one gap apart after the last slot handed out or expected.
    const expected = Math.max(gridSlot(this.last, this.recent, asked, ratePerSecond, this.late()).slot, nextFreeSlot(this.expected, asked, ratePerSecond), this.notBefore ?? asked);
    this.expected = expected;
    const ticket = ++this.asked;
    const lead = lastWordLead(this.wordMs);
    const word = lastWord ? this.say(lastWord, expected - lead, ticket) : null;
    const turn = this.chain.then(async (): Promise<Passage> => {
      this.ratePerSecond = ratePerSecond;
      const rate = this.paceRate();
      const before = this.last;
      const placed = gridSlot(this.last, this.recent, this.deps.now(), rate, this.late());
      const slot = Math.max(placed.slot, this.notBefore ?? placed.slot);
      this.last = placed.grid;
      const saving = this.saveThrough(slot);
      const wait = slot - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait);
      let said = word ? await word : null;
      await saving;
      if (lastWord && said && this.deps.now() - said.answered > LAST_WORD_MAX_AGE_MS) said = await this.say(lastWord, this.deps.now());
      const clear = said?.clear ?? true;
      if (!clear) {
        // Nothing leaves in this slot: the next send may have it (the stored slot stays
        // later than any send, which only ever makes a restart more careful).
        this.last = before;
        if (this.expected !== null) this.expected -= slotGap(this.ratePerSecond);
        return { waited: this.deps.now() - asked, clear };
      }
      // When it really left: a timer (or a last word) that ran late does not move the grid
      // (the next slots catch up), but the window counts the real times.
      const left = Math.max(slot, this.deps.now());
      this.recent.push(left);
      this.lateBy.push(left - slot);
      while (this.recent.length > paceWindow(this.ratePerSecond).count) {
        this.recent.shift();
        this.lateBy.shift();
      }
      if (left !== slot) await this.saveThrough(left);
      return { waited: this.deps.now() - asked, clear };
    });
    this.chain = turn.catch(() => undefined).finally(() => this.turnOver());
    return turn;
  }

  /** A turn is over: the last words whose place has come begin. */
  private turnOver(): void {
    this.over += 1;
    const now = this.deps.now();
    const gap = slotGap(this.ratePerSecond);
    if (this.lastTurnOver !== null) this.turnMs += (Math.min(1_000, Math.max(gap, now - this.lastTurnOver)) - this.turnMs) / 8;
    this.lastTurnOver = now;
    // In ticket order, and a place comes to a lower ticket first.
    while (this.placeWaiters[0] && this.placeCame(this.placeWaiters[0].ticket)) this.placeWaiters.shift()!.start();
  }

  /**
   * The rate this send is placed at: the rate, or WARM_UP_SHARE of it while warming — for
   * one window from a send that finds nothing sent for a window and a gap before it. Such a
   * send also starts the grid afresh, from now: a grid left behind by an idle pace would
   * otherwise catch up (CATCH_UP_MS of sends at half a gap) into the same cold start.
   */
  private paceRate(): number {
    if (!this.deps.warmUp) return this.ratePerSecond;
    const now = this.deps.now();
    const { ms } = paceWindow(this.ratePerSecond);
    const lastLeft = this.recent.at(-1);
    if (lastLeft === undefined || now - lastLeft > ms + gridGap(this.ratePerSecond)) {
      this.warmUntil = Math.max(now, this.notBefore ?? now) + ms;
      this.last = null;
    }
    return this.warmUntil !== null && now < this.warmUntil ? this.ratePerSecond * WARM_UP_SHARE : this.ratePerSecond;
  }

  /**
   * How unevenly the window's sends left after their slots (the most late less the least: a
   * steady delay, such as a slow last word, bunches nothing) — pacing.ts `gridSlot`'s `late`.
   */
  private late(): number {
    return this.lateBy.length === 0 ? 0 : Math.max(...this.lateBy) - Math.min(...this.lateBy);
  }

  /**
   * Makes sure storage durably holds a time at or after `slot` before the send it paces.
   * The time is stored SAVE_AHEAD_MS past the slot, and extended half of that before it is
   * needed, so storage is written about once per SAVE_AHEAD_MS of sending (not once per
   * send) and a send waits for a write only when it would pass the durable time — which,
   * extended early, it does not (a restart then waits at most that much longer).
   */
  private saveThrough(slot: number): Promise<void> | undefined {
    const save = this.deps.save;
    if (!save) return undefined;
    if (this.saved === null || this.saved - slot < SAVE_AHEAD_MS / 2) {
      const target = Math.max(slot, this.saved ?? slot) + SAVE_AHEAD_MS;
      this.saved = target;
      const writing = save(target).then(
        () => {
          this.durable = Math.max(this.durable ?? target, target);
        },
        (error: unknown) => {
          // The next send that needs it writes again.
          if (this.saved === target) this.saved = this.durable;
          throw error;
        },
      );
      // Awaited below by the send that needs it; a failed write fails that send.
      writing.catch(() => undefined);
      this.writing = writing;
    }
    return this.durable !== null && this.durable >= slot ? undefined : (this.writing ?? undefined);
  }

  /** Whether the send with this ticket is within `lastWordPlaces` of the head of the queue, as words and turns go now. */
  private placeCame(ticket: number): boolean {
    return ticket - lastWordPlaces(lastWordLead(this.wordMs), Math.max(slotGap(this.ratePerSecond), this.turnMs)) <= this.over;
  }

  /**
   * Says a last word at `at` (now if past) — for a queued send (its `ticket`), not before its
   * place comes; a word that throws says no.
   */
  private async say(lastWord: LastWord, at: number, ticket?: number): Promise<Said> {
    if (ticket !== undefined && !this.placeCame(ticket)) await new Promise<void>((start) => this.placeWaiters.push({ ticket, start }));
    const early = at - this.deps.now();
    if (early > 0) await this.deps.sleep(early);
    const began = this.deps.now();
    const clear = await lastWord().catch(() => false);
    const answered = this.deps.now();
    this.wordMs += (answered - began - this.wordMs) / 8;
    return { clear, answered };
  }
}
