// Which of the rep's customers a plain reply is written about rather than to. A plain reply
// goes to the customer who wrote last; a rep's note to self ("Hal budget 2k", "remind hal
// friday") or a remark about that very customer ("Jane's husband hates red", "jane wants a
// call friday") must never reach a customer by a slip of the thumb. The shell
// (rep-commands.ts `plainReply`) asks instead of sending. Only the shapes of a note count —
// a name that merely appears ("Chris from delivery will call you", "Christmas Eve works",
// "The Madison sofa is in") is words for the customer, whatever leads share it. Pure.
import type { LeadMatch } from "./lead-match";

/** A lead the reply's words are written about, not to: the name as typed (without "'s") and the leads it names. */
export interface Mention {
  word: string;
  leadIds: number[];
  /** The name opens the words with a comma, colon, dash or "!" after it ("Jane: …", "Jane - …"): as one writes to them. */
  opens: boolean;
}

/** What follows a name in a note about that customer, never in words to them ("Hal budget 2k", "jane hubby hates red"). */
const NOTE_AFTER_NAME =
  "(?:wants|wanted|needs|needed|hates|hated|likes|liked|loves|loved|prefers|preferred|ordered|paid|budget|has\\s+a\\s+budget|deposit|wife|husband|hubby|partner|mom|dad|" +
  "maybe|might|thinking|interested|not\\s+interested|no\\s+answer|no\\s+show|lvm|vm|cb|call\\s+back|sold|lost|closed|measured|out\\s+of\\s+town|" +
  "back\\s+(?:mon|tue|wed|thu|fri|sat|sun|next|on|in)\\w*)\\b";
/** Weaker signs of a note ("Hal said …", "Hal will call"): enough after a name, not after one that is also an everyday word ("Frank said it ships Friday"). */
const NOTE_AFTER_NAME_WEAK = "(?:said|says|came|called|asked|asks|went|bought|will\\s+(?:call|come|think|be\\s+back|decide))\\b";

/** A note's opening before the customer's name: "remind hal friday", "ping jane", "note to self call Hal tmrw". */
const NOTE_BEFORE_NAME =
  /^\s*(?:(?:note\s+to\s+self|reminder|todo|to\s*do)\s*[:,-]?\s+)?(?:remind(?:\s+me)?(?:\s+to\s+(?:call|text|ping))?|snooze|pause|cancel|delete|remove|reopen|memo|n|closed|close|call(?:\s+back)?|cb|ring|ping|text|txt|follow\s*up(?:\s+(?:with|on))?|f\/?u|check\s+(?:on|in\s+with)|lvm(?:\s+for)?|vm)\s+$/iu;

/** A note that ends with who it is for: "ask manager about discount for jane". */
const NOTE_ENDS_FOR = /(?:^|\s)(?:for|about|re)\s+$/iu;

/**
 * Names that are also everyday words ("Will do!", "Mark the date", "Rose gold or black?",
 * "Frank said it ships Friday"): only a clear note's shape makes them a customer's.
 */
const EVERYDAY_WORDS = new Set(
  ("will may june april august rose grace hope faith joy mark art bill sue pat jack amber olive ivy hazel ruby jade " +
    "summer dawn rich frank gene rob don ray herb chase hunter sky violet lily daisy iris ginger pearl sandy penny " +
    "holly honey autumn crystal misty candy chance brook cliff dale glen lane drew max sunny king earl sage navy " +
    "grey gray brown black white green gold bay carol christian guy happy harmony justice page rocky skip " +
    "sterling story taylor tony trinity wade warren young ash bo cody dusty ernest grant heath miles noel " +
    // An inbound lead is "Customer 0102" until named: "customer" is every such lead's first name.
    "customer").split(" "),
);

/** A word of letters (apostrophes and hyphens inside it), as names are typed. */
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/**
 * The rep's leads the reply is written about, in the order of its words. `find` looks a name
 * up among the rep's leads (the parser's lookup).
 */
export function replyMentions(body: string, find: (ref: string) => LeadMatch): Mention[] {
  const mentions: Mention[] = [];
  for (const m of body.matchAll(WORD)) {
    const typed = m[0].replace(/['’-]+$/u, "");
    const possessive = /['’]s$/iu.test(typed);
    const word = possessive ? typed.slice(0, -2) : typed;
    if ([...word].length < 2) continue;
    const start = m.index;
    const before = body.slice(0, start);
    const after = body.slice(start + m[0].length);
    const first = /^\s*$/u.test(before);
    const everyday = EVERYDAY_WORDS.has(word.toLowerCase());
    const noteAfter = new RegExp(`^\\s*(?:[-–—:]\\s*)?${everyday ? NOTE_AFTER_NAME : `(?:${NOTE_AFTER_NAME}|${NOTE_AFTER_NAME_WEAK})`}`, "iu");
    const about =
      (first && (possessive || noteAfter.test(after))) ||
      NOTE_BEFORE_NAME.test(before) ||
      (!everyday && NOTE_ENDS_FOR.test(before) && /^[\s.!?]*$/u.test(after));
    if (!about) continue;
    const found = find(word);
    const leadIds = found.kind === "one" ? [found.lead.id] : found.kind === "many" ? found.leads.map((l) => l.id) : [];
    if (leadIds.length === 0) continue;
    mentions.push({ word, leadIds, opens: first && /^\s*[,!:\-–—]/u.test(after) });
  }
  return mentions;
}
