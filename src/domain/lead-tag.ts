// How a lead is named in every text to a rep. Pure.
import type { Lead } from "../db/schema";

/** "Jane (recliner) #12". */
export function leadTag(lead: Pick<Lead, "id" | "name" | "product">): string {
  return lead.product ? `${lead.name} (${lead.product}) #${lead.id}` : `${lead.name} #${lead.id}`;
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
  return lead.source === "inbound" && /^Customer \d{4}$/.test(lead.name) ? "" : lead.name;
}
