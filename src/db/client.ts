// The drizzle handle over the D1 binding, and the prepared statements the query modules
// batch (`prepared`, `runBatch`). Query modules take a `Db`, never the whole env.
import { fillPlaceholders, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

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

/** What `runBatch` needs of a drizzle prepared query (its public API). */
interface PreparedQuery {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}

interface Compiled {
  query: PreparedQuery;
  stmt: D1PreparedStatement;
}

/**
 * A query not yet run, for a batch with others (`runBatch`: one round trip, one
 * transaction): a drizzle query built once (`prepared`) and the values of this run.
 */
export interface Statement extends Compiled {
  values: Record<string, unknown>;
}

const compiledOf = oncePerHandle((): Map<string, Compiled> => new Map());

/**
 * A statement of the query `build` makes, with a `sql.placeholder` for each of `values`:
 * drizzle builds its SQL once per handle and `shape` (a name for the query and whatever
 * changes its SQL, such as which columns a patch sets), not for every text. Building SQL
 * was the largest item in a profile of a drain (about a fifth of the Worker's busy time,
 * most of it the batch that records each step's message); drizzle's own batch builds every
 * statement afresh and takes no prepared queries (drizzle-orm#2197), hence `runBatch`.
 */
export function prepared(db: Db, shape: string, build: () => { prepare(): PreparedQuery }, values: Record<string, unknown>): Statement {
  const compiled = compiledOf(db);
  let c = compiled.get(shape);
  if (!c) {
    const query = build().prepare();
    c = { query, stmt: db.$client.prepare(query.getQuery().sql) };
    compiled.set(shape, c);
  }
  return { ...c, values };
}

/**
 * Runs `statements` in one D1 batch (one round trip, one transaction: if one fails, none
 * is written); each result mapped as drizzle maps it (rows of a `returning` or select, or
 * D1's result of a plain write).
 */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  const results = await db.$client.batch(statements.map((s) => s.stmt.bind(...fillPlaceholders(s.query.getQuery().params, s.values))));
  return results.map((r, i) => statements[i]!.query.mapResult(r, true));
}

/** Drizzle statements written in D1 batches of `size` (a batch is bounded); each one's result, in order. */
export async function batchInChunks(db: Db, writes: readonly BatchItem<"sqlite">[], size = 100): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let i = 0; i < writes.length; i += size) {
    const [first, ...rest] = writes.slice(i, i + size);
    if (first) results.push(...((await db.batch([first, ...rest])) as unknown[]));
  }
  return results;
}

/**
 * `{ key: sql.placeholder(key) }` for each key: what a prepared insert or update writes.
 * drizzle binds each through its column's encoding (JSON, booleans) when the statement runs;
 * its types allow placeholders in `values` but not in `set`, hence the type parameter.
 */
export function placeholders<T>(keys: readonly string[]): T {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as T;
}

/** The names of the fields a patch sets (drizzle's `set` skips undefined ones), for a statement's shape. */
export function setKeys(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
    .sort();
}

/** True when a D1 error, or an error it was caused by, says `pattern` (a constraint that failed). */
function constraintFailed(error: unknown, pattern: RegExp): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e instanceof Error && !seen.has(e)) {
    seen.add(e);
    if (pattern.test(e.message)) return true;
    e = e.cause;
  }
  return false;
}

/** True when a D1 error is a UNIQUE constraint violation (the idempotency guard tripped). */
export function isUniqueViolation(error: unknown): boolean {
  return constraintFailed(error, /UNIQUE constraint failed/i);
}

/** True when a D1 error is a FOREIGN KEY violation (a row written refers to one removed since it was read). */
export function isForeignKeyViolation(error: unknown): boolean {
  return constraintFailed(error, /FOREIGN KEY constraint failed/i);
}
