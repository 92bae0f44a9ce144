// /api/leads: the owner's view of leads and their conversations, and what the owner can do
// from a lead's page: pause (until a day), resume or end its automatic texts, and text the
// customer from the store number (recorded as the owning rep's text, never to an opted-out
// number).
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { getLead, getLeadRow, listedLeadIds, listLeads, toLeadView, type LeadListQuery, type LeadRow } from "../db/lead-queries";
import { lastThreadMessages, messagesOfLead } from "../db/message-queries";
import { isOptedOut } from "../db/opt-out-queries";
import { LEAD_VIEW_STATUSES, type Message } from "../db/schema";
import { getRep } from "../db/rep-queries";
import { getSettings } from "../db/settings-queries";
import { endSeries, hasStepLeft, markByVerdict, pauseSeries, repTexted, resumeSeries, wakeForRetry, type FollowUpContext } from "../series/follow-ups";
import { schedulerFor } from "../series/scheduler-client";
import { resumesAt } from "../series/lead-transitions";
import { seriesSteps } from "../series/series-steps";
import { seriesFailureNotice } from "../series/series-texts";
import { renderTemplate } from "../series/templates";
import { MAX_SMS_BODY } from "../twilio/limits";
import { MAX_AHEAD_DAYS } from "../domain/when";
import { sendText, willRetry } from "../sms/messenger";
import { providerFromEnv } from "../twilio/provider";
import { fail } from "./errors";
import { fitsOneText, IsoInstant, knownPlaceholders, printable } from "./schemas";
import { idParam, jsonBody, noBody, parseOr400 } from "./validate";

export const leadsApi = new Hono<{ Bindings: Env }>();

/** A query-string number: digits only, in range. */
const count = (min: number, max: number) =>
  v.pipe(v.string(), v.regex(/^\d{1,12}$/, "must be a whole number"), v.transform(Number), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

/** Most leads one page may ask for. Without `limit` the list is whole (the contract's answer). */
export const MAX_PAGE = 500;

const LeadsQuery = v.object({
  status: v.optional(v.picklist(LEAD_VIEW_STATUSES, `must be one of ${LEAD_VIEW_STATUSES.join(", ")}`)),
  rep: v.optional(count(1, Number.MAX_SAFE_INTEGER)),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, "must be at most 100 characters"))),
  limit: v.optional(count(1, MAX_PAGE)),
  before: v.optional(count(1, Number.MAX_SAFE_INTEGER)),
});

const messageView = (m: Message) => ({
  direction: m.direction,
  kind: m.kind,
  from: m.from,
  to: m.to,
  body: m.body,
  media: m.media,
  status: m.status,
  errorCode: m.errorCode,
  // A series text's step (0-based), else null.
  step: m.kind === "series" ? m.stepIndex : null,
  // The rep who sent it, or whose customer wrote it then (null once that rep was removed).
  repId: m.repId,
  at: new Date(m.at).toISOString(),
});

leadsApi.get("/", async (c) => {
  const { status, rep, q, limit, before } = parseOr400(LeadsQuery, {
    // `?status=` with nothing after it asks for no filter, as the page's "All" does.
    status: c.req.query("status") || undefined,
    rep: c.req.query("rep"),
    q: c.req.query("q"),
    limit: c.req.query("limit"),
    before: c.req.query("before"),
  });
  const query: LeadListQuery = { status, repId: rep, search: q || undefined, limit, beforeId: before };
  const db = dbFrom(c.env.DB);
  const [rows, last] = await Promise.all([listLeads(db, query), lastThreadMessages(db, listedLeadIds(db, query))]);
  // Each row carries optedOut, read from opt_outs in the same query (lead-queries.ts).
  return c.json(
    rows.map((l) => {
      const m = last.get(l.id);
      return { ...toLeadView(l), lastMessage: m ? messageView(m) : null };
    }),
  );
});

