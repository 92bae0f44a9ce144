// How many SMS segments a text costs: GSM-7 (160 per single segment, 153 per part of a
// longer one; extension characters count twice) or, with any other character, UCS-2
// (70 / 67 UTF-16 code units). Pure; the web page's preview uses the same rules.
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "\f^{}\\[~]|€";

export interface SegmentCount {
  encoding: "GSM-7" | "UCS-2";
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENSION.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: "GSM-7", units: septets, segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
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
