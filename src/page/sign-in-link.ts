// The owner's token in a sign-in link (`…/#token=…`, as `npm start` prints it), or in what
// the owner pasted into the sign-in box (the link, or the bare token). Pure.
//
// The token is taken as written: a `+` stays a `+` (base64 tokens hold them; reading the
// link as a query string would turn it into a space), and only %-escapes are undone, for
// the characters `npm start` escapes in the link (`%`, `&`, `#`, whitespace).

/** The token a sign-in link carries, or null when `text` holds no `token=`. */
export function tokenInLink(text: string): string | null {
  const raw = /(?:^|[#&])token=([^&\s]*)/.exec(text.trim())?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a lone "%" is the token's own
  }
}

/** The token in what the owner pasted: a sign-in link's, else the text itself. */
export function pastedToken(text: string): string {
  return tokenInLink(text) ?? text.trim();
}
