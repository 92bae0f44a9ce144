// The test files share a workerd and its storage (isolate: false, vitest.workers.config.ts):
// every test starts from an empty store (the migrated schema, default settings, no Scheduler
// alarm) so no test depends on order or on the file before it.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach } from "vitest";
import { forgetOwedRun, SCHEDULER_NAME } from "../../src/series/scheduler-client";
import { holdAlarms } from "../helpers/clock";

beforeEach(async () => {
  await env.DB.batch(
    ["step_sends", "undo_log", "messages", "leads", "opt_outs", "opt_ins", "series", "reps", "sqlite_sequence"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  await env.DB.batch([env.DB.prepare("DELETE FROM settings"), env.DB.prepare("INSERT INTO settings (id) VALUES (1)")]);
  await runInDurableObject(env.SCHEDULER.get(env.SCHEDULER.idFromName(SCHEDULER_NAME)), async (_instance, state) => {
    await state.storage.deleteAlarm();
    await state.storage.deleteAll();
  });
  // The Worker's memory of a run the Scheduler owes went with its storage.
  forgetOwedRun();
  // The runtime fires alarms on the real clock; tests fire them by hand (helpers/clock.ts).
  await holdAlarms();
});
