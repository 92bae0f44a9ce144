// Series templates: `{first_name}`, `{name}`, `{product}`, `{rep}`, `{store}`. Pure.
// A token is `{word}` (spaces inside the braces are forgiven). Any other `{` or `}` — an
// unknown `{word}`, doubled braces, one never closed or never opened — would reach the
// customer as typed, so saving refuses it (templateFaults); rendering leaves it as text.
// Rendering never leaves a hole: a missing name reads "there" ("Hi there,"), a missing
// product "item" ("the item you liked"), so the default words open with "Hi {first_name},"
// and say "the {product}".
export const PLACEHOLDERS = ["first_name", "name", "product", "rep", "store"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const TOKEN = /\{([^{}]*)\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** What a body's braces get wrong: each distinct once, in order of appearance. */
export interface TemplateFaults {
  /** The words of `{…}` tokens that are not placeholders ("fristname" for `{fristname}`). */
  unknown: string[];
  /** Where a `{` or `}` belongs to no token: the run of text around it as written ("{first_name", "{{name}}", "}"). */
  stray: string[];
}

/** The run of non-space characters around `at` (at most 20 either side): enough for the owner to find it. */
function around(body: string, at: number): string {
  let start = at;
  while (start > 0 && at - start < 20 && !/\s/.test(body[start - 1]!)) start -= 1;
  let end = at + 1;
  while (end < body.length && end - at <= 20 && !/\s/.test(body[end]!)) end += 1;
  return body.slice(start, end);
}

export function templateFaults(body: string): TemplateFaults {
  const unknown = new Set<string>();
  const inToken = new Set<number>();
  for (const m of body.matchAll(TOKEN)) {
    const name = (m[1] ?? "").trim();
    if (!isPlaceholder(name)) unknown.add(name);
    inToken.add(m.index).add(m.index + m[0].length - 1);
  }
  const stray = new Set<string>();
  for (let i = 0; i < body.length; i++) if ((body[i] === "{" || body[i] === "}") && !inToken.has(i)) stray.add(around(body, i));
  return { unknown: [...unknown], stray: [...stray] };
}

/**
 * Every piece of the body whose braces are wrong (refused when saved): the word of each
 * unknown `{…}`, then the text around each stray brace as written. Empty: the body is sound.
 */
export function unknownPlaceholders(body: string): string[] {
  const { unknown, stray } = templateFaults(body);
  return [...unknown, ...stray];
}

const PLACEHOLDER_LIST = PLACEHOLDERS.map((p) => `{${p}}`).join(", ");

/**
 * Why a body cannot be saved, in the owner's words, or null when its braces are sound:
 * "uses {fristname}, which is not a placeholder (use {first_name}, …)".
 */
export function templateFaultMessage(body: string): string | null {
  const { unknown, stray } = templateFaults(body);
  const parts: string[] = [];
  if (unknown.length) {
    const list = unknown.map((u) => `{${u}}`).join(", ");
    parts.push(`uses ${list}, which ${unknown.length === 1 ? "is not a placeholder" : "are not placeholders"}`);
  }
  if (stray.length) {
    const list = stray.map((s) => `"${s}"`).join(", ");
    parts.push(`has a { or } that is not part of a placeholder: ${list}`);
  }
  if (!parts.length) return null;
  const use = stray.length ? `write a placeholder as ${PLACEHOLDER_LIST}, with no other braces` : `use ${PLACEHOLDER_LIST}`;
  return `${parts.join("; it ")} (${use})`;
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

/**
 * How a rep signs to a customer: the first name, or a title with the last ("Dr. Lee" signs
 * "Dr. Lee", not "Dr."), as `{first_name}` greets; "" for no name.
 */
export function repSignature(name: string): string {
  return name.trim() ? firstNameOf(name) : "";
}

/** A determiner or possessive right before `{product}`: the product's own leading one is dropped after it. */
const DETERMINER_BEFORE = /\b(?:the|your|my|our|this|that)\s+$/i;
/**
 * A product typed with its own determiner or possessive ("a sectional", "her recliner",
 * "Tom's recliner"): after the template's "the"/"your", it goes ("the sectional", not "the a sectional").
 */
const OWN_DETERMINER = /^(?:the|a|an|my|his|her|their|our|your|this|that|[\p{L}]+['’]s)\s+(?=\S)/iu;

/** A placeholder, and the full stop after it if there is one. */
const TOKEN_AND_STOP = /\{([^{}]*)\}(\.?)/g;

export function renderTemplate(body: string, vars: TemplateVars): string {
  const name = vars.name.trim();
  const values: Record<Placeholder, string> = {
    first_name: firstNameOf(name),
    name: name || NO_NAME,
    product: vars.product.trim() || NO_PRODUCT,
    // The rep signs with a first name, as people do in a text ("it's Sam from ..."; "it's Dr. Lee").
    rep: repSignature(vars.rep),
    store: vars.store.trim(),
  };
  return body
    .replace(TOKEN_AND_STOP, (whole, raw: string, stop: string, at: number) => {
      const key = raw.trim();
      if (!isPlaceholder(key)) return whole;
      // "the {product}" or "your {product}" with a product the rep typed as "the Cloud couch":
      // no "the the", no "your the". Elsewhere ("{product} is in") the rep's words stay as typed.
      const value = key === "product" && DETERMINER_BEFORE.test(body.slice(0, at)) ? values.product.replace(OWN_DETERMINER, "") : values[key];
      // "at {store}." with a store named "Oak & Pine Co." or "Sofa Land!": its own mark ends the sentence.
      return /[.!?]$/.test(value) ? value : value + stop;
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
