// The rep's commands beyond new / @lead / reply / help: sold, lost, later, note, fix, undo,
// list, away, back, digest. Each answers with what happened ("✓ Jane #12 sold ($1,200).
// After-sale texts start tomorrow."). State-changing ones are logged for `undo`.
import { isUniqueViolation } from "../db/client";
import { readNumberNow, readPhoneHolders, type UndoEntry } from "../db/lead-changes";
import { deleteUntextedLead, getLead, openLeadsOfRep } from "../db/lead-queries";
import { forwardedToOthersSinceAway, messagesOfLead } from "../db/message-queries";
import { setRepAway, setRepDigest } from "../db/rep-queries";
import type { Lead } from "../db/schema";
import { isOptedOut } from "../db/opt-out-queries";
import { seriesForEdit } from "../db/series-queries";
import { laterEntryOnLead, lastUndoEntry, markUndone, recordEndedAfterSale, restoreNotes, type UndoableCommand } from "../db/undo-queries";
import { formatWhen } from "../domain/format-time";
import type { RepCommand } from "../domain/parse-command";
import { firstName, nameForCustomer } from "../domain/lead-tag";
import { formatPhoneForRep } from "../domain/phone";
import { isAway } from "../series/assign-rep";
import { digestSentOnWhenTurnedOn, nextOpening } from "../series/digest";
import { placeOf } from "../series/series-edit";
import { REMINDER_OPENING } from "../series/series-texts";
import { changeLead, endAfterSaleOf, endSeries, resumeEndedAfterSale } from "../series/follow-ups";
import { tellSeller } from "./tell-seller";
import type { InboundContext } from "./inbound-context";
import { leadCard, leadsUpToPage, listPage } from "./lead-list";
import { closedNumberHolder, closedNumberText, holderOf, holderText } from "./phone-holders";
import { againIfNumberTaken, leadOf, type Answer, type RepTurn } from "./rep-turn";
import { afterSaleEnded, afterSaleResumed, ANSWER_SEGMENTS, coveredCustomer, dollars, oldNumberOptedOut, OPTED_OUT_AFTER, optedOutReason } from "./texts";
import { countSegments, fitSegments } from "../domain/segments";

export const UNDO_WINDOW_MS = 10 * 60_000;

type Cmd<K extends RepCommand["kind"]> = Extract<RepCommand, { kind: K }>;

const first = (lead: Pick<Lead, "name">) => firstName(lead.name);

/** The commands that change a lead: only its own rep's (not a rep who covered for them while away). */
const OWNERS_ONLY = new Set<RepCommand["kind"]>(["sold", "lost", "later", "note", "fix"]);

export async function runVocabularyCommand(ctx: InboundContext, turn: RepTurn, cmd: RepCommand): Promise<Answer> {
  if (OWNERS_ONLY.has(cmd.kind) && "leadId" in cmd) {
    // A customer forwarded to this rep while theirs was away may be answered, not changed.
    const lead = leadOf(turn, cmd.leadId);
    if (lead.repId !== turn.rep.id) return { text: coveredCustomer(lead, cmd.kind), leadId: lead.id };
  }
  switch (cmd.kind) {
    case "sold":
      return sold(ctx, turn, cmd);
    case "lost":
      return lost(ctx, turn, leadOf(turn, cmd.leadId));
    case "later":
      return later(ctx, turn, cmd);
    case "note":
      return note(ctx, turn, cmd);
    case "fix":
      return againIfNumberTaken(() => fix(ctx, turn, cmd));
    case "undo":
      return undo(ctx, turn);
    case "list": {
      const { leads, total } = await openLeadsOfRep(ctx.db, turn.rep.id, leadsUpToPage(cmd.page));
      return { text: listPage(leads, total, cmd.page, ctx.now(), ctx.settings.timezone), leadId: null };
    }
    case "card": {
      const lead = leadOf(turn, cmd.leadId);
      return { text: leadCard(lead, await messagesOfLead(ctx.db, lead.id), ctx.now(), ctx.settings.timezone), leadId: lead.id };
    }
    case "away":
      await setRepAway(ctx.db, turn.rep.id, cmd.until, { command: "away", summary: `away until ${cmd.label}`, at: ctx.now() });
      return { text: `✓ Away until ${cmd.label}. Your customers' texts go to another rep until then. Text "back" when you return: I'll name who wrote.`, leadId: null };
    case "back": {
      // Away until a time that has just passed is still a return, not "you weren't away".
      const wasAway = turn.rep.awayUntil !== null;
      await setRepAway(ctx.db, turn.rep.id, null, { command: "back", summary: "back", at: ctx.now() });
      if (!wasAway) return { text: `✓ You weren't away: your customers' texts already come to you.`, leadId: null };
      return { text: welcomeBack("✓ Welcome back", await forwardedToOthersSinceAway(ctx.db, turn.rep.id, WROTE_WHILE_AWAY_SHOWN)), leadId: null };
    }
    case "digest": {
      if (!cmd.on) {
        await setRepDigest(ctx.db, turn.rep.id, false, undefined, { command: "digest", summary: "digest off", at: ctx.now() });
        return { text: `✓ Daily digest off.`, leadId: null };
      }
      const now = ctx.now();
      const { quietHours, timezone } = ctx.settings;
      // Turned on after today's opening: the first digest is the next opening's.
      await setRepDigest(ctx.db, turn.rep.id, true, digestSentOnWhenTurnedOn(now, turn.rep.digestSentOn, quietHours, timezone), { command: "digest", summary: "digest on", at: now });
      const first = nextOpening(now, quietHours, timezone);
      await ctx.scheduler.wake(first);
      return { text: `✓ Daily digest on: a summary each morning when the store opens, the first ${formatWhen(first, now, timezone)}. Text "digest off" to stop.`, leadId: null };
    }
    case "new":
    case "relay":
    case "reply":
    case "help":
      throw new Error(`${cmd.kind} is handled by runRepCommand`);
  }
}

