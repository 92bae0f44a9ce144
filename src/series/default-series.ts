// The words Beback ships with, written the way a good salesperson follows up: short,
// personal, useful, each with an easy reason to reply, never pushy. GSM-7 only (no emoji,
// no curly quotes) so each stays one segment. The owner edits them via /api/series/:key.
import type { SeriesStepRow } from "../db/schema";

export type SeriesStep = SeriesStepRow;

export const DEFAULT_SERIES: Record<"beback" | "aftersale", SeriesStep[]> = {
  beback: [
    { after: "20m", photo: true, body: "Hi {first_name}, it's {rep} from {store}. Thanks for coming in today! Here's the {product} you liked. Happy to answer anything." },
    { after: "18h", body: "Hi {first_name}, {rep} here. Any questions about the {product} I can answer? Measurements, colors, delivery - just ask." },
    { after: "3d", body: "Hi {first_name}, {rep} at {store}. If it helps, I can hold the {product} or send a few similar options to compare. Just say the word." },
    { after: "7d", body: "{first_name}, quick one from {rep}: did you get a chance to measure your space for the {product}? I can check sizes and fabrics for you." },
    { after: "14d", body: "Hi {first_name}, {rep} from {store}. Still thinking about the {product}? Happy to set aside a time for you to try it again, no pressure." },
    { after: "30d", body: "Hi {first_name}, {rep} here. New pieces just came in at {store}. Want me to send photos of anything like the {product}?" },
    { after: "90d", body: "Hi {first_name}, it's {rep} at {store}. Checking in - if the {product} is still on your list, I'd be glad to help whenever you're ready." },
  ],
  aftersale: [
    { after: "1d", body: "Hi {first_name}, {rep} from {store}. Thank you for your purchase! If anything about the {product} or delivery needs attention, text me here." },
    { after: "1w", body: "Hi {first_name}, how are you liking the {product}? I'd love to hear, and I'm here if anything needs adjusting." },
    { after: "2w", body: "{first_name}, {rep} here. If a friend or family member is shopping too, send them my way - I'll take good care of them." },
    { after: "3w", body: "Hi {first_name}, if you have a minute, a quick review of your visit to {store} would mean a lot to our team. Thank you!" },
    { after: "52w", body: "Hi {first_name}, {rep} at {store}. It's been a year with your {product}! New season pieces are in - happy to show you anytime." },
  ],
};

/** Appended to the first text a number ever gets from the store (GSM-7: a plain hyphen). */
export function firstContactSuffix(store: string): string {
  return ` - ${store}. Reply STOP to opt out.`;
}

export function withFirstContactNotice(body: string, store: string): string {
  if (body.includes(store) && /\bSTOP\b/.test(body)) return body;
  if (body.includes(store)) return `${body}${/[.!?]$/.test(body) ? "" : "."} Reply STOP to opt out.`;
  return body + firstContactSuffix(store);
}
