// Valibot schemas shared by the owner API's routes. Custom messages say what is expected,
// never what was received.
import type { CountryCode } from "libphonenumber-js/mobile";
import { getCountryCallingCode, isSupportedCountry } from "libphonenumber-js/mobile";
import * as v from "valibot";
import { parseIsoInstant } from "../domain/iso-instant";
import { countryOf, customerPhone, normalizePhone } from "../domain/phone";
import { hasHiddenCharacters } from "../domain/plain-text";
import { templateFaultMessage } from "../series/templates";
import { MAX_SMS_BODY } from "../twilio/limits";

export const HHMM = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM, 24-hour"));

/**
 * An ISO-8601 date and time with its offset, as the instant in ms. A reading that does not
 * exist (February 30, 25:00, month 13) is refused, never rolled over into another day.
 */
export const IsoInstant = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const read = parseIsoInstant(dataset.value);
    if (read.ok) return read.ms;
    addIssue({
      message:
        read.why === "shape"
          ? "must be a date and time, as YYYY-MM-DDTHH:MM:SSZ or with an offset (-05:00)"
          : "must be a date and time that exists (no February 30, no hour 25), as YYYY-MM-DDTHH:MM:SSZ or with an offset (-05:00)",
    });
    return NEVER;
  }),
);


/**
 * A text's words fit in one Twilio message: Twilio refuses a body over 1,600 characters as
 * it counts them, in UTF-16 units (error 21617), where most emoji count 2 and some more.
 */
export const fitsOneText = v.maxLength<string, typeof MAX_SMS_BODY, string>(MAX_SMS_BODY, `must be at most ${MAX_SMS_BODY} characters as a text counts them (an emoji counts as 2 or more)`);

/** Words that go into texts as the owner typed them (a series step): line breaks are fine. */
export const printable = v.check((text: string) => !hasHiddenCharacters(text), "must be printable text (line breaks are fine)");

/**
 * Words with placeholders (a series step, an owner's text): names the unknown placeholder
 * or the stray brace (the owner's own words, not personal data), since any `{` or `}`
 * outside a placeholder would reach the customer as typed.
 */
export const knownPlaceholders = v.rawCheck<string>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const fault = templateFaultMessage(dataset.value);
  if (fault) addIssue({ message: fault });
});

/** A store's or rep's name: it goes into texts, on one line. */
export const Name = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  // Characters as a reader counts them: "😀" or "👩‍👩‍👧" is one (UTF-16 would count 2 and 8).
  v.maxGraphemes(80, "must be at most 80 characters"),
  // ...and as a text counts them: a letter under a thousand accents is one character to a
  // reader and a thousand to Twilio, and every text to a new customer carries the name.
  v.maxLength(200, "must be at most 200 characters as a text counts them (an emoji counts as 2 or more, an accent as 1)"),
  // U+2028 and U+2029 are line breaks too.
  v.check((name) => !hasHiddenCharacters(name) && !/[\t\n\r\u2028\u2029]/.test(name), "must be one line of printable characters"),
  // Something a reader can see: not only spaces of no width or other invisible marks.
  // (An empty one is told "must not be empty" alone.)
  v.check((name) => name === "" || /[\p{L}\p{N}\p{P}\p{S}]/u.test(name), "must have a letter, digit or symbol a reader can see"),
);

/** A two-letter country code, in either case ("gb" is GB): one issue when it is not one. */
export const CountrySchema = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.check((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), (issue) => `must be a supported ISO country code such as US${issue.input === "UK" ? ` (the United Kingdom's is GB)` : ""}`),
  v.transform(countryOf),
);

/** How a refused number's answer shows a good one: a US store's example, or the store's country and its code. */
function phoneExample(country: CountryCode): string {
  if (country === "US") return ", e.g. +1 212 555 0100";
  // A number without a country code is read as the store's country's (Settings).
  return `: a ${country} number, or one with its country code (+${getCountryCallingCode(country)} …)`;
}

/**
 * A phone number in any common format, returned as E.164. `canText`: it must be able to get a text (a rep's own
 * phone, like a customer's at `new`: no area code 555, the right length, not a landline
 * where the country tells); otherwise any possible number (a lookup, the store's number).
 */
export function phoneSchema(defaultCountry: CountryCode, canText = false) {
  return v.pipe(
    v.string(),
    v.maxLength(40, "must be a phone number"),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const checked = canText ? customerPhone(dataset.value, { defaultCountry }) : null;
      const e164 = checked ? (checked.ok ? checked.phone : null) : normalizePhone(dataset.value, { defaultCountry });
      if (!e164) {
        addIssue({ message: `${checked && !checked.ok && checked.why === "cannot-exist" ? "must be a mobile number that can get texts" : "must be a phone number"}${phoneExample(defaultCountry)}` });
        return NEVER;
      }
      return e164;
    }),
  );
}