/** At most this many of the customers who wrote while the rep was away are named on `back`. */
const WROTE_WHILE_AWAY_SHOWN = 8;

/** `back` (or `undo` of an `away`): and which of the rep's customers wrote meanwhile (another rep had their texts), newest first. */
function welcomeBack(opening: string, wrote: { id: number; name: string }[]): string {
  if (wrote.length === 0) return `${opening}. Your customers' texts come to you again.`;
  const names = wrote.map((l) => `${firstName(l.name)} #${l.id}`);
  const say = (shown: number) =>
    `${opening}: texts come to you again. Another rep had texts from ${names.slice(0, shown).join(", ")}${shown < names.length ? " and more" : ""}. "list #${wrote[0]!.id}" shows one.`;
  // As many whole names as fit (a long one is cut by fitSegments).
  let shown = names.length;
  while (shown > 1 && countSegments(say(shown)).segments > ANSWER_SEGMENTS) shown--;
  return fitSegments(say(shown), ANSWER_SEGMENTS);
}

/** The undo entry of a rep's state-changing command, written with the change itself. */
const undoable = (turn: RepTurn, command: UndoableCommand, summary: string): UndoEntry => ({ repId: turn.rep.id, command, summary });

async function sold(ctx: InboundContext, turn: RepTurn, cmd: Cmd<"sold">): Promise<Answer> {
  const lead = leadOf(turn, cmd.leadId);
  const wasSold = lead.status === "sold";
  if (wasSold && cmd.amountCents === undefined) return { text: `${first(lead)} #${lead.id} is already marked sold.`, leadId: lead.id };
  const amount = cmd.amountCents ?? (wasSold ? lead.amountCents : null);
  // A lost lead's number may be someone else's since: its after-sale texts would reach a
  // rep's phone, or a customer who is another lead's (two series at once: one customer, one rep).
  if (lead.status === "lost") {
    const holder = closedNumberHolder(lead, turn.rep.id, ctx.settings.storeNumber, await readNumberNow(ctx.db, lead.phone));
    if (holder?.kind === "lead" && holder.mine) return { text: `✗ ${closedNumberText(lead, holder)}: nothing changed. Mark that one: sold #${holder.lead.id}${amount === null ? "" : ` ${dollars(amount)}`}`, leadId: lead.id };
    if (holder?.kind === "lead") return { text: `✗ ${closedNumberText(lead, holder)}: nothing changed (one customer, one rep). ${holder.lead.repName ?? "Their rep"} can mark #${holder.lead.id} sold.`, leadId: lead.id };
    if (holder) return { text: `✗ ${closedNumberText(lead, holder)}: nothing changed.`, leadId: lead.id };
  }
  const log = undoable(turn, "sold", `sold ${first(lead)} #${lead.id}`);
  if (wasSold) {
    // Only the amount changes; the after-sale series already runs.
    await changeLead(ctx, lead.id, { kind: "edit", fields: { amountCents: amount } }, log);
    return { text: `✓ ${first(lead)} #${lead.id} sale amount set to ${dollars(amount ?? 0)}.`, leadId: lead.id };
  }
  // The sale is recorded either way (it counts in the owner's stats); for an opted-out
  // number the transition schedules nothing (lead-transitions.ts).
  const changed = await changeLead(ctx, lead.id, { kind: "sold", amountCents: amount }, log);
  const next = changed?.after?.nextAt ?? null;
  const amountText = amount !== null ? ` (${dollars(amount)})` : "";
  // Opted out as read with this text's leads, or as the transition read it again (a STOP
  // that landed in between: its reason, not "no after-sale texts are set up").
  const when =
    lead.optedOut || changed?.optedOut
      ? `No after-sale texts: they opted out, and only they can opt back in (START).`
      : lead.undeliverable
        ? `No after-sale texts: their number can't get texts. Fix it to send them: fix #${lead.id} phone 555-0100`
        : next === null
          ? "No after-sale texts are set up."
        : `After-sale texts start ${formatWhen(next, ctx.now(), ctx.settings.timezone)}.`;
  // A customer who wrote in first has no name yet: the texts say "Hi there" until the rep gives one.
  const unnamed = next !== null && nameForCustomer(lead) === "" ? ` Name them for the texts: fix #${lead.id} name Jane Doe` : "";
  return { text: `✓ ${first(lead)} #${lead.id} sold${amountText}. ${when}${unnamed}`, leadId: lead.id };
}

