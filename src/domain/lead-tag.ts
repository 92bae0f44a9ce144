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
