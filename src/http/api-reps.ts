// /api/reps: the store's salespeople. Phones in any common format, stored as E.164.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { dbFrom, isUniqueViolation, type Db } from "../db/client";
import type { Rep } from "../db/schema";
import { countLeadsOfRep, deleteRep, getRep, insertRep, listReps, restoreRepIf, toRepView, updateRep } from "../db/rep-queries";
import { handOverLeads, leadsWithPhone } from "../db/lead-queries";
import { getSettings, type StoreSettings } from "../db/settings-queries";
import { fail } from "./errors";
import { Name, phoneSchema } from "./schemas";
import { countryOf } from "../domain/phone";
import { idParam, jsonBody } from "./validate";
import { deferrer, pendingByOf } from "./after-answer";
import { handOnKeptTexts } from "../inbound/customer-text";
import type { InboundContext } from "../inbound/inbound-context";
import { handOnAfterHandover, handOnWaitingReplies, waitingReplies } from "../inbound/rep-made-inactive";
import { forwardRefused } from "../series/forward-refused";
import { schedulerFor } from "../series/scheduler-client";
import { providerFromEnv } from "../twilio/provider";

export const repsApi = new Hono<{ Bindings: Env }>();

/** What forwarding customers' texts to reps takes, as a webhook has it: the sends go after the answer, and one Twilio refuses goes to another rep. */
function forwardingContext(c: Context<{ Bindings: Env }>, db: Db, settings: StoreSettings): InboundContext {
  const ctx: InboundContext = {
    db,
    settings,
    provider: providerFromEnv(c.env, new URL(c.req.url).origin, settings.twilioOrigin),
    storeNumber: settings.storeNumber,
    now: () => Date.now(),
    scheduler: schedulerFor(c.env),
    defer: deferrer(c),
    pendingBy: pendingByOf(c),
    refused: (message, verdict) => forwardRefused(ctx, message, verdict),
  };
  return ctx;
}

function repSchemas(country: string) {
  const phone = phoneSchema(countryOf(country), true);
  return {
    create: v.strictObject({ name: Name, phone, active: v.optional(v.boolean(), true) }),
    patch: v.strictObject({ name: v.optional(Name), phone: v.optional(phone), active: v.optional(v.boolean()) }),
  };
}

const PHONE_TAKEN = [{ path: "phone", message: "already belongs to another rep" }];

/** A rep's phone is neither the store's number nor a customer's: every text from a rep's phone is read as the rep's. */
async function checkPhoneIsFree(db: Db, storeNumber: string, phone: string | undefined) {
  if (!phone) return;
  if (phone === storeNumber) fail(400, "invalid input", [{ path: "phone", message: "must be the rep's own phone, not the store number" }]);
  // A lost lead's number is free: nothing is texted to it any more.
  const customer = (await leadsWithPhone(db, phone)).find((l) => l.status !== "lost");
  if (customer) fail(400, "invalid input", [{ path: "phone", message: `is the number of a customer, ${customer.name} #${customer.id}: their texts would be read as a rep's commands and stop reaching their rep` }]);
}

/**
 * A rep's name is nobody else's at the store (any case and spacing): a covering rep's forward
 * names the lead's rep ("[Sam Rivera's customer; …]"), and two reps of one name would read it
 * as their own.
 */
async function checkNameIsFree(db: Db, name: string | undefined, exceptId?: number) {
  if (name === undefined) return;
  const same = await repNamed(db, name, (r) => r.id !== exceptId);
  if (same) failNameTaken(same);
}

/** The rep (other than those `which` leaves out) whose name is `name` in any case and spacing. */
async function repNamed(db: Db, name: string, which: (rep: Rep) => boolean): Promise<Rep | undefined> {
  const key = (n: string) => n.trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return (await listReps(db)).find((r) => which(r) && key(r.name) === key(name));
}

function failNameTaken(same: Rep): never {
  fail(400, "invalid input", [{ path: "name", message: `is already rep #${same.id}'s name: give each rep a name the others can tell apart (a last name or initial)` }]);
}

repsApi.get("/", async (c) => c.json((await listReps(dbFrom(c.env.DB))).map(toRepView)));

