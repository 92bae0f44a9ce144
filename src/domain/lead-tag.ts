// How a lead is named in every text to a rep. Pure.
import type { Lead } from "../db/schema";

/** "Jane (recliner) #12". */
export function leadTag(lead: Pick<Lead, "id" | "name" | "product">): string {
  return lead.product ? `${lead.name} (${lead.product}) #${lead.id}` : `${lead.name} #${lead.id}`;
}
