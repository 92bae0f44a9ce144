// Reading a Twilio webhook's form body without trusting it.
export type FormParams = Record<string, string | string[]>;

/** A webhook's largest body (Twilio's are a few KB); also the limit on /twilio as a body arrives (http/twilio-webhooks.ts). */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * The form parameters of a webhook request, or null when the body is not a form
 * (wrong content type, too large, or unreadable). Repeated keys become arrays, as
 * Twilio's signature algorithm expects.
 */
export async function readForm(request: Request): Promise<FormParams | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return null;
  // Bytes, then UTF-8: workerd warns on every request.text() of a body whose content type
  // it does not count as text (a form is not), which buried the test output in warnings.
  let text: string;
  try {
    const bytes = await request.arrayBuffer();
    if (bytes.byteLength > MAX_FORM_BYTES) return null;
    text = new TextDecoder().decode(bytes);
  } catch {
    return null;
  }
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const prev = params[key];
    params[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return params;
}

/** A single-valued parameter (the first, if repeated). */
export function param(params: FormParams, key: string): string | undefined {
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}
