// Who takes a text when it is nobody's or its rep's cannot: the round-robin among active
// reps. Pure; the reads and writes around it are in rep-in-turn.ts.
import type { Rep } from "../db/schema";

export function isAway(rep: Pick<Rep, "awayUntil">, now: number): boolean {
  return rep.awayUntil !== null && rep.awayUntil > now;
}

/** The active rep after `lastAssignedId` in id order, wrapping around; null if none is active. */
export function nextRepRoundRobin(reps: Pick<Rep, "id" | "active">[], lastAssignedId: number | null): number | null {
  const active = reps.filter((r) => r.active).map((r) => r.id).sort((a, b) => a - b);
  if (active.length === 0) return null;
  return active.find((id) => lastAssignedId === null || id > lastAssignedId) ?? active[0] ?? null;
}

/** The reps, the round-robin's cursor, and which reps' phones opted out of the store's texts. */
export interface RepsInTurn {
  reps: Pick<Rep, "id" | "active" | "awayUntil" | "phone">[];
  lastAssignedRepId: number | null;
  optedOut: ReadonlySet<string>;
  now: number;
}

export interface PickOptions {
  /** Not this rep (the one being covered for), or these. */
  except?: number | readonly number[];
  /** This rep, out of turn, when they can take it (they texted the number before). */
  preferred?: number | null;
  /** When every rep who could take it is away: the next of them in turn anyway. */
  orAway?: boolean;
}

/**
 * The next active rep who is not away, whose phone the store number can text (not opted
 * out), and not `except` — or `preferred`, when they are such a rep; with `orAway`, when
 * every such rep is away, the next of them away or not. `turn`: chosen by the round-robin
 * (its cursor moves to them). Null when no rep can take it.
 */
export function pickRep(state: RepsInTurn, opts: PickOptions = {}): { id: number; turn: boolean } | null {
  const pick = (evenIfAway: boolean) => {
    const except: readonly (number | undefined)[] = Array.isArray(opts.except) ? opts.except : [opts.except as number | undefined];
    const reps = state.reps.map((r) => ({ id: r.id, active: r.active && (evenIfAway || !isAway(r, state.now)) && !state.optedOut.has(r.phone) && !except.includes(r.id) }));
    const mine = reps.find((r) => r.id === opts.preferred && r.active);
    if (mine) return { id: mine.id, turn: false };
    const id = nextRepRoundRobin(reps, state.lastAssignedRepId);
    return id === null ? null : { id, turn: true };
  };
  return pick(false) ?? (opts.orAway ? pick(true) : null);
}
