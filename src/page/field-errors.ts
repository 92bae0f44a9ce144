// Turns the API's `400 { error, issues: [{ path, message }] }` into sentences placed next
// to the fields they are about. Pure: the page decides where each sentence goes.
export interface Issue {
  path: string;
  message: string;
}

export interface PlacedErrors {
  /** Field key → one sentence (the first issue about that field). */
  byField: Record<string, string>;
  /** Sentences about no field in particular. */
  general: string[];
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t[0]?.toUpperCase() ?? "";
  return `${first}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;
}

/** "Time zone" + "must be an IANA time zone…" → "Time zone must be an IANA time zone…." */
export function issueSentence(label: string, message: string): string {
  const expected = /^expected (an? |the )?(.*)$/.exec(message);
  if (expected) return sentence(`${label}: please enter ${expected[1] ?? (/^[aeiou]/i.test(expected[2] ?? "") ? "an " : "a ")}${expected[2]}`);
  return sentence(`${label} ${message}`);
}

/**
 * Places each issue on the field whose key is the longest prefix of its path
 * (`steps.0.body` → `steps.0.body`, `quietHours.start` → `quietHours`). `labels` names the
 * fields in words: "Time zone", "Step 2's words".
 */
export function placeErrors(error: string, issues: Issue[] | undefined, labels: Record<string, string>): PlacedErrors {
  const placed: PlacedErrors = { byField: {}, general: [] };
  const keys = Object.keys(labels).sort((a, b) => b.length - a.length);
  for (const issue of issues ?? []) {
    const key = keys.find((k) => issue.path === k || issue.path.startsWith(`${k}.`));
    if (key === undefined) placed.general.push(issueSentence(issue.path ? issue.path.replace(/\./g, " ") : "This", issue.message));
    else placed.byField[key] ??= issueSentence(labels[key] ?? key, issue.message);
  }
  if (!issues?.length) placed.general.push(friendlyError(error));
  return placed;
}

/** What a form says when fields are marked: one string for every view. */
export const FIX_FIELDS = "Please fix the fields marked in red.";

/** An API error string as a sentence for the owner. */
export function friendlyError(error: string): string {
  if (error === "invalid input") return FIX_FIELDS;
  if (error === "not found") return "That is no longer here. It may have been removed: reload the page.";
  if (error === "unauthorized") return "You are signed out. Sign in again.";
  if (error === "internal error") return "Something went wrong on our side. Try again in a minute.";
  return sentence(error);
}
