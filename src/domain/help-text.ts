// What `help` says: every command in two SMS segments (GSM-7, ≤ 306 characters), one
// command explained with an example (≤ 160), and `help dates`: the date phrases `later`
// and `away until` read (≤ 306; each one is checked against the date reader). Pure data.

export type CommandName = "new" | "list" | "sold" | "lost" | "later" | "note" | "undo" | "fix" | "away" | "back" | "digest" | "help" | "reply";
export type HelpTopic = CommandName | "dates";

export const HELP_TEXT =
  "Beback: new Jane 555-0100 recliner | @Jane hi! (or #12 hi!) | list | sold Jane | lost Jane | later Jane 2 weeks | note Jane likes blue | fix Jane phone 555-0101 | undo | away until mon | back | digest on | help sold. Other texts go to who wrote last.";

const TOPICS: Record<HelpTopic, string> = {
  new: "new <name> <phone> <product>: adds a lead and starts follow-ups. Attach a photo to send it. E.g. new Jane Doe 555-0100 blue recliner",
  list: "list: your active leads, newest first (list 2 for more). list Jane: one lead's card with notes. E.g. list #12",
  sold: "sold <lead> [amount]: marks the sale, stops be-back texts and starts after-sale ones. E.g. sold Jane $1,200",
  lost: "lost <lead>: ends all follow-ups for that lead. E.g. lost #12",
  later: "later <lead> <when>: pauses texts; I remind you then (10am) and they resume. E.g. 2 wks, friday, next fri, the 15th, mid june, after xmas. More: help dates",
  note: "note <lead> <text>: keeps a detail for reminders and the lead's card. E.g. note Jane anniversary June 3",
  undo: "undo: reverts your last new, sold, lost, later, note, fix or away within 10 minutes.",
  fix: "fix <lead> name|phone|product <value>: corrects a typo, keeps history. E.g. fix #12 phone 555-0101",
  away: `away until <day>: your customers' texts go to another rep until then. E.g. away until monday. Text "back" when you return. Dates: help dates`,
  back: "back: ends away; your customers' texts come to you again, and I name who wrote meanwhile.",
  digest: "digest on|off: a morning summary of replies waiting, texts going out and reminders due.",
  help: "help <command>: explains one command. E.g. help later",
  reply: "@<lead> <text> or #12 <text> texts that customer. Any other text goes to the customer who wrote you last (within 24h).",
  dates:
    "Dates (10am unless you add one, e.g. 3pm): tomorrow, day after tomorrow, friday, next friday (next week's), next weekend, 2 weeks, 3 mos, couple weeks, a few days, a fortnight, the 15th, after the 15th, june 3, 6/3, mid june, early next month, end of month, next quarter, labor day, after christmas",
};

export function helpFor(topic: HelpTopic): string {
  return TOPICS[topic];
}

export function isHelpTopic(word: string): word is HelpTopic {
  return Object.hasOwn(TOPICS, word);
}
