// Reading D1 directly in tests, to assert on the rows a request left behind.
import { env } from "cloudflare:workers";

export async function count(table: "leads" | "messages" | "reps" | "opt_outs" | "step_sends" | "undo_log", where = "1=1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).bind(...binds).first<{ n: number }>();
  return row?.n ?? 0;
}

export async function rows<T = Record<string, unknown>>(sql: string, ...binds: unknown[]): Promise<T[]> {
  return (await env.DB.prepare(sql).bind(...binds).all<T>()).results;
}

export async function row<T = Record<string, unknown>>(sql: string, ...binds: unknown[]): Promise<T | null> {
  return env.DB.prepare(sql).bind(...binds).first<T>();
}

/**
 * Everything that counts as state, for "changed nothing" assertions. Not the settings'
 * `twilio_origin`: where Twilio's verified webhooks come is noted whatever a text says.
 */
export async function snapshot(): Promise<string> {
  const parts = await env.DB.batch(["leads", "reps", "opt_outs", "step_sends", "undo_log", "settings", "series"].map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1`)));
  return JSON.stringify(parts.map((p) => p.results.map((r) => { const { twilio_origin: _, ...rest } = r as Record<string, unknown>; return rest; })));
}

/**
 * An object with some of its members replaced, the rest passed through (bound to it): a D1
 * binding or a statement with a fault or a race for one test. `replace` returns undefined
 * for a member it leaves alone.
 */
export function withMembers<T extends object>(target: T, replace: (key: string | symbol) => unknown): T {
  return new Proxy(target, {
    get(t, key) {
      const replaced = replace(key);
      if (replaced !== undefined) return replaced;
      const value = Reflect.get(t, key) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
