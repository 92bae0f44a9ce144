// The drizzle handle over the D1 binding. Query modules take a `Db`, never the whole env.
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = DrizzleD1Database<typeof schema>;

// One handle per binding: making one reads the whole schema (drizzle's relational config),
// which a Durable Object that asks for a handle per send paid on every send.
const handles = new WeakMap<D1Database, Db>();

export function dbFrom(d1: D1Database): Db {
  let db = handles.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    handles.set(d1, db);
  }
  return db;
}

/**
 * `build` run once per handle and kept (a drizzle prepared query: its SQL is built once, not
 * for every text that runs it).
 */
export function oncePerHandle<T extends object>(build: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (!value) {
      value = build(db);
      made.set(db, value);
    }
    return value;
  };
}

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
