// The Scheduler's alarm runs independent jobs (digests, `later` reminders, series steps),
// each `() → when it wants to run next`. A job that throws does not take the others down:
// it is logged and asks to run again after JOB_RETRY_MS, and the alarm is re-armed for the
// earliest time any job named. (tldraw's AlarmScheduler has the same shape: keyed jobs
// with their own times behind one Durable Object alarm.)

import { consoleLog, errorSummary, type Log } from "../domain/log";

/** A failed job (D1 unavailable, a bug) runs again this much later, not in a hot loop. */
export const JOB_RETRY_MS = 30_000;

export interface Job {
  name: string;
  /** Does what is due; returns when this job is next due (null: nothing pending). */
  run: () => Promise<number | null>;
}


/** The earliest of some times; null when none. Pure. */
export function earliest(times: readonly (number | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const t of times) if (typeof t === "number" && Number.isFinite(t) && (best === null || t < best)) best = t;
  return best;
}

/** Runs every job, each isolated; returns the earliest next time and the jobs that failed. */
export async function runJobs(jobs: readonly Job[], now: () => number, log: Log = consoleLog): Promise<{ next: number | null; failed: string[] }> {
  const times: (number | null)[] = [];
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      times.push(await job.run());
    } catch (error) {
      failed.push(job.name);
      log("job failed", { job: job.name, error: errorSummary(error) });
      times.push(now() + JOB_RETRY_MS);
    }
  }
  return { next: earliest(times), failed };
}
