// Which of a rep's leads a `<lead>` reference names: a first or full name (any case,
// accents and smart quotes ignored), `#id`, or the last 4+ digits of the phone. Pure.

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

function result(leads: LeadSummary[]): LeadMatch {
  if (leads.length === 1 && leads[0]) return { kind: "one", lead: leads[0] };
  return leads.length === 0 ? { kind: "none" } : { kind: "many", leads };
}

export function matchLead(ref: string, leads: LeadSummary[]): LeadMatch {
  const trimmed = ref.trim().replace(/[.,!?;:]+$/, "");
  const byId = /^#\s*(\d{1,9})$/.exec(trimmed);
  if (byId) return result(leads.filter((l) => l.id === Number(byId[1])));
  if (/^[\d\s().+-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, "");
    if (digits.length < 4) return { kind: "none" };
    return result(leads.filter((l) => l.phone.replace(/\D/g, "").endsWith(digits)));
  }
  const wanted = foldName(trimmed);
  if (!wanted) return { kind: "none" };
  const full = leads.filter((l) => foldName(l.name) === wanted);
  if (full.length > 0) return result(full);
  return result(leads.filter((l) => foldName(l.name).split(" ")[0] === wanted));
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
