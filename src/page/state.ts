// What several views share: the store's settings and reps, loaded once after sign-in.
import { call } from "./api";
import type { Rep, Settings } from "./types";

export const state: { settings: Settings | null; reps: Rep[] } = { settings: null, reps: [] };

export const zone = () => state.settings?.timezone ?? "UTC";
/** The store's country of phone numbers: how the page shows a phone (format.ts formatPhone). */
export const country = () => state.settings?.defaultCountry ?? "US";

export async function loadShared(): Promise<void> {
  const [settings, reps] = await Promise.all([call<Settings>("/settings"), call<Rep[]>("/reps")]);
  state.settings = settings;
  state.reps = reps;
}

export const repName = (id: number | null) => state.reps.find((r) => r.id === id)?.name ?? "a former rep";
