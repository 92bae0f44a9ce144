// Phone numbers: whatever a rep or owner types, to E.164, with libphonenumber-js. Pure.
// Metadata: "mobile" — libphonenumber's full validity rules for mobile numbers (and for
// numbers whose type cannot be told apart, as in North America). Measured with
// `wrangler deploy --dry-run`: min 376.8 KiB (gzip 105.0), mobile 392.0 KiB (gzip 109.4),
// max 448.5 KiB (gzip 125.2). Mobile costs 15 KiB and answers exactly the question a
// customer's number must pass: can it get a text (docs/architecture.md).
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/mobile";

/** A stored country code as libphonenumber's type (it was validated when saved). */
export function countryOf(code: string): CountryCode {
  return isSupportedCountry(code) ? code : "US";
}

export interface PhoneOptions {
  defaultCountry: CountryCode;
  /** The rep's own number: a 7-digit local number takes its area code (NANP only). */
  repPhone?: string;
}

/** A token that could be part of a phone number: digits and the usual separators. */
export function looksLikePhone(text: string): boolean {
  if (!/^[+(]?[\d\s().\-]+$/.test(text.trim())) return false;
  const digits = text.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/**
 * E.164, or null when it is not a possible number. Fictional 555-01xx numbers are
 * accepted: carriers route them in tests and reps type them in training.
 */
export function normalizePhone(input: string, opts: PhoneOptions): string | null {
  // A number pasted from a document, a spreadsheet or a contact card may have typographic
  // dashes (en, em, minus, non-breaking hyphen) and spaces (no-break, thin): read as typed.
  const raw = input
    // Full-width digits and signs (a phone keyboard in Japanese or Chinese), as rep texts read them.
    .replace(/[\uff08\uff09\uff0b\uff0e\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, "-")
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ")
    .trim()
    .replace(/^tel:/i, "");
  // Digits and the usual separators only: anything else is not a number someone typed.
  if (raw.length === 0 || raw.length > 40 || !/^\+?[\d\s().\-/]+$/.test(raw)) return null;
  const digits = raw.replace(/\D/g, "");
  let candidate = raw;
  if (!raw.startsWith("+") && digits.length === 7) {
    const area = opts.repPhone?.startsWith("+1") ? opts.repPhone.slice(2, 5) : null;
    if (!area || !/^\d{3}$/.test(area)) return null;
    candidate = `+1${area}${digits}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, opts.defaultCountry);
  if (!parsed?.isPossible()) return null;
  // NANP numbers must have a real area code and exchange shape (no leading 0/1).
  if (parsed.countryCallingCode === "1" && !/^[2-9]\d\d[2-9]\d{6}$/.test(parsed.nationalNumber)) return null;
  return parsed.number;
}

export type CustomerPhone = { ok: true; phone: string } | { ok: false; why: "not-a-number" } | { ok: false; why: "cannot-exist"; phone: string };

/**
 * A customer's number at `new` and `fix`: E.164 only when it can get a text — a valid
 * mobile number by libphonenumber's full metadata (no area code 555, 911, 411, 999; the
 * right length for its country; not a landline where the country tells them apart).
 * Anything else is refused now, with an example, rather than failing later at Twilio.
 */
export function customerPhone(input: string, opts: PhoneOptions): CustomerPhone {
  const phone = normalizePhone(input, opts);
  if (!phone) return { ok: false, why: "not-a-number" };
  return parsePhoneNumberFromString(phone)?.isValid() ? { ok: true, phone } : { ok: false, why: "cannot-exist", phone };
}

/** "(212) 555-0100" for North American numbers, else the international format. */
export function formatPhoneForRep(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (m) return `(${m[1]}) ${m[2]}-${m[3]}`;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
