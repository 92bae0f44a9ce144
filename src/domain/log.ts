// What Beback writes to the Worker's logs (Workers Logs keep them): events and errors
// without customers' names, numbers or texts. Pure but for `consoleLog`.

export type Log = (event: string, detail: Record<string, unknown>) => void;

/** One line: `beback: <event> {detail as JSON}`. */
export const consoleLog: Log = (event, detail) => console.error(`beback: ${event}`, JSON.stringify(detail));

// drizzle's query errors say `Failed query: <sql>\nparams: <values>`: the values are
// phone numbers and texts. The SQL (with placeholders) stays; the values go.
const PARAMS = /\nparams:[\s\S]*$/;

/** An error's class and message, and its cause's (D1's own words, under drizzle's), without a query's values. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const own = `${error.name}: ${error.message.replace(PARAMS, "")}`;
  return error.cause instanceof Error && error.cause !== error ? `${own} (cause: ${errorSummary(error.cause)})` : own;
}

/** `errorSummary` and where it was thrown: the stack's frames, not its first line (the message again, values and all). */
export function errorWithFrames(error: unknown): string {
  const frames = error instanceof Error ? (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line)) : [];
  return [errorSummary(error), ...frames].join("\n");
}
