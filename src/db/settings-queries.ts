// The store's settings: one row (id = 1), seeded by the first migration.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { settings, type Settings } from "./schema";

export interface StoreSettings {
  storeName: string;
  storeNumber: string;
  timezone: string;
  quietHours: { start: string; end: string } | null;
  sendRatePerSecond: number;
  defaultCountry: string;
  /** Dollars per SMS segment, for cost estimates on the owner page. */
  pricePerSegment: number;
  /** Where Twilio's signed webhooks last came (schema.ts): not the owner's to set, nor shown to them. */
  twilioOrigin?: string | null;
}

export function toStoreSettings(row: Settings): StoreSettings {
  return {
    storeName: row.storeName,
    storeNumber: row.storeNumber,
    timezone: row.timezone,
    quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
    sendRatePerSecond: row.sendRatePerSecond,
    defaultCountry: row.defaultCountry,
    pricePerSegment: row.pricePerSegment,
    twilioOrigin: row.twilioOrigin,
  };
}

export async function getSettingsRow(db: Db): Promise<Settings> {
  const row = await db.select().from(settings).where(eq(settings.id, 1)).get();
  if (!row) throw new Error("settings row missing: are the D1 migrations applied?");
  return row;
}

export async function getSettings(db: Db): Promise<StoreSettings> {
  return toStoreSettings(await getSettingsRow(db));
}

export async function updateSettings(db: Db, patch: Partial<StoreSettings>): Promise<StoreSettings> {
  const { quietHours, ...rest } = patch;
  const values: Partial<Settings> = { ...rest };
  if (quietHours !== undefined) {
    values.quietStart = quietHours?.start ?? null;
    values.quietEnd = quietHours?.end ?? null;
  }
  if (Object.keys(values).length > 0) await db.update(settings).set(values).where(eq(settings.id, 1)).run();
  return getSettings(db);
}

/**
 * The store number, set from the number a text was sent to while the owner has not set one
 * (only then: a compare-and-set on the empty number). Without it, every text the store sends
 * would go from no number, and Twilio refuses those (21603).
 */
export async function setStoreNumberIfUnset(db: Db, storeNumber: string): Promise<void> {
  await db.update(settings).set({ storeNumber }).where(and(eq(settings.id, 1), eq(settings.storeNumber, ""))).run();
}

/** Remembers the origin Twilio's signed webhooks come to (see schema.ts `twilioOrigin`). */
export async function setTwilioOrigin(db: Db, origin: string): Promise<void> {
  await db.update(settings).set({ twilioOrigin: origin }).where(eq(settings.id, 1)).run();
}

/**
 * Moves the round-robin cursor to `repId` if it is still where it was read (`seen`): a
 * compare-and-set, so two texts picking at once cannot both take the same turn. False when
 * another pick moved it first.
 */
export async function takeTurn(db: Db, seen: number | null, repId: number | null): Promise<boolean> {
  const [moved] = await db
    .update(settings)
    .set({ lastAssignedRepId: repId })
    .where(and(eq(settings.id, 1), seen === null ? isNull(settings.lastAssignedRepId) : eq(settings.lastAssignedRepId, seen)))
    .returning({ id: settings.id });
  return moved !== undefined;
}
