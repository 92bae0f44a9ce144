// What the follow-up engine tells reps: `later` reminders and delivery failures. Pure.
import type { Lead, Message } from "../db/schema";
import { leadTag } from "../inbound/texts";

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function reminderText(lead: Pick<Lead, "id" | "name" | "product" | "notes">, last: Pick<Message, "direction" | "body"> | undefined): string {
  const parts = [`Reminder: follow up with ${leadTag(lead)} today.`];
  if (lead.notes.trim()) parts.push(`Notes: ${clip(lead.notes.trim().replace(/\s*\n\s*/g, "; "), 80)}.`);
  if (last) parts.push(`Last ${last.direction === "in" ? "from them" : "to them"}: "${clip(last.body, 60)}"`);
  parts.push(`Text @${lead.name.split(" ")[0]} to reach them; texts resume now.`);
  return parts.join(" ");
}

export function seriesFailureNotice(lead: Pick<Lead, "id" | "name" | "product">, why: "optedout" | "undeliverable" | "gave-up"): string {
  switch (why) {
    case "optedout":
      return `${leadTag(lead)} has opted out of texts (carrier says unsubscribed). Beback won't text them again.`;
    case "undeliverable":
      return `${leadTag(lead)}'s number can't get texts (invalid or not a mobile). Follow-ups stopped. Fix it: fix #${lead.id} phone <number>`;
    case "gave-up":
      return `Couldn't send a follow-up to ${leadTag(lead)} after several tries. Text @${lead.name.split(" ")[0]} yourself.`;
  }
}
