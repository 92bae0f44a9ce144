// Series templates: `{first_name}`, `{name}`, `{product}`, `{rep}`, `{store}`. Pure.
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

export function renderTemplate(body: string, vars: TemplateVars): string {
  const values: Record<Placeholder, string> = {
    first_name: vars.name.trim().split(/\s+/)[0] ?? vars.name,
    name: vars.name.trim(),
    product: vars.product.trim() || NO_PRODUCT,
    rep: vars.rep.trim().split(/\s+/)[0] ?? vars.rep,
    store: vars.store.trim(),
  };
  return body
    .replace(TOKEN, (whole, raw: string) => {
      const key = raw.trim();
      return isPlaceholder(key) ? values[key] : whole;
    })
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}
