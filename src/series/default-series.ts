// The words Beback ships with, written the way a good salesperson follows up: first
// person from the rep, short, warm, useful, each with an easy reason to reply, never
// pushy (no caps, no "!!!", no deadlines). Invariants, held by default-series.test.ts:
// GSM-7 only (no emoji, no curly quotes), so each renders to one segment for typical
// names; every body opens "Hi {first_name}," (which reads "Hi there," without a name) and
// says "the {product}" (which reads "the item" without a product). No opt-out line in the
// bodies: the first text a number ever gets has it appended (domain/first-contact.ts).
// The owner edits them via /api/series/:key.
import type { SeriesStepRow } from "../db/schema";

/**
 * `after` is `<n>s|m|h|d|w` from the series' start (duration.ts); `photo` attaches the lead's
 * photo, and then `bodyWithPhoto` (words that show it) replaces `body` (words that do not).
 */
export type SeriesStep = SeriesStepRow;

export const DEFAULT_SERIES: Record<"beback" | "aftersale", SeriesStep[]> = {
  beback: [
    {
      after: "20m",
      photo: true,
      body: "Hi {first_name}, it's {rep} at {store}. Thanks for coming in to see the {product}! Any questions at all, just text me here.",
      bodyWithPhoto: "Hi {first_name}, it's {rep} at {store}. Here's the {product} you liked! Any questions at all, just text me here.",
    },
    { after: "18h", body: "Hi {first_name}, {rep} here. Any questions about the {product} I can answer? Sizes, colors, delivery - happy to help." },
    { after: "3d", body: "Hi {first_name}, {rep} at {store}. Want me to send a few options like the {product} to compare? Happy to put a list together." },
    { after: "7d", body: "Hi {first_name}, it's {rep}. Want another look at the {product}? I can have it ready when you stop by. What day works for you?" },
    { after: "14d", body: "Hi {first_name}, {rep} from {store}. Still thinking about the {product}? No rush. Anything I can find out to make it easier?" },
    { after: "30d", body: "Hi {first_name}, {rep} here. Want me to tell you if the {product} goes on sale? Just reply yes and I'll keep an eye out." },
    { after: "90d", body: "Hi {first_name}, it's {rep} at {store}. Is the {product} still on your list? I'm glad to help whenever you're ready." },
  ],
  aftersale: [
    { after: "1d", body: "Hi {first_name}, {rep} at {store}. Thank you for your purchase! If the {product} or the delivery needs anything, just text me." },
    { after: "1w", body: "Hi {first_name}, it's {rep}. How are you liking the {product}? I'd love to hear, and I'm here if anything needs adjusting." },
    { after: "2w", body: "Hi {first_name}, {rep} here. Know a friend or family member who's shopping too? Send them my way - I'll take good care of them." },
    { after: "3w", body: "Hi {first_name}, {rep} at {store}. A short review of your visit would mean a lot to our team. Want me to text you the link?" },
    { after: "52w", body: "Hi {first_name}, {rep} at {store}. It's been a year with your {product} - how is it holding up? Happy to help anytime." },
  ],
};

/** A series' steps as they are sent: the owner's saved words when there are any, else the defaults. */
export function stepsOrDefault(key: "beback" | "aftersale", saved: SeriesStep[] | null | undefined): SeriesStep[] {
  return saved ?? DEFAULT_SERIES[key];
}
