// Series templates: `{first_name}`, `{name}`, `{product}`, `{rep}`, `{store}`. Pure.
// A token is `{word}` (spaces inside the braces are forgiven); a stray `{` or `}` is text.
// Rendering never leaves a hole: a missing name reads "there" ("Hi there,"), a missing
// product "item" ("the item you liked"), so the default words open with "Hi {first_name},"
// and say "the {product}".
export const PLACEHOLDERS = ["first_name", "name", "product", "rep", "store"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const TOKEN = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Every `{…}` in the body that is not a known placeholder (refused when saved). */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const m of body.matchAll(TOKEN)) {
    const name = (m[1] ?? "").trim();
    if (!isPlaceholder(name)) unknown.add(name);
  }
  return [...unknown];
}

export interface TemplateVars {
  name: string;
  product: string;
  rep: string;
  store: string;
}

/** What `{product}` reads as when the rep gave none: templates say "the {product}". */
export const NO_PRODUCT = "item";
/** What `{first_name}` and `{name}` read as for a lead without a name: "Hi there,". */
export const NO_NAME = "there";

/** Titles a rep may type before a name: "Mr. Lee" is greeted "Hi Mr. Lee", not "Hi Mr.". */
const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof"]);

/** `{first_name}`: the first word of the name, or a title with the last ("Dr Lee", "Mrs. Ann Lee" → "Mrs. Lee"). */
export function firstNameOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? "";
  if (words.length > 1 && TITLES.has(first.replace(/\.$/, "").toLowerCase())) return `${first} ${words.at(-1)}`;
  return first || NO_NAME;
}

export function renderTemplate(body: string, vars: TemplateVars): string {
  const name = vars.name.trim();
  const values: Record<Placeholder, string> = {
    first_name: firstNameOf(name),
    name: name || NO_NAME,
    product: vars.product.trim() || NO_PRODUCT,
    // The rep signs with a first name, as people do in a text ("it's Sam from ...").
    rep: vars.rep.trim().split(/\s+/)[0] ?? "",
    store: vars.store.trim(),
  };
  return body
    .replace(TOKEN, (whole, raw: string, at: number) => {
      const key = raw.trim();
      if (!isPlaceholder(key)) return whole;
      // "the {product}" with a product the rep typed as "the Cloud couch": one "the".
      if (key === "product" && /\bthe\s+$/i.test(body.slice(0, at))) return values.product.replace(/^the\s+/i, "");
      return values[key];
    })
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/**
 * A step's words and media for one lead: words that refer to the photo (`bodyWithPhoto`)
 * only when a photo goes with them; otherwise `body`, and no media.
 */
export function stepContent(step: { body: string; photo?: boolean; bodyWithPhoto?: string }, photoUrl: string | null): { template: string; media: string[] } {
  if (step.photo && photoUrl) return { template: step.bodyWithPhoto ?? step.body, media: [photoUrl] };
  return { template: step.body, media: [] };
}