async function lost(ctx: InboundContext, turn: RepTurn, lead: Lead): Promise<Answer> {
  if (lead.status === "lost") return { text: `${first(lead)} #${lead.id} is already marked lost.`, leadId: lead.id };
  await changeLead(ctx, lead.id, { kind: "end", status: "lost" }, undoable(turn, "lost", `lost ${first(lead)} #${lead.id}`));
  // A sale taken back (a return, a cancelled order) is said as such: it no longer counts.
  const sale = lead.status === "sold" ? ` The sale${lead.amountCents ? ` (${dollars(lead.amountCents)})` : ""} no longer counts; undo brings it back.` : "";
  return { text: `✓ ${first(lead)} #${lead.id} marked lost. No more follow-ups to them.${sale}`, leadId: lead.id };
}

async function later(ctx: InboundContext, turn: RepTurn, cmd: Cmd<"later">): Promise<Answer> {
  const lead = leadOf(turn, cmd.leadId);
  if (lead.status === "lost") return { text: `${first(lead)} #${lead.id} is marked lost, so there is nothing to resume.`, leadId: lead.id };
  // Nothing changes: a reminder that "texts resume" would be a promise Beback must not keep.
  // As read with this text's leads; a STOP landing since is kept by the transition (no `later` on an opted-out number).
  if (lead.optedOut) return { text: `Nothing changed. ${optedOutReason(lead)}`, leadId: lead.id };
  const changed = await changeLead(ctx, lead.id, { kind: "pause", until: cmd.at }, undoable(turn, "later", `later ${first(lead)} #${lead.id}`));
  // Every step sent already: the reminder comes, but no automatic text follows it.
  const then = changed?.stepsLeft === false ? " (no automatic texts are left to resume)" : ", and texts resume";
  return { text: `✓ ${first(lead)} #${lead.id} paused until ${cmd.label}. I'll remind you then with your notes${then}.`, leadId: lead.id };
}

async function note(ctx: InboundContext, turn: RepTurn, cmd: Cmd<"note">): Promise<Answer> {
  const lead = leadOf(turn, cmd.leadId);
  const notes = lead.notes ? `${lead.notes}\n${cmd.text}` : cmd.text;
  await changeLead(ctx, lead.id, { kind: "edit", fields: { notes } }, undoable(turn, "note", `note on ${first(lead)} #${lead.id}`));
  return { text: `✓ Noted for ${first(lead)} #${lead.id}: ${cmd.text.slice(0, 60)}${cmd.text.length > 60 ? "…" : ""}`, leadId: lead.id };
}

