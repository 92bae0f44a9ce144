// One error envelope for the owner API: `{ error, issues? }`. Expected failures are thrown
// as HTTPException (see `fail`); anything else is logged once and answered as a bare 500
// with no detail, so stack traces and customers' data never reach a client.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorWithFrames } from "../domain/log";

export interface Issue {
  path: string;
  message: string;
}

export function fail(status: ContentfulStatusCode, error: string, issues?: Issue[]): never {
  const body = issues ? { error, issues } : { error };
  throw new HTTPException(status, { res: Response.json(body, { status }) });
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) return err.getResponse();
  console.error("unhandled error", errorWithFrames(err));
  return c.json({ error: "internal error" }, 500);
}

export function notFound(c: Context): Response {
  return c.json({ error: "not found" }, 404);
}
