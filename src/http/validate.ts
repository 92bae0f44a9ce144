// Every API input goes through valibot here, and every failure becomes the contract's
// `400 { error, issues: [{ path, message }] }`. Messages name what was expected and
// never what was received: phone numbers and names are personal data.
import type { Context } from "hono";
import * as v from "valibot";
import { fail, type Issue } from "./errors";

type AnySchema = v.GenericSchema;

/** `("7" | "30" | "90")` → `7, 30 or 90`; null when `expected` is not a list of quoted literals. */
function choices(expected: string): string | null {
  const options = /^\((.*)\)$/.exec(expected)?.[1]?.split(" | ") ?? [];
  if (options.length < 2 || !options.every((o) => /^".*"$/.test(o))) return null;
  const words = options.map((o) => o.slice(1, -1));
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** What a schema of this type expects, in words (valibot's own says "Invalid type: Expected Object"). */
const TYPE_WORDS: Record<string, string> = {
  object: "a JSON object",
  strict_object: "a JSON object",
  loose_object: "a JSON object",
  array: "a list (a JSON array)",
  number: "a number",
  string: "text in quotes (a JSON string)",
  boolean: "true or false",
};

/** One issue in the owner's words: our own message, or what the schema expected. */
function issueMessage(issue: v.BaseIssue<unknown>, path: string): string {
  // A missing field, whatever message its object gives its shape ("quietHours.end").
  if (issue.received === "undefined") return "is required";
  // A field the object does not have, even where the object gives its own message for its shape.
  if (issue.type === "strict_object" && issue.expected === "never") return "is not a field here";
  // valibot's own messages begin "Invalid …"; ours never do, and never include input.
  if (!issue.message.startsWith("Invalid ")) return issue.message.replace(/\s*but received[\s\S]*$/i, "");
  const expected = issue.expected ?? "";
  const list = choices(expected);
  if (list) return `must be ${list}`;
  const words = TYPE_WORDS[issue.type];
  // The whole body (path "") is named, as a field's path names the field.
  if (words) return `${path ? "" : "body "}must be ${words}`;
  return `${path ? "" : "body "}is not of the expected type`;
}

export function toIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue) ?? "";
    return { path, message: issueMessage(issue, path) };
  });
}

export function parseOr400<S extends AnySchema>(schema: S, input: unknown, what = "invalid input"): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) fail(400, what, toIssues(result.issues));
  return result.output;
}

/**
 * The JSON body through `schema`; or through the schema `schema(body)` builds, when what one
 * field means depends on another (a store number is read in the country being saved): every
 * field's problem is still named in one answer.
 */
export async function jsonBody<S extends AnySchema>(c: Context, schema: S | ((input: Record<string, unknown>) => S)): Promise<v.InferOutput<S>> {
  let input: unknown;
  try {
    input = await c.req.json();
  } catch {
    fail(400, "invalid input", [{ path: "", message: "body must be JSON" }]);
  }
  // Every body is a JSON object; valibot's object schemas would take an array for one.
  if (Array.isArray(input)) fail(400, "invalid input", [{ path: "", message: "body must be a JSON object" }]);
  if (typeof schema !== "function") return parseOr400(schema, input);
  const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  return parseOr400(schema(fields), input);
}

/**
 * For a route that takes nothing (resume, end, send-next-now): no body, or `{}`. Anything
 * else is refused as another route refuses a field it does not know.
 */
export async function noBody(c: Context): Promise<void> {
  if ((await c.req.text()).trim() === "") return;
  await jsonBody(c, v.strictObject({}));
}

/** A positive integer route id, or 404 (an id that cannot exist is unknown). */
export function idParam(c: Context, name = "id"): number {
  const raw = c.req.param(name) ?? "";
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) fail(404, "not found");
  return Number(raw);
}
