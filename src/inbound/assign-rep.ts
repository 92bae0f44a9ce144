// Round-robin among active reps: who gets a lead from an unknown number. Pure.
import type { Rep } from "../db/schema";

/** The active rep after `lastAssignedId` in id order, wrapping around; null if none is active. */
export function nextRepRoundRobin(reps: Pick<Rep, "id" | "active">[], lastAssignedId: number | null): number | null {
  const active = reps.filter((r) => r.active).map((r) => r.id).sort((a, b) => a - b);
  if (active.length === 0) return null;
  return active.find((id) => lastAssignedId === null || id > lastAssignedId) ?? active[0] ?? null;
}
