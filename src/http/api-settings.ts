// GET / PUT /api/settings: the store's name, number, time zone, quiet hours and pacing. A new
// time zone or new quiet hours move every waiting lead's next text (`nextAt` stays when it
// will really go) and the store's opening, when reps' digests go (the Scheduler is woken by it).
import { Hono } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { carryDigestDay, getRepByPhone } from "../db/rep-queries";
import { leadsWithPhone } from "../db/lead-queries";
import { getSettings, updateSettings, type StoreSettings } from "../db/settings-queries";
import { isValidTimeZone, timeZoneNamed } from "../domain/zoned-time";
import { digestReps } from "../db/engine-queries";
import { localDay, nextDigestAt } from "../series/digest";
import { keepNamedTimes, rescheduleWaiting } from "../series/follow-ups";
import { schedulerFor } from "../series/scheduler-client";
import { CountrySchema, HHMM, Name, phoneSchema } from "./schemas";
import { countryOf } from "../domain/phone";
import type { CountryCode } from "libphonenumber-js/mobile";
import { fail } from "./errors";
import { jsonBody } from "./validate";

export const settingsApi = new Hono<{ Bindings: Env }>();

/**
 * A settings change; the store number is read in `country` (the one being saved, or the
 * current one). A store with no number yet takes `""` for it, as `GET` shows it: what `GET`
 * answers can be sent back.
 */
const settingsPatch = (country: CountryCode, numberUnset: boolean) => v.strictObject({
  storeName: v.optional(Name),
  storeNumber: v.optional(numberUnset ? v.literal("") : phoneSchema(country)),
  timezone: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const zone = timeZoneNamed(dataset.value);
        if (zone) return zone;
        // One the runtime takes but that keeps no region's clocks: "EST" would be Panama's, with no daylight saving.
        const typed = dataset.value.trim();
        addIssue({
          message: isValidTimeZone(typed) || /^(utc|gmt)?\s*[+-]\d/i.test(typed)
            ? "must be a region's time zone such as America/New_York, or its city: New York (an abbreviation like EST or an offset like -05:00 misses daylight saving)"
            : "must be a zone from the list, such as America/Chicago, or its city: Chicago",
        });
        return NEVER;
      }),
    ),
  ),
  quietHours: v.optional(
    v.nullable(
      v.pipe(
        v.strictObject({ start: HHMM, end: HHMM }, 'must be { "start": "21:00", "end": "08:00" }, or null for none'),
        v.check((q) => q.start !== q.end, "start and end must differ (to send at any hour, turn quiet hours off)"),
      ),
    ),
  ),
  sendRatePerSecond: v.optional(v.pipe(v.number(), v.minValue(0.01, "must be at least 0.01"), v.maxValue(100, "must be at most 100"))),
  defaultCountry: v.optional(CountrySchema),
  pricePerSegment: v.optional(v.pipe(v.number(), v.minValue(0, "must be zero or more"), v.maxValue(1, "must be at most $1 a segment"))),
});

/** The settings as the owner sees them: not where Twilio's webhooks come (the Worker's own note). */
const ownerView = ({ twilioOrigin: _, ...shown }: StoreSettings) => shown;

settingsApi.get("/", async (c) => c.json(ownerView(await getSettings(dbFrom(c.env.DB)))));

settingsApi.put("/", async (c) => {
  const db = dbFrom(c.env.DB);
  const current = await getSettings(db);
  // The store number is read in the country being saved (or the current one), in the same
  // pass as every other field: an owner hears of a wrong number with the rest, not after.
  const patch = await jsonBody(c, (body) => {
    const asked = v.safeParse(CountrySchema, body.defaultCountry);
    return settingsPatch(asked.success ? asked.output : countryOf(current.defaultCountry), current.storeNumber === "" && body.storeNumber === "");
  });
  // A rep's phone cannot be the store number too: every text from it would be a rep's command.
  if (patch.storeNumber && (await getRepByPhone(db, patch.storeNumber)))
    fail(400, "invalid input", [{ path: "storeNumber", message: "is a rep's phone: the store number is the store's own Twilio number" }]);
  // Nor a customer's: their lead would be texted from their own number. (A lost lead's number
  // is free, as for a rep's phone: nothing is texted to it any more.)
  const customer = patch.storeNumber && patch.storeNumber !== current.storeNumber ? (await leadsWithPhone(db, patch.storeNumber)).find((l) => l.status !== "lost") : undefined;
  if (customer) fail(400, "invalid input", [{ path: "storeNumber", message: `is the number of a customer, ${customer.name} #${customer.id}: the store number is the store's own Twilio number` }]);
  const saved = await updateSettings(db, patch);
  const clockChanged = saved.timezone !== current.timezone || JSON.stringify(saved.quietHours) !== JSON.stringify(current.quietHours);
  if (clockChanged) {
    const scheduler = schedulerFor(c.env);
    const ctx = { db, settings: saved, now: () => Date.now(), scheduler };
    if (saved.timezone !== current.timezone) {
      await keepNamedTimes(ctx, current.timezone, saved.timezone);
      const now = ctx.now();
      await carryDigestDay(db, localDay(now, current.timezone), localDay(now, saved.timezone));
    }
    await rescheduleWaiting(ctx);
    // The store's opening moved: the alarm may be set for the old one, later than the new.
    const digestAt = nextDigestAt(Date.now(), await digestReps(db), saved.quietHours, saved.timezone);
    if (digestAt !== null) await scheduler.wake(digestAt);
  }
  return c.json(ownerView(saved));
});