repsApi.post("/", async (c) => {
  const db = dbFrom(c.env.DB);
  const settings = await getSettings(db);
  const body = await jsonBody(c, repSchemas(settings.defaultCountry).create);
  await checkNameIsFree(db, body.name);
  await checkPhoneIsFree(db, settings.storeNumber, body.phone);
  let rep: Rep;
  try {
    rep = await insertRep(db, body, Date.now());
  } catch (e) {
    if (isUniqueViolation(e)) fail(400, "invalid input", PHONE_TAKEN);
    throw e;
  }
  // Two adds of one name at once (a double click, two tabs) both passed the check: the
  // later one (the higher id) is taken back, so the store never has two reps of one name.
  const earlier = await repNamed(db, rep.name, (r) => r.id < rep.id);
  if (earlier) {
    await deleteRep(db, rep.id);
    failNameTaken(earlier);
  }
  // The texts kept while no rep was in (the forwards sent after the answer).
  if (rep.active) await handOnKeptTexts(forwardingContext(c, db, settings));
  return c.json(toRepView(rep), 201);
});

repsApi.patch("/:id", async (c) => {
  const db = dbFrom(c.env.DB);
  const id = idParam(c);
  const settings = await getSettings(db);
  const body = await jsonBody(c, repSchemas(settings.defaultCountry).patch);
  // An unknown rep is a 404 before its name or phone is checked against the store's (a
  // body that is not a rep's at all is a 400 first, as on every route).
  const before = await getRep(db, id);
  if (!before) fail(404, "not found");
  await checkNameIsFree(db, body.name, id);
  await checkPhoneIsFree(db, settings.storeNumber, body.phone);
  let rep: Rep | undefined;
  try {
    rep = await updateRep(db, id, body);
  } catch (e) {
    if (isUniqueViolation(e)) fail(400, "invalid input", PHONE_TAKEN);
    throw e;
  }
  if (!rep) fail(404, "not found");
  // Two renames to one name at once both passed the check: each sees the other, and takes back
  // all it changed (a 400 changes nothing).
  const other = body.name !== undefined && (await repNamed(db, rep.name, (r) => r.id !== id));
  if (other) {
    await restoreRepIf(db, id, rep.name, before);
    failNameTaken(other);
  }
  // Made inactive: their customers waiting for an answer go to the reps who are in. Made
  // active: the texts kept while no rep was in go to a rep now. (The forwards are sent after the answer.)
  if (before.active && !rep.active) await handOnWaitingReplies(forwardingContext(c, db, settings), rep);
  if (!before.active && rep.active) await handOnKeptTexts(forwardingContext(c, db, settings));
  return c.json(toRepView(rep));
});

repsApi.delete("/:id", async (c) => {
  const db = dbFrom(c.env.DB);
  const id = idParam(c);
  if (!(await getRep(db, id))) fail(404, "not found");
  const owned = await countLeadsOfRep(db, id);
  // Leads keep their rep for history and routing; a rep with leads is deactivated instead.
  if (owned > 0) fail(409, `this rep owns ${owned} lead${owned === 1 ? "" : "s"}; hand them to another rep first (POST /api/reps/${id}/handover) or set active to false`);
  await deleteRep(db, id);
  return c.body(null, 204);
});

// Hands every lead of this rep to another, active rep (before removing the first).
repsApi.post("/:id/handover", async (c) => {
  const db = dbFrom(c.env.DB);
  const id = idParam(c);
  const from = await getRep(db, id);
  if (!from) fail(404, "not found");
  const { toRepId } = await jsonBody(c, v.strictObject({ toRepId: v.pipe(v.number(), v.check((n) => Number.isSafeInteger(n) && n >= 1, "must be a rep's id")) }));
  const to = await getRep(db, toRepId);
  if (!to) fail(400, "invalid input", [{ path: "toRepId", message: `there is no rep ${toRepId}` }]);
  if (to.id === id) fail(400, "invalid input", [{ path: "toRepId", message: "must be another rep" }]);
  if (!to.active) fail(400, "invalid input", [{ path: "toRepId", message: "must be an active rep" }]);
  // Customers waiting on an answer from the rep who had them: their last text goes to the new rep.
  const m = forwardingContext(c, db, await getSettings(db));
  const waiting = await waitingReplies(m, from);
  const moved = await handOverLeads(db, id, to.id, Date.now());
  await handOnAfterHandover(m, from, to, waiting);
  return c.json({ moved });
});