async function fix(ctx: InboundContext, turn: RepTurn, cmd: Cmd<"fix">): Promise<Answer> {
  const lead = leadOf(turn, cmd.leadId);
  // The value it has already: said, not "✓ … is now" as if it changed.
  const current = cmd.field === "phone" ? lead.phone : cmd.field === "name" ? lead.name : lead.product;
  if (cmd.value === current) {
    // The same number the carrier refused: it stays refused, so another one is what helps.
    const refused = cmd.field === "phone" && lead.undeliverable ? " It can't get texts: fix it with another number." : "";
    return { text: `${first(lead)} #${lead.id}'s ${cmd.field} is already ${cmd.field === "phone" ? formatPhoneForRep(cmd.value) : cmd.value}. Nothing changed.${refused}`, leadId: lead.id };
  }
  const holders = cmd.field === "phone" ? await readPhoneHolders(ctx.db, cmd.value) : undefined;
  if (holders) {
    const holder = holderOf(cmd.value, ctx.settings.storeNumber, turn.rep.id, holders, lead.id);
    if (holder?.kind === "lead" && holder.mine) return { text: `${first(holder.lead)} #${holder.lead.id} already has ${formatPhoneForRep(cmd.value)}. Nothing changed.`, leadId: lead.id };
    if (holder) return { text: holderText(cmd.value, holder, `fix #${lead.id} phone 555-0100`), leadId: lead.id };
  }
  // A new number may make a stopped series deliverable again (the transition sees to it).
  const fields = cmd.field === "phone" ? { phone: cmd.value } : cmd.field === "name" ? { name: cmd.value } : { product: cmd.value };
  const changed = await changeLead(ctx, lead.id, { kind: "edit", fields }, undoable(turn, "fix", `fix ${cmd.field} of #${lead.id}`));
  // The number's texts now go to this lead's series: a sale of it still in its after-sale texts ends them.
  const pending = changed?.after && (changed.after.nextAt !== null || changed.after.resumeAt !== null);
  const endedAfterSale = pending && holders ? await endAfterSaleOf(ctx, holders.afterSale, lead.id) : [];
  // Undo of this `fix` resumes them.
  await recordEndedAfterSale(ctx.db, turn.rep.id, lead.id, endedAfterSale.flatMap((e) => (e.ended ? [e.ended] : [])));
  const ended = endedAfterSale.map((e) => ` ${afterSaleEnded(e.lead)}`).join("");
  if (changed?.after) await tellSeller(ctx, turn.rep, changed.after, endedAfterSale);
  const shown = cmd.field === "phone" ? formatPhoneForRep(cmd.value) : cmd.value;
  const optedOut = await isOptedOut(ctx.db, cmd.field === "phone" ? cmd.value : lead.phone);
  // The opt-out stays with the old number; the rep is reminded whose word it was.
  const oldOptedOut = cmd.field === "phone" && !optedOut && lead.optedOut ? ` ${oldNumberOptedOut(formatPhoneForRep(lead.phone))}` : "";
  // Named as the rep knows the lead, unless the name is what changed ("✓ #5 name is now Janet Doe").
  const who = cmd.field === "name" ? `#${lead.id}` : `${first(lead)} #${lead.id}`;
  // A number that could not get texts stopped the series: a good one starts it again, said with when.
  const restartedAt = cmd.field === "phone" && lead.undeliverable && !optedOut ? (changed?.after?.nextAt ?? null) : null;
  const restarted = restartedAt === null ? "" : ` Their ${lead.status === "sold" ? "after-sale " : ""}texts start again: the next one goes ${formatWhen(restartedAt, ctx.now(), ctx.settings.timezone)}.`;
  return { text: `✓ ${who} ${cmd.field} is now ${shown}. History kept.${optedOut ? ` ${OPTED_OUT_AFTER}` : ""}${oldOptedOut}${restarted}${ended}`, leadId: lead.id };
}

