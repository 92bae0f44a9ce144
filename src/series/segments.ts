// How many SMS segments a text costs, as carriers and Twilio count them. Pure; the web
// page's preview uses the same rules.
//
// GSM-7 when every character is in the GSM 03.38 basic table or its extension table
// (extension characters are an escape plus a character: two septets): 160 septets fit one
// segment, and a longer text is split into parts of 153. Otherwise UCS-2: 70 UTF-16 code
// units in one segment, parts of 67. A part never splits an escape pair or a surrogate
// pair (an emoji), so a long text can need one segment more than units / 153 (or / 67).
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

export function countSegments(text: string): SegmentCount {
  const gsm = gsmCosts(text);
  if (gsm) return pack("GSM-7", gsm, 160, 153);
  return pack("UCS-2", Array.from(text, (ch) => ch.length), 70, 67);
}

/** `text`, cut (with "...") to fit `max` segments: a rep's answer must stay short. */
export function fitSegments(text: string, max: number): string {
  if (countSegments(text).segments <= max) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  // The longest prefix that fits with the ellipsis: binary search over code points.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countSegments(`${chars.slice(0, mid).join("").trimEnd()}...`).segments <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("").trimEnd()}...`;
}

/** Twilio refuses a body over 1,600 characters. */
export const MAX_SMS_BODY = 1600;
