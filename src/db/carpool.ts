// Writes that may wait a moment for another batch to carry them: one round trip fewer.
//
// A follow-up's last write (Twilio's sid and status on its message, the step `sent`, the
// lead moved on) needs nothing back soon: the lane that sent it goes on to its next step
// and only later learns whether the lead moved. So it waits up to `waitMs` for the next
// batch the invocation writes anyway (a step's claim with its queued row: usually that
// lane's next), and rides in it, ahead of that batch's own statements; if no batch comes
// by then (the lane's last step), it is written alone, with every other write waiting. Each ride is written whole
// or not at all, in one transaction with the batch that carries it. A batch that fails
// (a claim taken before: the UNIQUE key) writes none of its riders: they are written
// alone at once.
import { runBatch, type Db, type Statement } from "./client";

interface Rider {
  statements: Statement[];
  resolve: (results: unknown[]) => void;
  reject: (error: unknown) => void;
}

/** Riders taken by a batch: their statements go first in it; then `written` with the batch's results, or `failed`. */
export interface Ride {
  statements: Statement[];
  /** The carrying batch was written: `results` are the batch's results, from its first statement. */
  written(results: readonly unknown[]): void;
  /** The carrying batch was not written: the riders are written alone, now. */
  failed(): void;
}

export class Carpool {
  private waiting: Rider[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Db,
    private readonly waitMs: number,
  ) {}

  /** Writes `statements` in one transaction, with the next batch that takes riders or alone after `waitMs`; resolves with their results. */
  carry(statements: Statement[]): Promise<unknown[]> {
    return new Promise<unknown[]>((resolve, reject) => {
      this.waiting.push({ statements, resolve, reject });
      this.timer ??= setTimeout(() => {
        this.timer = null;
        void this.writeAlone(this.board());
      }, this.waitMs);
    });
  }

  /** Every waiting rider, for a batch about to be written (none waiting: no statements). */
  take(): Ride {
    const riders = this.board();
    return {
      statements: riders.flatMap((r) => r.statements),
      written: (results) => settleRiders(riders, results),
      failed: () => void this.writeAlone(riders),
    };
  }

  private board(): Rider[] {
    const riders = this.waiting;
    this.waiting = [];
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    return riders;
  }

  private async writeAlone(riders: Rider[]): Promise<void> {
    const statements = riders.flatMap((r) => r.statements);
    if (statements.length === 0) return;
    try {
      settleRiders(riders, await runBatch(this.db, statements));
    } catch (error) {
      for (const r of riders) r.reject(error);
    }
  }
}

function settleRiders(riders: readonly Rider[], results: readonly unknown[]): void {
  let at = 0;
  for (const r of riders) {
    r.resolve(results.slice(at, at + r.statements.length));
    at += r.statements.length;
  }
}
