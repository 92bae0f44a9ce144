// The store's name until the owner types one (the settings' default, migrations/0000): what
// customers read in their first text and in HELP answers until then. The owner's page asks
// for a name while the store still has this one.
export const DEFAULT_STORE_NAME = "Our store";

/** The store's name ending a sentence: "Oak & Pine." but "Oak & Pine Co." (no second full stop). */
export function storeNameEndingSentence(name: string): string {
  return /[.!?]$/.test(name) ? name : `${name}.`;
}
