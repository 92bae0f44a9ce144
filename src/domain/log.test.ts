import { describe, expect, it } from "vitest";
import { errorSummary, errorWithFrames } from "./log";

// A drizzle query error as drizzle-orm builds it: the SQL, then the bound values.
class DrizzleQueryError extends Error {
  constructor(query: string, params: unknown[], cause: Error) {
    super(`Failed query: ${query}\nparams: ${params.join(",")}`);
    this.name = "DrizzleQueryError";
    this.cause = cause;
  }
}

describe("errorSummary: no customer's number or words in a log line", () => {
  it.each([
    [new Error("D1 is down"), "Error: D1 is down"],
    [new TypeError("x is not a function"), "TypeError: x is not a function"],
    ["a string", "a string"],
    [
      new DrizzleQueryError("insert into messages (to, body) values (?, ?)", ["+12125550100", "Is the recliner still there?"], new Error("D1_ERROR: UNIQUE constraint failed: messages.sid")),
      "DrizzleQueryError: Failed query: insert into messages (to, body) values (?, ?) (cause: Error: D1_ERROR: UNIQUE constraint failed: messages.sid)",
    ],
  ])("%s → %s", (error, line) => {
    expect(errorSummary(error)).toBe(line);
  });

  it("keeps the stack's frames but not its first line, which repeats the message with the values", () => {
    const error = new DrizzleQueryError("select 1", ["+12125550100"], new Error("D1_ERROR: boom"));
    const logged = errorWithFrames(error);
    expect(logged).not.toContain("+12125550100");
    expect(logged.split("\n")[0]).toBe("DrizzleQueryError: Failed query: select 1 (cause: Error: D1_ERROR: boom)");
    expect(logged.split("\n").slice(1).every((line) => /^\s+at /.test(line))).toBe(true);
    expect(logged.split("\n").length).toBeGreaterThan(1);
  });
});
