// How a lead is named in every text to a rep. Pure.
import type { Lead } from "../db/schema";

/** "Jane (recliner) #12". */
export function leadTag(lead: Pick<Lead, "id" | "name" | "product">): string {
  return lead.product ? `${lead.name} (${lead.product}) #${lead.id}` : `${lead.name} #${lead.id}`;
}

/**
 * The first word of a person's name, as a rep reads it in Beback's answers ("Jane" for
 * "Jane Doe", "Sam" for the rep "Sam Rivera"): split on any whitespace, so a double space or a
 * no-break space does not leave the whole name. "" for an empty or all-space name (no lead has
 * one: a nameless lead is named by `unnamedLeadName`). Not a customer's greeting or a rep's
 * signature: those keep a title ("Dr. Lee"), templates.ts `firstNameOf`.
 */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

/** How a rep texts this lead, in a hint: "#12 and your words" (its #id names no one else; a first name may name two leads). */
export function reachBy(lead: Pick<Lead, "id">): string {
  return `#${lead.id} and your words`;
}

/** The name a lead gets from its first text, until a rep names it (`fix #12 name Jane`): "Customer 0102". */
export function unnamedLeadName(phone: string): string {
  return `Customer ${phone.slice(-4)}`;
}

/**
 * The lead's name in a text to the customer: none while it is still the name its first text
 * gave it (the templates then greet "Hi there,"), not "Hi Customer,".
 */
export function nameForCustomer(lead: Pick<Lead, "name" | "source">): string {
  return lead.source === "inbound" && /^Customer \d{4}$/.test(lead.name) ? "" : capitalized(lead.name);
}

/**
 * A name a rep typed all in lower case ("mary ann", "o'brien"), as a customer reads their own
 * name: each part capitalized ("Mary Ann", "O'Brien"). A name with any capital is as typed
 * ("de la Cruz", "McKay").
 */
export function capitalized(name: string): string {
  if (/\p{Lu}/u.test(name)) return name;
  // After an apostrophe only when more letters follow: "O'Brien", but "mike's" stays "Mike's".
  return name.replace(/(^|[\s-]|['\u2019](?=\p{Ll}\p{L}))(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}
