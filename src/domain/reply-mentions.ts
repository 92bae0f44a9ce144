// Which of the rep's customers a plain reply's words name, and whether they are written about
// rather than to. A plain reply goes to the customer who wrote last; a rep's note to self
// ("Hal budget 2k", "remind hal friday") or a remark about that very customer ("Jane's
// husband hates red", "jane wants a call friday") must never reach a customer by a slip of
// the thumb. The shell (rep-commands.ts `plainReply`) asks instead of sending. Pure.
import type { LeadMatch } from "./lead-match";

/** A name in a reply's words that is one or more of the rep's leads' (first or whole name). */
export interface Mention {
  /** The name as typed, without a possessive "'s". */
  word: string;
  leadIds: number[];
  /**
   * Written about them, not to them: their name with "'s", a note's words right after it
   * ("Hal wants grey", "Hal - budget 2k"), or a reminder's before it ("remind hal", "call jane").
   */
  about: boolean;
  /** Their name opens the words, as one writes to them: "Jane, …", "Jane! …", "Hi Jane …". */
  opens: boolean;
}

/** Before a name that opens words to that customer: nothing, or a greeting. */
const GREETING_BEFORE = /^\s*(?:(?:hi there|good (?:morning|afternoon|evening)|hi|hey|hello|dear|yo)[\s,]+)?$/iu;

/** What follows a name in a note about that customer, never in words to them ("Hal wants grey", "Jane budget 2k"). */
const NOTE_AFTER_NAME =
  /^\s*(?:[-–—:]\s*)?(?:wants|needs|hates|likes|loves|prefers|thinks|says|said|asks|asked|called|came|bought|went|budget|wife|husband|partner|mom|dad|maybe|might|sold|lost|closed|measured|interested|is\s+(?:interested|thinking|looking|coming)|will\s+(?:call|come|think|be\s+back|decide))\b/iu;

/** What comes before a customer's name in a reminder or note to oneself ("remind hal friday", "snooze hal", "for jane"). */
const NOTE_BEFORE_NAME =
  /(?:^|[\s(])(?:remind(?:\s+me)?(?:\s+to\s+(?:call|text))?|snooze|pause|cancel|delete|remove|reopen|memo|n|closed|close|call|ring|follow\s*up(?:\s+(?:with|on))?|f\/?u|ask|tell|for|about|re)\s+$/iu;

/**
 * Names that are also everyday words ("Rose, sage or navy are in", "Will do", "May I…"): a
 * reply that only contains one is not taken for words about that customer. Written about
 * ("Will wants grey", "Rose's sofa") it still is.
 */
const EVERYDAY_WORDS = new Set(
  ("will may june april august rose grace hope faith joy mark art bill sue pat jack amber olive ivy hazel ruby jade " +
    "summer dawn rich frank gene rob don ray herb chase hunter sky violet lily daisy iris ginger pearl sandy penny " +
    "holly honey autumn crystal misty candy chance brook cliff dale glen lane drew max sunny king earl sage navy " +
    "grey gray brown black white green gold bay carol christian guy happy harmony hunter justice page rocky skip " +
    "sterling story taylor tony trinity wade warren young ash bo cody dusty ernest grant heath miles noel " +
    // An inbound lead is "Customer 0102" until named: "customer" is every such lead's first name.
    "customer").split(" "),
);

/** A word of letters (apostrophes and hyphens inside it), as names are typed. */
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/**
 * The rep's leads the reply names, in the order of its words. `find` looks a name up among
 * the rep's leads (the parser's lookup; every word of two letters or more is looked up).
 */
export function replyMentions(body: string, find: (ref: string) => LeadMatch): Mention[] {
  const mentions: Mention[] = [];
  for (const m of body.matchAll(WORD)) {
    const typed = m[0].replace(/['’-]+$/u, "");
    const possessive = /['’]s$/iu.test(typed);
    const word = possessive ? typed.slice(0, -2) : typed;
    if ([...word].length < 2) continue;
    const found = find(word);
    const leadIds = found.kind === "one" ? [found.lead.id] : found.kind === "many" ? found.leads.map((l) => l.id) : [];
    if (leadIds.length === 0) continue;
    const start = m.index;
    const end = start + m[0].length;
    const about =
      possessive ||
      (start === 0 && NOTE_AFTER_NAME.test(body.slice(end))) ||
      NOTE_BEFORE_NAME.test(body.slice(0, start));
    const opens = GREETING_BEFORE.test(body.slice(0, start)) && (start > 0 || /^\s*[,!:\-–—]/u.test(body.slice(end)));
    if (!about && EVERYDAY_WORDS.has(word.toLowerCase())) continue;
    mentions.push({ word, leadIds, about, opens });
  }
  return mentions;
}
