// Which of a rep's leads a `<lead>` reference names: a first or full name (any case,
// accents and smart quotes ignored, a hyphen or a space between its words alike), `#id`, the last 4+ digits of the phone, or the whole
// number as the rep dials it in the store's country ("07911 123456" in Britain). Pure.
//
// The database finds the candidates by the same rules (no rep's leads are all loaded):
// `nameKeys` are stored with each lead and indexed, `refKeys` turns the references a text
// holds into what to look up. `matchLead` then decides among those candidates.
import type { CountryCode } from "libphonenumber-js/mobile";
import { normalizePhone } from "./phone";

export interface LeadSummary {
  id: number;
  name: string;
  phone: string;
  product: string;
  status: "active" | "paused" | "sold" | "lost" | "optedout";
  lastContactAt: number | null;
  createdAt: number;
}

export type LeadMatch = { kind: "one"; lead: LeadSummary } | { kind: "many"; leads: LeadSummary[] } | { kind: "none" };

/** Lower case, no accents, straight quotes, single spaces: how names are compared. */
export function foldName(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' -]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * What a lead is found by, stored and indexed with it: its folded full and first name, a
 * hyphen as a space ("Mary-Kate O'Neil": "mary kate o'neil" and "mary kate"), so a name
 * typed either way is one key (migration 0023 wrote the older keys so).
 */
export function nameKeys(name: string): { nameKey: string; firstKey: string } {
  const folded = foldName(name);
  return { nameKey: hyphensAsSpaces(folded), firstKey: hyphensAsSpaces(folded.split(" ")[0] ?? "") };
}

/** The last four digits of a phone: the index a reference by 4+ trailing digits looks in. */
export const PHONE_TAIL_DIGITS = 4;

/**
 * A folded name with its hyphens as spaces: "ann marie" names Ann-Marie, and "jean-paul"
 * Jean Paul (a phone's keyboard puts a space where the name has a hyphen, or the other way).
 * Only for whole keys: "ann" is still not Ann-Marie's first name.
 */
function hyphensAsSpaces(key: string): string {
  return key.replace(/-/g, " ");
}

/** A name's words as they are compared, a hyphen a space: "Mary-Kate O'Neil" is mary, kate, o'neil. */
export function nameWords(name: string): string[] {
  return hyphensAsSpaces(foldName(name)).split(" ").filter(Boolean);
}

/** What to look up for some references: ids, phone tails, folded names (full or first). */
export interface RefKeys {
  ids: number[];
  phoneTails: string[];
  names: string[];
}

type RefKind = { kind: "id"; id: number } | { kind: "digits"; digits: string; typed: string } | { kind: "name"; folded: string } | { kind: "nothing" };

/** How `matchLead` reads a reference: one rule for matching and for looking up. */
function readRef(ref: string): RefKind {
  const trimmed = ref.trim().replace(/[.,!?;:]+$/, "");
  const byId = /^#\s*(\d{1,9})$/.exec(trimmed);
  if (byId) return { kind: "id", id: Number(byId[1]) };
  if (/^[\d\s().+-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, "");
    return digits.length < PHONE_TAIL_DIGITS ? { kind: "nothing" } : { kind: "digits", digits, typed: trimmed };
  }
  // "note Hal's wife likes blue": a possessive names the lead it is of.
  const folded = foldName(trimmed).replace(/(?<=\p{L})'s$/u, "");
  return folded ? { kind: "name", folded } : { kind: "nothing" };
}

/**
 * Every key the references could match by: a superset, narrowed by `matchLead`. A number
 * written the local way ends with the same four digits as the lead's E.164 number.
 */
export function refKeys(refs: readonly string[]): RefKeys {
  const ids = new Set<number>();
  const phoneTails = new Set<string>();
  const names = new Set<string>();
  for (const ref of refs) {
    const r = readRef(ref);
    if (r.kind === "id") ids.add(r.id);
    else if (r.kind === "digits") phoneTails.add(r.digits.slice(-PHONE_TAIL_DIGITS));
    else if (r.kind === "name") names.add(hyphensAsSpaces(r.folded));
  }
  return { ids: [...ids], phoneTails: [...phoneTails], names: [...names] };
}

function result(leads: LeadSummary[]): LeadMatch {
  if (leads.length === 1 && leads[0]) return { kind: "one", lead: leads[0] };
  return leads.length === 0 ? { kind: "none" } : { kind: "many", leads };
}

/**
 * The lead(s) `ref` names. `country` is the store's: phone digits name a lead by its last
 * digits ("123456", "+44 7911 123456") or as the rep writes the whole number, the trunk 0
 * and all ("07911 123456" in GB, "0151 23456789" in DE, "+44 (0)7911 123456").
 */
export function matchLead(ref: string, leads: LeadSummary[], country: CountryCode): LeadMatch {
  const r = readRef(ref);
  switch (r.kind) {
    case "id":
      return result(leads.filter((l) => l.id === r.id));
    case "digits": {
      const dialed = normalizePhone(r.typed, { defaultCountry: country });
      return result(leads.filter((l) => l.phone === dialed || l.phone.replace(/\D/g, "").endsWith(r.digits)));
    }
    case "nothing":
      return { kind: "none" };
    case "name": {
      // A full name or a first name, never one over the other: "Moe" names both Moe and Moe
      // Baker, so Beback asks which instead of guessing the one whose whole name is Moe.
      const typed = hyphensAsSpaces(r.folded);
      return result(leads.filter((l) => {
        const keys = nameKeys(l.name);
        return keys.nameKey === typed || keys.firstKey === typed;
      }));
    }
  }
}

/** "#12 Jane Doe (recliner), #15 Jane Roe (sofa)": matches listed for the rep to choose. */
export function describeMatches(leads: LeadSummary[]): string {
  const clip = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}.` : s);
  const shown = leads
    .slice(0, 4)
    .map((l) => `#${l.id} ${clip(l.name)}${l.product ? ` (${clip(l.product)})` : ""}`)
    .join(", ");
  return leads.length > 4 ? `${shown} +${leads.length - 4} more` : shown;
}
