// How many SMS segments a text costs, as carriers and Twilio count them. Pure; the web
// page's preview uses the same rules.
//
// GSM-7 when every character is in the GSM 03.38 basic table or its extension table
// (extension characters are an escape plus a character: two septets): 160 septets fit one
// segment, and a longer text is split into parts of 153. Otherwise UCS-2: 70 UTF-16 code
// units in one segment, parts of 67. A part never splits an escape pair or a user-perceived
// character (a grapheme: an emoji's surrogate pair, a skin tone or ZWJ sequence, a flag, a
// letter with its accent), so a long text can need one segment more than units / 153 (or
// / 67). That is exactly how Twilio's own `sms-segments-calculator` counts (it splits
// graphemes the same way, CR LF as two characters); segments.test.ts runs both side by side
// over a generated corpus. No dependency: `Intl.Segmenter` is in workerd and every browser.
// The empty text counts 0 segments: there is nothing to send.
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENSION = new Set("\f^{}\\[~]|€");

export interface SegmentCount {
  encoding: "GSM-7" | "UCS-2";
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** Each character's septets, or null when one is not GSM-7. */
function gsmCosts(text: string): number[] | null {
  const costs: number[] = [];
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) costs.push(1);
    else if (GSM_EXTENSION.has(ch)) costs.push(2);
    else return null;
  }
  return costs;
}

/** Fills parts of `perPart` units without splitting a character. */
function pack(encoding: SegmentCount["encoding"], costs: number[], single: number, perPart: number): SegmentCount {
  const units = costs.reduce((a, b) => a + b, 0);
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Each grapheme's UTF-16 units; CR LF counts as two characters, as Twilio's calculator counts it. */
function ucs2Costs(text: string): number[] {
  const costs: number[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (segment === "\r\n") costs.push(1, 1);
    else costs.push(segment.length);
  }
  return costs;
}

export function countSegments(text: string): SegmentCount {
  const gsm = gsmCosts(text);
  if (gsm) return pack("GSM-7", gsm, 160, 153);
  return pack("UCS-2", ucs2Costs(text), 70, 67);
}

/**
 * `text`, cut (with "...") to fit `max` segments: a rep's answer must stay short. A `tail`
 * is kept whole after it (what the answer must say: "First text today 7:19am.").
 */
/** How far back (in graphemes) a cut looks for a space to end on. */
const WORD_BACKOFF = 20;

export function fitSegments(text: string, max: number, tail = ""): string {
  if (countSegments(text + tail).segments <= max) return text + tail;
  // Cut between graphemes, so an emoji or an accent is never left half.
  const chars = Array.from(graphemes.segment(text), (g) => g.segment);
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with the ellipsis: binary search over graphemes.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSegments(`${chars.slice(0, mid).join("").trimEnd()}...${tail}`).segments <= max) lo = mid;
    else hi = mid - 1;
  }
  // At a word's end where one is near ("Text the command you want..."), not mid-word.
  const space = chars.lastIndexOf(" ", lo);
  const cut = space > 0 && lo - space <= WORD_BACKOFF && chars[lo] !== " " ? space : lo;
  return `${chars.slice(0, cut).join("").trimEnd()}...${tail}`;
}


/** Typographic look-alikes with a GSM-7 twin: what the page's "replace smart quotes and dashes" swaps. */
const LOOKALIKES: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2013\u2014\u2012\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
  [/[\u00A0\u2000-\u200A\u202F\u205F]/g, " "],
  [/[\u200B\u200C\u200D\u2060\uFEFF]/g, ""],
];

export function replaceLookalikes(text: string): string {
  return LOOKALIKES.reduce((t, [re, to]) => t.replace(re, to), text);
}

/**
 * The text in GSM-7 characters only, for summaries where one emoji would make the whole
 * text UCS-2 and halve what it holds (`list`): a phone's curly quote or dash is its plain
 * twin ("Don’t" → "Don't"), an accented letter GSM-7 lacks loses its accent ("Zoë" →
 * "Zoe"), anything else that is not GSM-7 goes, and the spaces left close up.
 */
export function gsmOnly(text: string): string {
  let out = "";
  for (const ch of replaceLookalikes(text)) {
    if (GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch)) out += ch;
    else {
      const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
      if ([...base].every((c) => GSM_BASIC.has(c))) out += base;
    }
  }
  return out.replace(/ {2,}/g, " ").trim();
}
