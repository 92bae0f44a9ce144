// GET / PUT /api/series/:key — the be-back and after-sale series: steps of `{ after, body,
// photo?, bodyWithPhoto? }` (bodyWithPhoto: the words sent with the photo; body without one). An unknown {placeholder} or a bad delay is a 400. Saving keeps
// each lead's place among the steps and recomputes the next due time of every lead waiting in that series.
import { Hono } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { SERIES_KEYS } from "../db/schema";
import { saveSeriesEdit, seriesForEdit } from "../db/series-queries";
import { stepsOrDefault } from "../series/default-series";
import { seriesEdit } from "../series/series-edit";
import { seriesSteps } from "../series/series-steps";
import { getSettings } from "../db/settings-queries";
import { parseAfter } from "../series/duration";
import { rescheduleWaiting } from "../series/follow-ups";
import { schedulerFor } from "../series/scheduler-client";
import { fail } from "./errors";
import { fitsOneText, knownPlaceholders, printable } from "./schemas";
import { jsonBody } from "./validate";

export const seriesApi = new Hono<{ Bindings: Env }>();

const Words = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "must not be empty"),
  fitsOneText,
  printable,
  knownPlaceholders,
);

const Step = v.pipe(
  v.strictObject({
    // Saved as the owner meant it: " 3 d" is "3d".
    after: v.pipe(v.string(), v.transform((s) => s.replace(/\s+/g, "").replace(/^0+(?=\d)/, "")), v.check((s) => parseAfter(s) !== null, "must be a number and a unit (s, m, h, d or w), like 20m, 18h, 3d or 2w, at most 732 days")),
    body: Words,
    photo: v.optional(v.boolean()),
    // The words sent with the photo; `body` is sent when the lead has none.
    bodyWithPhoto: v.optional(Words),
  }),
  v.forward(
    v.check((s) => s.bodyWithPhoto === undefined || s.photo === true, "needs photo: true (the words sent with the photo)"),
    ["bodyWithPhoto"],
  ),
);

const SeriesBody = v.strictObject({
  // What GET answers may be sent back as it is: its `key` names the series in the address.
  key: v.optional(v.picklist(SERIES_KEYS, `must be ${SERIES_KEYS.join(" or ")}`)),
  steps: v.pipe(
    v.array(Step),
    v.maxLength(20, "must be 20 or fewer"),
    // A delay that cannot be read is its own step's error, not an ordering one.
    v.check((steps) => steps.every((s, i) => {
      const [before, after] = [parseAfter(steps[i - 1]?.after ?? "0s"), parseAfter(s.after)];
      return before === null || after === null || after >= before;
    }), "must be in order of their delay"),
  ),
});

function seriesKey(raw: string) {
  const key = SERIES_KEYS.find((k) => k === raw);
  if (!key) fail(404, "not found");
  return key;
}

seriesApi.get("/:key", async (c) => {
  const key = seriesKey(c.req.param("key"));
  return c.json({ key, steps: await seriesSteps(dbFrom(c.env.DB), key) });
});

seriesApi.put("/:key", async (c) => {
  const key = seriesKey(c.req.param("key"));
  const db = dbFrom(c.env.DB);
  const { key: named, steps } = await jsonBody(c, SeriesBody);
  if (named !== undefined && named !== key) fail(400, "invalid input", [{ path: "key", message: `must be ${key}, the series in the address` }]);
  const clean = steps.map((s) => ({ after: s.after, body: s.body, ...(s.photo ? { photo: true } : {}), ...(s.bodyWithPhoto ? { bodyWithPhoto: s.bodyWithPhoto } : {}) }));
  // Each lead keeps its place among the steps (series-edit.ts); read, computed and written
  // again if another save came in between.
  for (let attempt = 0; ; attempt++) {
    const saved = await seriesForEdit(db, key);
    const shown = stepsOrDefault(key, saved?.steps ?? null);
    // Saved empty before: the steps it had are what leads, the ledger and the texts number by.
    const before = shown.length === 0 ? (saved?.emptiedSteps ?? []) : shown;
    const savedAt = saved?.updatedAt ?? null;
    const now = Math.max(Date.now(), (savedAt ?? 0) + 1);
    if (await saveSeriesEdit(db, key, clean, savedAt, seriesEdit(before, clean), now, clean.length === 0 ? before : null)) break;
    if (attempt === 2) fail(409, "the series was being saved from elsewhere at the same time: try again");
  }
  // Every lead waiting in this series gets its next time from the new steps, by the same
  // transition every change of a lead goes through (follow-ups.ts rescheduleWaiting).
  await rescheduleWaiting({ db, settings: await getSettings(db), now: () => Date.now(), scheduler: schedulerFor(c.env) }, key);
  return c.json({ key, steps: clean });
});