async function undo(ctx: InboundContext, turn: RepTurn): Promise<Answer> {
  const nothing = { text: `Nothing to undo: undo reverts your last new, sold, lost, later, note, fix or away within 10 minutes.`, leadId: null };
  const entry = await lastUndoEntry(ctx.db, turn.rep.id, ctx.now() - UNDO_WINDOW_MS);
  if (!entry) return nothing;
  // Undo goes back one command, not further: a second one says the first was done.
  if (entry.undoneAt !== null) return { text: `Already undone: ${entry.summary}. Undo goes back one command only.`, leadId: null };
  // The rep's own commands are logged too, so an `undo` meant for them never reverts a sale before them.
  if (entry.command === "away") {
    if (!isAway(turn.rep, ctx.now())) return { text: `Nothing to undo: your ${entry.summary} has ended, and your customers' texts come to you.`, leadId: null };
    if (!(await markUndone(ctx.db, entry.id, ctx.now()))) return nothing;
    await setRepAway(ctx.db, turn.rep.id, null);
    // Customers may have written in the minutes it lasted: named, as `back` names them.
    return { text: welcomeBack(`✓ Undid ${entry.summary}`, await forwardedToOthersSinceAway(ctx.db, turn.rep.id, WROTE_WHILE_AWAY_SHOWN)), leadId: null };
  }
  if (entry.command === "back") return { text: `Can't undo back: to be away again, text "away until" and when, like "away until 3pm". Nothing changed.`, leadId: null };
  if (entry.command === "digest") return { text: `Can't undo ${entry.summary}: text "digest ${entry.summary === "digest on" ? "off" : "on"}" instead. Nothing changed.`, leadId: null };
  // A lead an undone `new` removed leaves its entry without one (it was undone: said above).
  const lead = entry.leadId === null ? undefined : await getLead(ctx.db, entry.leadId);
  // Another rep's command logged on the lead since (after a handover; in the same millisecond
  // its stamp may equal this one's): undoing would overwrite it.
  if (lead && (await laterEntryOnLead(ctx.db, lead.id, entry.id))) return refusedUndo(ctx, entry.summary, lead, entry.at);
  // A note changed nothing but the notes: it is taken back whatever happened to the lead
  // since (a text, a reply), while the notes still start with what was there before it.
  if (lead && entry.command === "note" && entry.before && lead.notes !== entry.before.notes && lead.notes.startsWith(entry.before.notes)) {
    if (!(await restoreNotes(ctx.db, lead.id, lead.notes, entry.before.notes))) return refusedUndo(ctx, entry.summary, lead, entry.at);
    await markUndone(ctx.db, entry.id, ctx.now());
    return { text: `✓ Undid ${entry.summary}. The note is gone.`, leadId: lead.id };
  }
  // The command stamped the lead with its own instant: anything else since moved it. A
  // refused undo changes nothing, its entry included.
  if (lead && lead.updatedAt !== entry.at) return refusedUndo(ctx, entry.summary, lead, entry.at);
  // The command took the lead out of a series the owner has edited since (a `sold` out of
  // be-back): its place there was a position among the old steps. One save since: that save's
  // plan says where it is now; more than one: undo says so and changes nothing.
  let before = entry.before;
  const left = before?.seriesKey;
  if (lead && before && left && left !== lead.seriesKey) {
    const saved = await seriesForEdit(ctx.db, left);
    if (saved && saved.updatedAt > entry.at) {
      const last = saved.lastEdit;
      if (!last || (last.from ?? -Infinity) > entry.at) {
        return { text: `Can't undo ${entry.summary}: the owner changed the ${left === "beback" ? "be-back" : "after-sale"} texts more than once since, so ${first(lead)} #${lead.id} can't be put back where they were in them. Nothing changed. Text the command you want instead.`, leadId: lead.id };
      }
      const place = last.plan[before.seriesNextIndex];
      if (place) before = { ...before, seriesNextIndex: placeOf(place, before.seriesStartedAt === null || lead.lastContactAt === null ? null : lead.lastContactAt - before.seriesStartedAt) };
    }
  }
  if (lead && entry.command !== "new") {
    // The number became the store's or a rep's since (the owner added a rep with it): a lead
    // given it back would text that phone, and its answers would read as commands.
    const restored = entry.before?.phone ?? lead.phone;
    const holders = await readPhoneHolders(ctx.db, restored);
    if (restored === ctx.settings.storeNumber || holders.rep) {
      const whose = !holders.rep ? "the store's own number" : holders.rep.id === turn.rep.id ? "your own phone" : `${holders.rep.name}'s phone (a rep)`;
      return { text: `Can't undo ${entry.summary}: ${formatPhoneForRep(restored)} is ${whose} now. Nothing changed.`, leadId: lead.id };
    }
  }
  if (!(await markUndone(ctx.db, entry.id, ctx.now()))) return nothing;
  if (!lead) return { text: `Nothing to undo: that lead is gone.`, leadId: null };
  // The sales whose after-sale texts the command ended get them back (unless changed since).
  const afterSale = async (answer: Answer): Promise<Answer> => {
    const resumed = await resumeEndedAfterSale(ctx, entry.endedAfterSale ?? []);
    return resumed.length === 0 ? answer : { ...answer, text: [answer.text, ...resumed.map(afterSaleResumed)].join(" ") };
  };
  if (entry.command === "new") return afterSale(await undoNew(ctx, lead));
  // The opt-out is not part of what undo restores: it belongs to the number.
  const phone = entry.before?.phone ?? lead.phone;
  let changed;
  try {
    changed = before ? await changeLead(ctx, lead.id, { kind: "restore", before }, undefined, { unchangedSince: entry.at }) : undefined;
  } catch (error) {
    // Reopened (an undone sold or lost) or given its old number back (an undone fix), the
    // lead would share its number with another open lead: one customer, one rep.
    if (!isUniqueViolation(error)) throw error;
    return { text: `Can't undo ${entry.summary}: ${formatPhoneForRep(phone)} is another open lead's number now. Nothing changed.`, leadId: lead.id };
  }
  if (changed && changed.after === null) return refusedUndo(ctx, entry.summary, changed.before, entry.at);
  const optedOut = await isOptedOut(ctx.db, phone);
  // Named as it is now (an undone `fix name` gives the old name back).
  const now = changed?.after ?? lead;
  return afterSale({ text: `✓ Undid ${entry.summary}. ${first(now)} #${lead.id} is back as it was.${optedOut ? ` ${OPTED_OUT_AFTER}` : ""}`, leadId: lead.id });
}

