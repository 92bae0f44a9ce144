// US holidays a rep or customer names instead of a date ("after christmas",
// "labor day"), by the rules of 5 U.S.C. 6103 and common usage. Pure.
import { addDays, type CivilDate, nthWeekday } from "./civil-date";

export interface Holiday {
  /** How the confirmation names it: "Christmas". */
  name: string;
  on: (year: number) => CivilDate;
  /** On this date wherever the store is (Christmas); else a US date that other countries keep on another day, or not at all (Thanksgiving). */
  everywhere?: true;
  /** Countries (ISO) outside the US that keep it on the same day: Mother's Day in Canada and Australia. */
  alsoIn?: readonly string[];
}

const fixed = (name: string, month: number, day: number): Holiday => ({ name, on: (year) => ({ year, month, day }) });
const everywhere = (name: string, month: number, day: number): Holiday => ({ ...fixed(name, month, day), everywhere: true });

/** Where the store's holidays are the US ones (its country, ISO): the US and its territories. */
const US_HOLIDAY_COUNTRIES = new Set(["US", "PR", "VI", "GU", "AS", "MP", "UM"]);

/** Whether a store in `country` keeps `holiday` on its US date. */
export function keptOnUsDate(holiday: Holiday, country: string): boolean {
  return Boolean(holiday.everywhere) || US_HOLIDAY_COUNTRIES.has(country) || (holiday.alsoIn?.includes(country) ?? false);
}
const nth = (name: string, month: number, weekday: number, n: number): Holiday => ({ name, on: (year) => nthWeekday(year, month, weekday, n) });

const NEW_YEAR = everywhere("New Year's Day", 1, 1);
const CHRISTMAS = everywhere("Christmas", 12, 25);
const JULY_4 = fixed("the 4th of July", 7, 4);
const THANKSGIVING = nth("Thanksgiving", 11, 4, 4);

/** Keys are normalized phrases: lower case, no apostrophes, single spaces. */
export const US_HOLIDAYS: ReadonlyMap<string, Holiday> = new Map<string, Holiday>([
  ["new year", NEW_YEAR],
  ["new years", NEW_YEAR],
  ["new years day", NEW_YEAR],
  ["the new year", NEW_YEAR],
  ["new years eve", everywhere("New Year's Eve", 12, 31)],
  ["mlk day", nth("MLK Day", 1, 1, 3)],
  ["martin luther king day", nth("MLK Day", 1, 1, 3)],
  ["valentines day", everywhere("Valentine's Day", 2, 14)],
  ["valentines", everywhere("Valentine's Day", 2, 14)],
  ["presidents day", nth("Presidents' Day", 2, 1, 3)],
  ["mothers day", { ...nth("Mother's Day", 5, 0, 2), alsoIn: ["CA", "AU", "NZ"] }],
  ["memorial day", nth("Memorial Day", 5, 1, -1)],
  ["fathers day", { ...nth("Father's Day", 6, 0, 3), alsoIn: ["CA", "GB", "IE"] }],
  ["4th of july", JULY_4],
  ["fourth of july", JULY_4],
  ["the 4th of july", JULY_4],
  ["the fourth of july", JULY_4],
  ["independence day", JULY_4],
  ["labor day", { ...nth("Labor Day", 9, 1, 1), alsoIn: ["CA"] }],
  ["labour day", { ...nth("Labor Day", 9, 1, 1), alsoIn: ["CA"] }],
  ["halloween", everywhere("Halloween", 10, 31)],
  ["veterans day", fixed("Veterans Day", 11, 11)],
  ["thanksgiving", THANKSGIVING],
  ["thanksgiving day", THANKSGIVING],
  ["black friday", { name: "Black Friday", on: (year) => addDays(THANKSGIVING.on(year), 1) }],
  ["cyber monday", { name: "Cyber Monday", on: (year) => addDays(THANKSGIVING.on(year), 4) }],
  ["christmas eve", everywhere("Christmas Eve", 12, 24)],
  ["christmas", CHRISTMAS],
  ["christmas day", CHRISTMAS],
  ["xmas", CHRISTMAS],
]);
