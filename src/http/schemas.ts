// Valibot schemas shared by the owner API's routes. Custom messages say what is expected,
// never what was received.
import type { CountryCode } from "libphonenumber-js/mobile";
import { isSupportedCountry } from "libphonenumber-js/mobile";
import * as v from "valibot";
import { countryOf, normalizePhone } from "../domain/phone";

export const HHMM = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM, 24-hour"));

/** Control characters (a name is one line) and what a text cannot carry: noncharacters, a lone surrogate. */
const NOT_IN_A_NAME = /[\u0000-\u001f\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/** A store's or rep's name: it goes into texts. */
export const Name = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  v.maxLength(80, "must be at most 80 characters"),
  v.check((name) => !NOT_IN_A_NAME.test(name), "must be one line of printable characters"),
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
