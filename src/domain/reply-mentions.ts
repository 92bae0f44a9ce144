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
  /** Words after the name that are a note's only, never words to them ("Jane - hubby hates red", "Jane: lvm"). */
  plainly: boolean;
}

/** Words after a name that only a note has: said to the customer herself, "Jane: lvm" is still a note. */
const NOTE_ONLY = "(?:hubby|wife|husband|partner|budget|has\\s+(?:a\\s+)?budget|\\$?\\d+(?:\\.\\d+)?k\\b|deposit|lvm|left\\s+(?:a\\s+)?(?:vm|voicemail|msg|message)|vm|no\\s+answer|no\\s+show|cb|not\\s+interested|not\\s+picking\\s+up|didn'?t\\s+answer|out\\s+of\\s+town|mom|dad)\\b";

/** What follows a name in a note about that customer, never in words to them ("Hal budget 2k", "jane hubby hates red"). */
const NOTE_AFTER_NAME =
  "(?:" + NOTE_ONLY + "|\\$|\\+\\s|\\(|wants|wanted|needs|needed|hates|hated|likes|liked|loves|loved|prefers|preferred|ordered|paid|" +
  "maybe|might|thinking|interested|call\\s+back|sold|lost|closed|measured|back\\s+(?:mon|tue|wed|thu|fri|sat|sun|next|on|in)\\w*)\\b";
/** Weaker signs of a note ("Hal said …", "Hal will call"): enough after a name, not after one that is also an everyday word ("Frank said it ships Friday"). */
const NOTE_AFTER_NAME_WEAK =
  "(?:said|says|came|called|asked|asks|went|bought|thinks|texted|left|looking|coming|is\\s+coming|was\\s+in|will\\s+(?:call|come|think|be\\s+back|decide)|(?:mon|tue|wed|thu|fri|sat|sun)\\w*\\s+\\d)\\b";

/** A note's words right after a name (after a dash or colon, too), for an everyday word of a name and for any other. */
const NOTE_AFTER_EVERYDAY = new RegExp(`^\\s*(?:[-–—:]\\s*)?${NOTE_AFTER_NAME}`, "iu");
const NOTE_AFTER = new RegExp(`^\\s*(?:[-–—:]\\s*)?(?:${NOTE_AFTER_NAME}|${NOTE_AFTER_NAME_WEAK})`, "iu");
/** A note's words alone after a name, whatever is between ("Jane - hubby hates red", "Jane: lvm"). */
const PLAINLY = new RegExp(`^\\s*[,!:\\-–—]?\\s*${NOTE_ONLY}`, "iu");

/** Words that open as only a note does ("wife hates it", "lvm", "budget 2k"): never words to the customer. */
export function opensAsNote(words: string): boolean {
  return PLAINLY.test(words);
}

/** A note's opening before the customer's name: "remind hal friday", "ping jane", "note to self call Hal tmrw". */
const NOTE_BEFORE_NAME =
  /^\s*(?:(?:note\s+to\s+self|reminder|todo|to\s*do)\s*[:,-]?\s+)?(?:(?:need|have|got|gotta)\s+(?:to\s+)?call|called|spoke\s+(?:to|with)|talked\s+(?:to|with)|remind(?:\s+me)?(?:\s+to\s+(?:call|text|ping))?|snooze|pause|cancel|delete|remove|reopen|memo|n|closed|close|call(?:\s+back)?|cb|ring|ping|text|txt|follow\s*up(?:\s+(?:with|on))?|f\/?u|check\s+(?:on|in\s+with)|lvm(?:\s+for)?|vm)\s+$/iu;

/** A note that ends with who it is for: "ask manager about discount for jane" (not "ask for Dan": who to ask for). */
const NOTE_ENDS_FOR = /(?:^|\s)(?<!\bask\s)(?:for|about|re)\s+$/iu;

/**
 * Names that are also everyday words ("Will do!", "Mark the date", "Rose gold or black?",
 * "Frank said it ships Friday"): only a clear note's shape makes them a customer's.
 */
export const EVERYDAY_WORDS: ReadonlySet<string> = new Set(
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
  const words = [...body.matchAll(WORD)];
  for (const [n, m] of words.entries()) {
    const start = m.index;
    const before = body.slice(0, start);
    const first = /^\s*$/u.test(before);
    // At the start, the whole name too ("Hal Test budget 2k", "Jane Doe's husband"): a note names a customer as the rep knows them.
    const next = words[n + 1];
    const spans = first && next && /^\s+$/u.test(body.slice(start + m[0].length, next.index)) ? [next.index + next[0].length, start + m[0].length] : [start + m[0].length];
    for (const end of spans) {
      const typed = body.slice(start, end).replace(/['’-]+$/u, "");
      const possessive = /['’]s$/iu.test(typed);
      const name = possessive ? typed.slice(0, -2) : typed;
      if ([...name].length < 2) continue;
      const after = body.slice(end);
      const everyday = EVERYDAY_WORDS.has(name.toLowerCase());
      const about =
        (first && (possessive || (everyday ? NOTE_AFTER_EVERYDAY : NOTE_AFTER).test(after))) ||
        NOTE_BEFORE_NAME.test(before) ||
        (!everyday && NOTE_ENDS_FOR.test(before) && /^[\s.!?]*$/u.test(after));
      if (!about) continue;
      const found = find(name);
      const leadIds = found.kind === "one" ? [found.lead.id] : found.kind === "many" ? found.leads.map((l) => l.id) : [];
      if (leadIds.length === 0) continue;
      const opens = first && /^\s*[,!:\-–—]/u.test(after);
      const plainly = possessive || PLAINLY.test(after);
      mentions.push({ word: name, leadIds, opens, plainly });
      break;
    }
  }
  return mentions;
}
