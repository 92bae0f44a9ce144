// Work a request starts and the answer does not wait for: sends after the answer, and the
// Scheduler asked to make sure they happen if this Worker dies first (messenger.ts `sendSoon`).
import type { Context } from "hono";
import { errorSummary } from "../domain/log";
import { schedulerFor } from "../series/scheduler-client";

type Ctx = Context<{ Bindings: Env }>;

/** Work that runs after the answer (ctx.waitUntil); without an execution context (unit tests), awaited later by nobody but still run. */
export function deferrer(c: Ctx): ((work: Promise<unknown>) => void) | undefined {
  try {
    const executionCtx = c.executionCtx;
    return (work) => executionCtx.waitUntil(work);
  } catch {
    return undefined;
  }
}

/**
 * The Scheduler asked to look at pending texts by `at` (messenger.ts `sendSoon`): one that
 * cannot be reached now finds them on its next run, so its failure is logged and the send
 * goes on — a text to a rep is never held back by it.
 */
export function pendingByOf(c: Ctx): (at: number) => Promise<void> {
  const scheduler = schedulerFor(c.env);
  return (at) => scheduler.lookAtPendingBy(at).catch((error: unknown) => console.error("wake failed", errorSummary(error)));
}