async function leadDetail(c: Context<{ Bindings: Env }>, id: number) {
  const db = dbFrom(c.env.DB);
  const lead = await getLead(db, id);
  if (!lead) fail(404, "not found");
  const [conversation, optedOut, steps, settings] = await Promise.all([
    messagesOfLead(db, lead.id),
    isOptedOut(db, lead.phone),
    lead.seriesKey ? seriesSteps(db, lead.seriesKey) : [],
    lead.resumeAt === null ? null : getSettings(db),
  ]);
  // When the next automatic text goes once a `later` ends (as the reminder then says): the
  // end of quiet hours it falls in, or a later step's own time; null with none left.
  const resumes = settings ? resumesAt(lead, steps, settings, optedOut, Date.now()) : null;
  return c.json({
    ...toLeadView(lead, optedOut),
    notes: lead.notes,
    amountCents: lead.amountCents,
    undeliverable: lead.undeliverable,
    // The series the lead is in and its next step (null when nothing is pending).
    seriesKey: lead.seriesKey,
    nextStep: lead.nextAt === null ? null : lead.seriesNextIndex,
    seriesPaused: lead.seriesPaused,
    // The series has a step this lead has not had (a series emptied and filled again leaves
    // nothing pending until Resume).
    stepsLeft: hasStepLeft(lead, steps),
    resumesAt: resumes === null ? null : new Date(resumes).toISOString(),
    // False once the customer wrote after the `later` was set: it only reminds the rep then.
    laterResumes: lead.laterResumes,
    messages: conversation.map(messageView),
  });
}

leadsApi.get("/:id", (c) => leadDetail(c, idParam(c)));

/** The lead, or 404; and the context the follow-up transitions need. */
async function leadAndContext(c: Context<{ Bindings: Env }>): Promise<{ lead: LeadRow; ctx: FollowUpContext }> {
  const db = dbFrom(c.env.DB);
  const lead = await getLeadRow(db, idParam(c));
  if (!lead) fail(404, "not found");
  return { lead, ctx: { db, settings: await getSettings(db), now: () => Date.now(), scheduler: schedulerFor(c.env) } };
}

function refuseClosed(lead: LeadRow, what: string) {
  if (lead.optedOut) fail(409, `${lead.name} opted out of texts, so there are no texts to ${what}. They can text START to opt back in.`);
  if (lead.status === "lost") fail(409, `${lead.name} is marked lost, so there are no texts to ${what}.`);
  // Nothing would go (page audit: "Automatic texts resumed." while none could).
  if (lead.undeliverable) fail(409, `${lead.name}'s number cannot get texts, so there are no texts to ${what}. Their rep can fix it: fix #${lead.id} phone …`);
}

const PauseBody = v.strictObject({
  // The instant; a day that does not exist is a 400, not the day it would roll over to.
  until: IsoInstant,
});

leadsApi.post("/:id/pause", async (c) => {
  const { lead, ctx } = await leadAndContext(c);
  const { until: at } = await jsonBody(c, PauseBody);
  if (!(at > ctx.now())) fail(400, "invalid input", [{ path: "until", message: "must be in the future" }]);
  if (at > ctx.now() + MAX_AHEAD_DAYS * 86_400_000) fail(400, "invalid input", [{ path: "until", message: "must be at most 2 years ahead" }]);
  refuseClosed(lead, "pause");
  await pauseSeries(ctx, lead, at);
  return leadDetail(c, lead.id);
});

leadsApi.post("/:id/resume", async (c) => {
  const { lead, ctx } = await leadAndContext(c);
  await noBody(c);
  refuseClosed(lead, "resume");
  await resumeSeries(ctx, lead);
  return leadDetail(c, lead.id);
});

leadsApi.post("/:id/end", async (c) => {
  const { lead, ctx } = await leadAndContext(c);
  await noBody(c);
  await endSeries(ctx, lead.id);
  return leadDetail(c, lead.id);
});

const TextBody = v.strictObject({
  body: v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), fitsOneText, printable, knownPlaceholders),
});
const OneText = v.pipe(v.string(), fitsOneText);