/** Undo would overwrite what someone else did since (the customer, the owner, a carrier): it says so and changes nothing. */
async function refusedUndo(ctx: InboundContext, summary: string, lead: Lead, since: number): Promise<Answer> {
  const since_ = (await messagesOfLead(ctx.db, lead.id)).filter((m) => m.at >= since);
  const texted = since_.some((m) => m.direction === "in" && m.kind === "customer");
  // A rep's @name (or the owner's text from the lead's page) moved the next follow-up.
  const relayed = since_.some((m) => m.direction === "out" && m.kind === "relay");
  // A `later` that came due: the rep was reminded (a notice about this lead) and texts resumed, if any step was left.
  const cameDue = since_.some((m) => m.direction === "out" && m.kind === "notice" && m.body.startsWith(REMINDER_OPENING));
  const why = (await isOptedOut(ctx.db, lead.phone))
    ? `${first(lead)} opted out of texts since`
    : texted
      ? `${first(lead)} texted since`
      : relayed
        ? `${first(lead)} was texted since (by you or the owner), which moved the next follow-up`
        : cameDue
          ? `its later came due since (you were reminded${lead.nextAt !== null ? " and texts resumed" : ""})`
          : `the lead changed since (the owner, another rep, or the carrier)`;
  return { text: `Can't undo ${summary}: ${why}, and undo would overwrite that. Nothing changed. Text the command you want instead.`, leadId: lead.id };
}

/** Undoing `new`: the lead goes away if the customer was never texted; else it is marked lost. */
async function undoNew(ctx: InboundContext, lead: Lead): Promise<Answer> {
  const history = await messagesOfLead(ctx.db, lead.id);
  if (history.some((m) => m.direction === "out" && m.to === lead.phone)) {
    await endSeries(ctx, lead.id, { status: "lost" });
    return { text: `✓ Undid new ${first(lead)} #${lead.id}. They were already texted, so the lead is marked lost instead.`, leadId: lead.id };
  }
  if (await deleteUntextedLead(ctx.db, lead.id)) return { text: `✓ Undid new ${first(lead)} #${lead.id}. The lead is removed; no texts went out.`, leadId: null };
  // Its first text began to go out since the read above: it stops if it still can.
  await endSeries(ctx, lead.id, { status: "lost" });
  return { text: `✓ Undid new ${first(lead)} #${lead.id}. Its first text was on its way, so the lead is marked lost instead.`, leadId: lead.id };
}
