// Whose number is it already? A customer's number at `new` and `fix … phone` must be
// nobody else's: not the store's own number, not a rep's phone (the series would text the
// store or a rep), not another open lead's — of this rep, or of another: one customer, one
// rep, so a customer never gets two series at once and their replies reach one person.
// A sold or lost lead does not hold its number: the customer may come back. Pure.
import type { NumberNow, PhoneHolders } from "../db/lead-changes";
import type { LeadWithRepName } from "../db/lead-queries";
import type { Lead } from "../db/schema";
import { formatPhoneForRep } from "../domain/phone";
import { firstName, leadTag, nameForCustomer, reachBy } from "../domain/lead-tag";

export type Holder = { kind: "store" } | { kind: "you" } | { kind: "rep"; name: string } | { kind: "lead"; lead: LeadWithRepName; mine: boolean };

/** Who holds `phone` for rep `repId`'s lead (`exceptLeadId`: the lead being fixed), or null when nobody does. */
export function holderOf(phone: string, storeNumber: string, repId: number, holders: PhoneHolders, exceptLeadId?: number): Holder | null {
  if (phone === storeNumber) return { kind: "store" };
  if (holders.rep) return holders.rep.id === repId ? { kind: "you" } : { kind: "rep", name: holders.rep.name };
  const open = holders.open.filter((l) => l.id !== exceptLeadId);
  const lead = open.find((l) => l.repId === repId) ?? open[0];
  return lead ? { kind: "lead", lead, mine: lead.repId === repId } : null;
}

/** The rep's answer: what the number is, and what to do (`example`: the command done right). */
export function holderText(phone: string, holder: Holder, example: string, name?: string): string {
  const number = formatPhoneForRep(phone);
  const cell = `Use the customer's own cell, e.g. ${example}`;
  switch (holder.kind) {
    case "store":
      return `${number} is the store's own number. ${cell}`;
    case "you":
      return `${number} is your own phone. ${cell}`;
    case "rep":
      return `${number} is ${holder.name}'s phone (a rep). ${cell}`;
    case "lead": {
      const { lead } = holder;
      // A customer who texted in first, not named yet ("Customer 0156"): the rep's `new` names them.
      if (holder.mine && name && nameForCustomer(lead) === "") return `${number} is your lead #${lead.id} already (they texted in first). Name them: fix #${lead.id} name ${name}. Text ${reachBy(lead)} to reach them.`;
      if (holder.mine) return `${leadTag(lead)} already has ${number}. Text ${reachBy(lead)} to reach them.`;
      return `${number} is already ${lead.repName ?? "another rep"}'s customer ${leadTag(lead)}: one customer, one rep. Nothing changed.`;
    }
  }
}

/**
 * Whose a closed (sold or lost) lead's number is now, if no longer its own: the store's, a
 * rep's (the owner may give a lost lead's number to a rep), or another lead's that is not
 * lost (a rep's `new` since) — null when it is still the lead's. A text from the old lead,
 * or a series it starts, would reach that phone or pull that customer's replies back to it.
 */
export function closedNumberHolder(lead: Pick<Lead, "id" | "phone">, repId: number, storeNumber: string, now: NumberNow): Holder | null {
  if (lead.phone === storeNumber) return { kind: "store" };
  if (now.rep) return now.rep.id === repId ? { kind: "you" } : { kind: "rep", name: now.rep.name };
  const { latest } = now;
  return latest && latest.id !== lead.id && latest.status !== "lost" ? { kind: "lead", lead: latest, mine: latest.repId === repId } : null;
}

/** "Jane #1's number is Bob Ray's customer now (#2)": what `closedNumberHolder` found, for the rep's answer. */
export function closedNumberText(lead: Pick<Lead, "id" | "name" | "phone">, holder: Holder): string {
  const name = `${firstName(lead.name)} #${lead.id}`;
  const number = `${name}'s number, ${formatPhoneForRep(lead.phone)},`;
  switch (holder.kind) {
    case "store":
      return `${number} is the store's own number now`;
    case "you":
      return `${number} is your own phone now`;
    case "rep":
      return `${number} is ${holder.name}'s phone (a rep) now`;
    case "lead":
      return holder.mine ? `${name}'s number is your lead #${holder.lead.id} now` : `${name}'s number is ${holder.lead.repName ?? "another rep"}'s customer now (#${holder.lead.id})`;
  }
}
