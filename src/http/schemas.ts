// Valibot schemas shared by the owner API's routes. Custom messages say what is expected,
// never what was received.
import type { CountryCode } from "libphonenumber-js/mobile";
import { isSupportedCountry } from "libphonenumber-js/mobile";
import * as v from "valibot";
import { countryOf, normalizePhone } from "../domain/phone";

export const HHMM = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM, 24-hour"));

/** What no text should carry: control characters other than tab and line breaks, noncharacters, a lone surrogate. */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/** Words that go into texts as the owner typed them (a series step): line breaks are fine. */
export const printable = v.check((text: string) => !UNPRINTABLE.test(text), "must be printable text (line breaks are fine)");

/** A store's or rep's name: it goes into texts, on one line. */
export const Name = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(80, "must be at most 80 characters"),
  v.check((name) => !UNPRINTABLE.test(name) && !/[\t\n\r]/.test(name), "must be one line of printable characters"),
);

export const CountrySchema = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{2}$/, "must be a supported ISO country code such as US"),
  v.check(isSupportedCountry, "must be a supported ISO country code such as US"),
  v.transform(countryOf),
);

/** A phone number in any common format, returned as E.164. */
export function phoneSchema(defaultCountry: CountryCode) {
  return v.pipe(
    v.string(),
    v.maxLength(40, "must be a phone number"),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const e164 = normalizePhone(dataset.value, { defaultCountry });
      if (!e164) {
        addIssue({ message: "must be a phone number, e.g. +1 212 555 0100" });
        return NEVER;
      }
      return e164;
    }),
  );
}
