// The drizzle handle over the D1 binding. Query modules take a `Db`, never the whole env.
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export function dbFrom(d1: D1Database) {
  return drizzle(d1, { schema });
}

export type Db = ReturnType<typeof dbFrom>;

/** A query not yet run, to be written in another query's batch (one round trip, one transaction). */
export type Statement = BatchItem<"sqlite">;

/** True when a D1 error is a UNIQUE constraint violation (the idempotency guard tripped). */
export function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e instanceof Error && !seen.has(e)) {
    seen.add(e);
    if (/UNIQUE constraint failed/i.test(e.message)) return true;
    e = e.cause;
  }
  return false;
}
