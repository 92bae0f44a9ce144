// The owner API as the page calls it: JSON, the session cookie, errors as ApiError (with the
// contract's issues) so each view can place them next to their fields.
import type { Issue } from "./field-errors";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly issues: Issue[] | undefined,
  ) {
    super(error);
  }
}

let onSignedOut: () => void = () => {};
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export async function call<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "Beback cannot be reached. Check the connection and try again.", undefined);
  }
  if (res.status === 401 && path !== "/session") onSignedOut();
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = json && typeof json === "object" ? (json as { error?: unknown; issues?: Issue[] }) : {};
    throw new ApiError(res.status, typeof err.error === "string" ? err.error : res.status >= 500 ? `Beback had a problem (error ${res.status}). Try again in a minute.` : `error ${res.status}`, Array.isArray(err.issues) ? err.issues : undefined);
  }
  return json as T;
}
