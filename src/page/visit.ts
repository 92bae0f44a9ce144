// The page shows what the address says: each change of address (main.ts route) is a new
// visit, and an answer that arrives after the owner moved on — to another view, another
// lead, or a later request of the same kind (a search typed on, the other series) — is
// dropped instead of drawn over what the owner opened since.
let visits = 0;
const asks = new Map<string, number>();

/** The address changed: answers asked for before are no longer wanted. */
export function newVisit(): void {
  visits++;
}

/**
 * Called before a request of `kind`; the check says, once its answer is in, whether it is
 * still wanted: the owner is on the same visit and no later request of that kind started.
 */
export function ask(kind: string): () => boolean {
  const visit = visits;
  const mine = (asks.get(kind) ?? 0) + 1;
  asks.set(kind, mine);
  return () => visit === visits && asks.get(kind) === mine;
}

/** The check for the visit alone (an action's answer, or the route's own heading and title). */
export function onThisVisit(): () => boolean {
  const visit = visits;
  return () => visit === visits;
}
