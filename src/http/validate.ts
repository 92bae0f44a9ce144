// Every API input goes through valibot here, and every failure becomes the contract's
// `400 { error, issues: [{ path, message }] }`. Messages name what was expected and
// never what was received: phone numbers and names are personal data.
import type { Context } from "hono";
import * as v from "valibot";
import { fail, type Issue } from "./errors";

type AnySchema = v.GenericSchema;

export function toIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.map((issue) => ({
    path: v.getDotPath(issue) ?? "",
    message:
      issue.kind === "schema"
        ? `expected ${issue.expected ?? "a different type"}`
        : // Our own messages never include input; a library default might ("… but received …").
          issue.message.replace(/\s*but received[\s\S]*$/i, ""),
  }));
}

export function parseOr400<S extends AnySchema>(schema: S, input: unknown, what = "invalid input"): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) fail(400, what, toIssues(result.issues));
  return result.output;
}

export async function jsonBody<S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let input: unknown;
  try {
    input = await c.req.json();
  } catch {
    fail(400, "body must be JSON", [{ path: "", message: "expected a JSON body" }]);
  }
  return parseOr400(schema, input);
}

/** A positive integer route id, or 404 (an id that cannot exist is unknown). */
export function idParam(c: Context, name = "id"): number {
  const raw = c.req.param(name) ?? "";
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) fail(404, "not found");
  return Number(raw);
}
