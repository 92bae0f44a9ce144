// The last words of queued sends, read together. Each send's last word (is the lead as it
// was checked, and its number not opted out?) is asked for LAST_WORD_LEAD_MS before its
// pacing slot (lanes.ts Turnstile); the words asked for within LAST_WORD_WINDOW_MS of the
// first waiting one are read in one round trip (engine-queries `stepsStillClear`), so at a
// short code's 100 texts a second (a slot every 10 ms) a read answers about three sends
// instead of one. The window fits inside the lead: every word is read at least
// LAST_WORD_LEAD_MS − LAST_WORD_WINDOW_MS before its slot, and is never older than
// LAST_WORD_LEAD_MS (plus the read) when its send goes.
import type { StepCheck } from "../db/engine-queries";

/** How long the first waiting word waits for others to join its read. */
export const LAST_WORD_WINDOW_MS = 30;

interface Waiting {
  check: StepCheck;
  resolve: (clear: boolean) => void;
  reject: (error: unknown) => void;
}

export class LastWords {
  private waiting: Waiting[] = [];
  private timer = false;

  /**
   * `read`: the words of several steps in one round trip (at most `max`, answered in order);
   * `sleep`: the clock's wait (injected, as everywhere in the engine).
   */
  constructor(
    private readonly read: (checks: StepCheck[]) => Promise<boolean[]>,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly max: number,
    private readonly windowMs = LAST_WORD_WINDOW_MS,
  ) {}

  /** Resolves with this step's last word (false: it must not go); rejects if the read failed. */
  say(check: StepCheck): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ check, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else if (!this.timer) {
        this.timer = true;
        void this.sleep(this.windowMs).then(() => {
          this.timer = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    const words = this.waiting.splice(0, this.max);
    if (words.length === 0) return;
    this.read(words.map((w) => w.check)).then(
      (clear) => words.forEach((w, i) => w.resolve(clear[i] === true)),
      (error: unknown) => words.forEach((w) => w.reject(error)),
    );
  }
}