/**
 * The owner's words with any placeholder filled in as a series step's would be ({first_name}
 * is the customer's; {rep} the lead's rep, as whose text it goes): an owner used to the
 * series editor types them here too. Words without one go as typed.
 */
async function ownerWords(ctx: FollowUpContext, lead: LeadRow, body: string): Promise<string> {
  if (!body.includes("{")) return body;
  const store = ctx.settings.storeName;
  const rep = await getRep(ctx.db, lead.repId);
  const filled = renderTemplate(body, { name: lead.name, product: lead.product, rep: rep?.name ?? store, store });
  if (!v.is(OneText, filled)) fail(400, "invalid input", [{ path: "body", message: `must be at most ${MAX_SMS_BODY} characters as a text counts them, with its placeholders filled in` }]);
  return filled;
}

leadsApi.post("/:id/messages", async (c) => {
  const { lead, ctx } = await leadAndContext(c);
  const body = await ownerWords(ctx, lead, (await jsonBody(c, TextBody)).body);
  if (await isOptedOut(ctx.db, lead.phone)) {
    fail(409, `${lead.name} opted out of texts from the store, so Beback will not text this number. They can text START to opt back in.`);
  }
  if (lead.undeliverable) fail(409, `${lead.name}'s number cannot get texts (invalid or not a mobile). Ask the rep to fix it.`);
  const messenger = { db: ctx.db, provider: providerFromEnv(c.env, new URL(c.req.url).origin, ctx.settings.twilioOrigin), storeNumber: ctx.settings.storeNumber, now: ctx.now };
  // Recorded as the owning rep's text, like a relay from the rep's phone.
  const sent = await sendText(messenger, { kind: "relay", to: lead.phone, body, leadId: lead.id, repId: lead.repId, firstContactStore: ctx.settings.storeName });
  const { result, verdict } = sent;
  // Twilio did not take it now (429/5xx): the Scheduler sends it again, and the rep hears how it ended.
  if (willRetry(sent)) {
    await wakeForRetry(ctx.scheduler, sent);
    return c.json({ queued: true, note: "Twilio is busy: Beback sends the text again in a minute. Its status shows in the conversation." }, 202);
  }
  if (!result.ok) {
    // Twilio's final answers mark the lead, as they do for a rep's relay.
    await markByVerdict(ctx.db, sent, { phone: lead.phone, leadId: lead.id }, ctx.now());
    if (verdict === "optedout" || verdict === "undeliverable") {
      // The lead's rep is told, as for a series step Twilio refuses: they did not send this one.
      const rep = await getRep(ctx.db, lead.repId);
      if (rep?.active) await sendText(messenger, { kind: "notice", to: rep.phone, body: seriesFailureNotice(lead, verdict), leadId: lead.id, repId: rep.id });
    }
    if (verdict === "optedout") fail(409, `${lead.name} has opted out of texts (the carrier says unsubscribed). Beback will not text them again.`);
    if (verdict === "undeliverable") fail(409, `${lead.name}'s number cannot get texts (invalid or not a mobile).`);
    // No answer: it may have reached them, and a second try could double it. The text is
    // recorded (`unknown`): accepted, with what to do; as it may have gone, the next
    // automatic text waits a day after it, as after one that went.
    if (verdict === "unknown") {
      await repTexted(ctx, lead.id);
      return c.json({ queued: false, note: "Twilio did not confirm the text. It may have gone out: check the conversation before sending it again." }, 202);
    }
    // Never left this Worker (its subrequests spent): nothing reached Twilio.
    if (verdict === "not-sent") fail(503, "The text did not go out. Try again in a minute.");
    // Twilio refused it for good (a 4xx: the store number or the account): the store's set-up.
    fail(409, `Twilio refused the text${result.errorCode ? ` (${result.errorCode})` : ""}: check the store's Twilio set-up (the store number, the account).`);
  }
  await repTexted(ctx, lead.id);
  return leadDetail(c, lead.id);
});
