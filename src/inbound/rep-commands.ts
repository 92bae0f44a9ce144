// Carries out one parsed rep command and says what happened, in one short text.
// Commands that change a lead go through src/series/follow-ups.ts, which keeps the lead's
// next automatic step (and the scheduler's alarm) right.
import { MAX_SMS_BODY } from "../twilio/limits";
import { readForNew, readNumberNow, type NewLeadInputs } from "../db/lead-changes";
import { lastNewEntry, recordEndedAfterSale } from "../db/undo-queries";
import { getLead, givePhoto, type LeadRow } from "../db/lead-queries";
import { relayRecordedSince, repTextBefore, updateMessageStatement } from "../db/message-queries";
import { DEFAULT_STORE_NAME } from "../domain/store-name";
import { formatPhoneForRep } from "../domain/phone";
import { firstName } from "../domain/lead-tag";
import { formatWhen } from "../domain/format-time";
import { HELP_TEXT, helpFor } from "../domain/help-text";
import { triesNew, type RepCommand } from "../domain/parse-command";
import type { Mention } from "../domain/reply-mentions";
import { isAway } from "../series/assign-rep";
import { stepsOrDefault } from "../series/default-series";
import { seriesSteps } from "../series/series-steps";
import type { Rep, SeriesStepRow } from "../db/schema";
import type { InboundSms } from "../twilio/inbound-sms";
import { createLead, endAfterSaleOf, markByVerdict, repTexted, wakeForRetry } from "../series/follow-ups";
import { refusedOptedOut, sendText, willRetry } from "../sms/messenger";
import { tellSeller } from "./tell-seller";
import type { InboundContext } from "./inbound-context";
import { afterSaleEnded, ANSWER_SEGMENTS, earlierTextsSaid, leadTag, optedOutReason, refusalInWords } from "./texts";
import { wordsForTheRep } from "./keywords";
import { countSegments, fitSegments } from "../domain/segments";
import { closedNumberHolder, closedNumberText, holderOf, holderText } from "./phone-holders";
import { againIfNumberTaken, leadOf, type Answer, type RepTurn } from "./rep-turn";
import { runVocabularyCommand } from "./rep-vocabulary";
import { isMediaRefusal } from "../twilio/errors";

/** A plain reply goes to the last customer who wrote within this window… */
const REPLY_WINDOW_MS = 24 * 3_600_000;
/** …unless another customer also wrote this recently: then Beback asks instead of guessing. */
const AMBIGUOUS_WINDOW_MS = 5 * 60_000;

export async function runRepCommand(ctx: InboundContext, turn: RepTurn, cmd: RepCommand): Promise<Answer> {
  switch (cmd.kind) {
    case "new":
      return againIfNumberTaken(() => newLead(ctx, turn, cmd));
    case "relay":
      return relay(ctx, turn, leadOf(turn, cmd.leadId), cmd.body);
    case "reply":
      return plainReply(ctx, turn, cmd.body, cmd.named ?? [], cmd.mentions ?? []);
    case "help":
      return { text: cmd.topic ? helpFor(cmd.topic) : HELP_TEXT, leadId: null };
    default:
      return runVocabularyCommand(ctx, turn, cmd);
  }
}

/** The first text from `next` on that sends the lead's photo, as the owner ticked them (-1: none). */
const photoStep = (steps: SeriesStepRow[], next: number) => steps.findIndex((step, i) => i >= next && step.photo);
// Short: with it, the answer to `new` still fits the name, number and product the rep checks.
const NO_PHOTO_STEP = "No series text sends a photo: ask the owner to tick one.";

/**
 * Which text the rep's photo goes with, as the owner's be-back series has it: the first, a
 * later one, or none. A lead keeps one photo: with several, the first is the one (said so).
 */
function photoGoes(read: NewLeadInputs, first: number, photos: number): string {
  const at = photoStep(stepsOrDefault("beback", read.savedSeries.find((r) => r.key === "beback")?.steps ?? null), first);
  if (at === first) return ` with your ${photos > 1 ? "first photo (a lead keeps one)" : "photo"}.`;
  if (at > first) return photos > 1 ? `. Your first photo is kept (a lead keeps one); it goes with text ${at + 1}.` : `. Your photo goes with text ${at + 1}, not the first.`;
  return `. ${NO_PHOTO_STEP}`;
}

/** How long after a rep's `new` a photo sent alone is that lead's: a phone may send the words and the photo as two texts. */
const PHOTO_AFTER_NEW_MS = 2 * 60_000;

/** The product's photo among a text's attachments: an image (a PDF or a contact card is not one); a type not given counts as one. */
const isPhoto = (m: InboundSms["media"][number]) => m.contentType.startsWith("image/") || m.contentType === "";
const productPhoto = (media: InboundSms["media"]) => media.find(isPhoto)?.url ?? null;

/**
 * An attachment sent alone within PHOTO_AFTER_NEW_MS of the rep's latest `new` (whatever
 * commands came between), with no customer's text forwarded to the rep since
 * (`lastForwardAt`), is about that new lead, not a text to the customer who wrote before it:
 * a photo is the lead's photo when it has none yet; anything else (a second photo, a PDF, a
 * contact card, after an `undo` of that `new`) is sent to nobody, and the rep is asked whose
 * it is (fixes audits: each went to the customer who wrote before the `new`). So is one right
 * after a text that tried `new` and made no lead (`triesNew`: a typo, a number someone has).
 * Null when no `new` is that recent: the attachment goes on as a plain reply.
 */
export async function photoAfterNew(ctx: InboundContext, rep: Rep, sms: InboundSms, messageId: number, lastForwardAt: number | null): Promise<Answer | null> {
  const since = ctx.now() - PHOTO_AFTER_NEW_MS;
  const [made, before] = await Promise.all([lastNewEntry(ctx.db, rep.id, since), repTextBefore(ctx.db, rep.id, sms.to, messageId, since)]);
  // The rep's last text tried `new` and made no lead (refused, asked about, or the number's
  // lead already): the attachment is about that customer, and nobody's to send it to. (A
  // `new` that made one logged its undo entry while it was handled, for the lead its text is
  // linked to; a refused one may be linked to the lead that has the number: e2e caught it.)
  const madeNone = before !== undefined && triesNew(before.body) && !(made && made.at >= before.at && made.leadId !== null && before.leadId === made.leadId);
  const latest = Math.max(made?.at ?? 0, madeNone ? before.at : 0);
  if (latest === 0 || (lastForwardAt !== null && lastForwardAt >= latest)) return null;
  if (madeNone) return { text: `Nothing was sent: your new made no lead, so whose is this ${productPhoto(sms.media) !== null ? "photo" : "attachment"}? Send it again with their #id.`, leadId: null };
  const entry = made!;
  const url = productPhoto(sms.media);
  const given = url !== null && entry.undoneAt === null && entry.leadId !== null ? await givePhoto(ctx.db, entry.leadId, rep.id, url) : undefined;
  if (!given) {
    const had = entry.leadId !== null && entry.undoneAt === null ? await getLead(ctx.db, entry.leadId) : undefined;
    const mine = had && had.repId === rep.id ? had : undefined;
    if (mine && url !== null && mine.photoUrl !== null) {
      // A lead keeps one photo: a second one (a phone sends several photos as several texts).
      return { text: `${firstName(mine.name)} #${mine.id} keeps one photo, the first you sent: this one was not kept or sent. To send it to a customer, text it with their #id.`, leadId: mine.id };
    }
    const what = url !== null ? "photo" : "attachment";
    const example = mine ? ` (${firstName(mine.name)} is #${mine.id})` : "";
    return { text: `Nothing was sent: whose is this ${what}, right after your new? Send it again with their #id${example}.`, leadId: mine?.id ?? null };
  }
  const lead = given;
  const at = lead.seriesKey === "beback" ? photoStep(await seriesSteps(ctx.db, "beback"), lead.seriesNextIndex) : -1;
  const goes = at >= 0 ? `It goes with text ${at + 1}.` : NO_PHOTO_STEP;
  // With several attachments, the rest said to go nowhere (two segments hold no more).
  const text =
    sms.media.length > 1
      ? `✓ The first photo kept for ${firstName(lead.name)} #${lead.id} (the rest not sent: a lead keeps one). ${goes}`
      : `✓ Photo kept for ${firstName(lead.name)} #${lead.id}. ${goes} For a customer who wrote you, send it with their #id.`;
  return { text, leadId: lead.id };
}

async function newLead(ctx: InboundContext, turn: RepTurn, cmd: Extract<RepCommand, { kind: "new" }>): Promise<Answer> {
  // One read: the number's opt-out, who has it already, the series to start.
  const read = await readForNew(ctx.db, cmd.phone, true);
  // The opt-out first: "already has that number, text @Jane" would point at a dead end.
  if (read.optedOut.has(cmd.phone)) {
    return { text: `${formatPhoneForRep(cmd.phone)} opted out of texts from ${ctx.settings.storeName}, so Beback won't text it; only they can opt back in, by texting START.`, leadId: null };
  }
  const holder = read.holders && holderOf(cmd.phone, ctx.settings.storeNumber, turn.rep.id, read.holders);
  if (holder) return { text: holderText(cmd.phone, holder, "new Jane 555-0100 recliner", cmd.name), leadId: holder.kind === "lead" && holder.mine ? holder.lead.id : null };
  const photo = productPhoto(turn.sms.media);
  // One write: the lead, its series started, and the undo entry (nothing half-made to clean up).
  const { lead, earlier: taken } = await createLead(
    ctx,
    { name: cmd.name, phone: cmd.phone, product: cmd.product, repId: turn.rep.id, photoUrl: photo, source: "rep" },
    "beback",
    { repId: turn.rep.id, command: "new", summary: `new ${cmd.name}` },
    read,
  );
  // What the number texted the store before it was a lead, bar a HELP or a STOP (answered then).
  const earlier = wordsForTheRep(taken);
  const endedAfterSale = await endAfterSaleOf(ctx, read.holders?.afterSale ?? [], lead.id);
  // Undo of this `new` resumes them.
  await recordEndedAfterSale(ctx.db, turn.rep.id, lead.id, endedAfterSale.flatMap((e) => (e.ended ? [e.ended] : [])));
  const ended = endedAfterSale.map((e) => afterSaleEnded(e.lead));
  await tellSeller(ctx, turn.rep, lead, endedAfterSale);
  const nextAt = lead.nextAt;
  // With the customer's earlier texts to quote, the first name leaves them more room.
  const head = `✓ ${earlier.length > 0 ? firstName(cmd.name) : cmd.name} #${lead.id} · ${formatPhoneForRep(cmd.phone)}`;
  const parts = `${head} · ${cmd.product || "no product"}`;
  const when = [nextAt === null ? "No follow-ups are set up." : `First text ${formatWhen(nextAt, ctx.now(), ctx.settings.timezone)}${photo ? photoGoes(read, lead.seriesNextIndex, turn.sms.media.filter(isPhoto).length) : "."}`, ...ended].join(" ");
  // What the customer texted while no rep was in (now this lead's): the rep reads it here, cut
  // to fit with the name and number (the product may be cut for it).
  // A store the owner has not named yet: the first text names it "Our store" (the rep can tell
  // the owner) — said when it fits with the whole echo, which the rep checks first.
  const unnamedNote = ` The store has no name yet: texts say "${DEFAULT_STORE_NAME}" until the owner sets one.`;
  const unnamed = nextAt !== null && ctx.settings.storeName === DEFAULT_STORE_NAME && countSegments(`${parts}. ${when}${unnamedNote}`).segments <= ANSWER_SEGMENTS ? unnamedNote : "";
  const said = earlierTextsSaid(earlier, `${head}... ${when}${unnamed}`);
  // When it is all too long for the answer, the product and name are cut, never when the first text goes.
  return { text: fitSegments(`${parts}.`, ANSWER_SEGMENTS, ` ${when}${unnamed}${said}`), leadId: lead.id };
}

/** How far back a re-taken text's own earlier try is looked for: a few times INBOUND_STALE_MS. */
const RETAKEN_LOOKBACK_MS = 10 * 60_000;

/** Texts the customer from the store number; the rep hears back only if it did not go. */
export async function relay(ctx: InboundContext, turn: RepTurn, lead: LeadRow, body: string): Promise<Answer> {
  const name = firstName(lead.name);
  // As read with this text's leads (the send path checks again, in the batch that records it).
  if (lead.optedOut) return { text: optedOutReason(lead), leadId: lead.id };
  if (lead.undeliverable) return { text: `${leadTag(lead)}'s number can't get texts. Fix it: fix #${lead.id} phone 555-0100`, leadId: lead.id };
  // A lost or sold lead's number may be another rep's customer since (their `new`): a text
  // from here would pull that customer's replies back to this old lead; or a rep's phone (a
  // lost lead's number is free to give a rep). Open leads are the number's only one (the
  // one-open-lead index), and no rep's, so only closed ones are looked at. This rep's own
  // newer lead of the number is where the conversation goes on: a text from the old one would
  // take the customer's reply away from it (and its series would not step aside for it).
  if (lead.status === "lost" || lead.status === "sold") {
    const holder = closedNumberHolder(lead, turn.rep.id, ctx.settings.storeNumber, await readNumberNow(ctx.db, lead.phone));
    const mine = holder?.kind === "lead" && holder.mine ? ` Text #${holder.lead.id} and your words.` : "";
    if (holder) return { text: `✗ ${closedNumberText(lead, holder)}: nothing was sent.${mine}`, leadId: lead.id };
  }
  // Taken over from a handler that died: if it had recorded these words to this customer, it
  // was calling Twilio with them. Never sent twice blindly; the rep checks (docs/reps.md). A
  // photo alone has no words to tell it from the rep's earlier texts: it goes.
  if (turn.retaken && body.trim() !== "" && (await relayRecordedSince(ctx.db, { leadId: lead.id, repId: turn.rep.id, words: body, since: ctx.now() - RETAKEN_LOOKBACK_MS }))) {
    return { text: `? Beback restarted while sending your text to ${name} #${lead.id}: it may have gone out. Check with them before sending it again.`, leadId: lead.id };
  }
  const media = turn.sms.media.map((m) => m.url);
  // The rep's own text shows in the lead's conversation from the moment its words are recorded
  // (linked in the same batch): a Worker that dies during Twilio's call does not leave it out.
  const sent = await sendText(
    ctx,
    { kind: "relay", to: lead.phone, body, leadId: lead.id, repId: turn.rep.id, media, firstContactStore: ctx.settings.storeName },
    { recordAlong: [updateMessageStatement(ctx.db, turn.messageId, { leadId: lead.id })] },
  );
  const { result } = sent;
  // They opted out after this text's leads were read (a STOP in between): already recorded.
  if (refusedOptedOut(sent)) return { text: optedOutReason(lead), leadId: lead.id };
  if (!result.ok) {
    // Twilio did not take it now (429/5xx): it goes again from the Scheduler, and the rep hears how it ended.
    if (willRetry(sent)) {
      await wakeForRetry(ctx.scheduler, sent);
      return { text: `⏳ ${refusalInWords(result.httpStatus, result.errorCode)}: I'll send it to ${name} #${lead.id} again in a minute and tell you how it went.`, leadId: lead.id };
    }
    const { verdict } = sent;
    // No answer, or an unreadable "created": it may have reached them; a second try could
    // double it. As it may have gone, the next automatic text waits a day after it too.
    if (verdict === "unknown") {
      const next = await nextAfterRepText(ctx, lead.id);
      return { text: `? Twilio didn't confirm the text to ${name} #${lead.id}. It may have gone out: check before sending it again.${next}`, leadId: lead.id };
    }
    // Twilio's final answers mark the lead, as they do for series texts; the rep, who asked to text them, is told here.
    await markByVerdict(ctx.db, sent, { phone: lead.phone, leadId: lead.id }, ctx.now());
    // In words, with Twilio's code (docs/reps.md), as the other refusals say it.
    const code = result.errorCode === null ? "" : `, ${result.errorCode}`;
    if (verdict === "optedout") return { text: `✗ ${name} #${lead.id} has opted out of texts (carrier says unsubscribed${code}). Beback won't text them again.`, leadId: lead.id };
    if (verdict === "undeliverable") return { text: `✗ ${name} #${lead.id}'s number can't get texts (invalid or not a mobile${code}). Fix it: fix #${lead.id} phone 555-0100`, leadId: lead.id };
    // A refused photo is the rep's to leave out; Twilio's other refusals (a 4xx: the store number cannot send there, the account) are the store's set-up.
    if (verdict === "failed" && isMediaRefusal(result.errorCode)) return { text: `✗ Couldn't text ${name} #${lead.id}: Twilio refused the photo (${result.errorCode}). Send your words again without it, or another photo.`, leadId: lead.id };
    const next = verdict === "failed" ? "Tell the owner: it's the store's Twilio set-up." : "Try again in a minute.";
    return { text: `✗ Couldn't text ${name} #${lead.id}: ${refusalInWords(result.httpStatus, result.errorCode)}. ${next}`, leadId: lead.id };
  }
  // Away, the rep would wait in vain for the answer: it goes to the cover.
  const away = isAway(turn.rep, ctx.now()) ? ` You're away: their answer goes to another rep until you text "back".` : "";
  // Longer than one text carries (with the store's opt-out line on a first text): its end was cut ("...").
  const cut = !sent.message.body.startsWith(body) ? ` It was too long for one text (${MAX_SMS_BODY} characters), so its end was cut: send the rest as another text.` : "";
  return { text: `✓ Sent to ${name} #${lead.id}.${cut}${await nextAfterRepText(ctx, lead.id)}${away}`, leadId: lead.id };
}

/** A rep's own text moves the next automatic one back a day: " Next automatic text …", when it goes now (or "" when none is pending). */
async function nextAfterRepText(ctx: InboundContext, leadId: number): Promise<string> {
  const nextAt = await repTexted(ctx, leadId);
  return nextAt === null ? "" : ` Next automatic text ${formatWhen(nextAt, ctx.now(), ctx.settings.timezone)}.`;
}

/**
 * The lead a plain reply to `last` is written about instead (`replyMentions`): another of
 * the rep's customers ("Hal budget 2k"), or `last` herself ("jane wants a call friday"). A
 * name that is also the last writer's is hers; opening the words as one writes to her ("Jane:
 * sold out in grey", "Jane - maybe Friday?"), it is words to her unless what follows is a
 * note's alone ("Jane - hubby hates red", "Jane: lvm"), and so is a note's shape
 * about another after words that open with her name (`toLast`: "Hi Jane, Hal's sofa is in").
 * Null when the words are for her.
 */
function writtenAbout(mentions: Mention[], last: LeadRow, leads: LeadRow[], sameNumber: (id: number) => boolean, toLast: boolean): LeadRow | null {
  for (const m of mentions) {
    if (m.leadIds.some((id) => id === last.id || sameNumber(id))) {
      if (!m.opens || m.plainly) return last;
      continue;
    }
    const other = toLast ? undefined : leads.find((l) => m.leadIds.includes(l.id));
    if (other) return other;
  }
  return null;
}

/** The rep's words as an example quotes them: up to a word's end, not mid-word ("..." keeps it GSM-7). */
const opening = (body: string) => (body.length > 20 ? `${body.slice(0, 20).replace(/\s+\S*$/, "")}...` : body);

async function plainReply(ctx: InboundContext, turn: RepTurn, body: string, named: number[], mentions: Mention[]): Promise<Answer> {
  const now = ctx.now();
  // The forwards read with this text's leads (rep-text.ts: the last day's, newest first).
  const inWindow = turn.forwards.filter((m) => m.at >= now - REPLY_WINDOW_MS).slice(0, 10);
  // The reply is to whoever wrote last, even one who opted out since (then it is refused, and
  // the rep told why): never to the one before them, whom the rep was not answering. A
  // customer who opted out is not offered among others, as they cannot be answered.
  const last = inWindow[0];
  if (!last) {
    return { text: `Who is this for? Start with @name or #id, e.g. "@Jane see you Saturday". Text help for commands.`, leadId: null };
  }
  const lastLead = turn.leads.find((l) => l.id === last.leadId);
  // Moved to another rep since it wrote (a handover): theirs to answer now, and still not the one before.
  if (!lastLead) return { text: `The customer who wrote you last (#${last.leadId}) is another rep's now: nothing was sent. Start with @name or #id for yours.`, leadId: null };
  // "Tom, your bed came in!" while Jane wrote last: the words name another of the rep's
  // customers, so they are not sent to Jane. Asked, with the #id that sends them to Tom.
  const meant = named.includes(lastLead.id) ? undefined : turn.leads.find((l) => named.includes(l.id));
  // The same customer's other lead (a number with an older, closed lead) is no other customer:
  // the words go to the number either way, as the lead that wrote last.
  const sameNumber = (leadId: number) => turn.leads.find((l) => l.id === leadId)?.phone === lastLead.phone;
  // Words about a customer rather than to the one who wrote last — a note to self ("Hal
  // budget 2k", "remind hal friday"), or about her ("Jane's husband hates red"): asked, with
  // the note and the #id that would each do it. Opened with her name, they are hers.
  const toLast = named.includes(lastLead.id);
  const aside = writtenAbout(mentions, lastLead, turn.leads, sameNumber, toLast);
  if (aside) {
    const words = opening(body);
    const to = `To text it to ${firstName(lastLead.name)}: "#${lastLead.id} ${words}".`;
    const about = aside === lastLead ? `reads as a note about ${firstName(lastLead.name)} #${lastLead.id}, not words to them` : `names ${firstName(aside.name)} #${aside.id}, but ${firstName(lastLead.name)} #${lastLead.id} wrote you last`;
    return { text: `Nothing was sent: that ${about}. To note it: "note #${aside.id} ${words}". ${to}`, leadId: null };
  }
  // Words to another of the rep's customers ("Tom, your bed came in!"); to one of two of that
  // name, both are said, never one picked for the rep.
  const alike = turn.leads.filter((l) => named.includes(l.id));
  if (meant && alike.length > 1) {
    const which = alike.slice(0, 3).map((l) => `#${l.id} ${l.name}`).join(", ");
    return { text: `Nothing was sent: that starts with ${firstName(meant.name)}, but ${firstName(lastLead.name)} #${lastLead.id} wrote you last. Which ${firstName(meant.name)} (${which})? Start with their #id.`, leadId: null };
  }
  if (meant) {
    const words = opening(body);
    return { text: `Nothing was sent: that starts with ${firstName(meant.name)}, but ${firstName(lastLead.name)} #${lastLead.id} wrote you last. For ${firstName(meant.name)}, start with #${meant.id}: "#${meant.id} ${words}".`, leadId: null };
  }
  if (lastLead.optedOut) {
    // Their opt-out may be the last the rep heard (it reaches them as a forward), so the words
    // may be for them ("Sorry to hear that") or for whoever wrote before: asked, not guessed.
    const before = inWindow.map((m) => turn.leads.find((l) => l.id === m.leadId && !l.optedOut)).find((l) => l !== undefined);
    // Short enough for two segments whatever the names' letters (UCS-2: 134 characters).
    if (before) return { text: `Nothing was sent: ${firstName(lastLead.name)} #${lastLead.id} opted out of texts. For ${firstName(before.name)} #${before.id}, start with #${before.id}.`, leadId: lastLead.id };
    return relay(ctx, turn, lastLead, body);
  }
  const textable = inWindow.filter((m) => turn.leads.some((l) => l.id === m.leadId && !l.optedOut));
  const others = textable.filter((m) => m.leadId !== last.leadId && !sameNumber(m.leadId) && m.at >= last.at - AMBIGUOUS_WINDOW_MS);
  if (others.length > 0) {
    const ids = [last.leadId, ...new Set(others.map((m) => m.leadId))].slice(0, 3);
    const tags = ids.map((id) => turn.leads.find((l) => l.id === id));
    const list = tags.filter((l): l is LeadRow => l !== undefined).map((l) => `#${l.id} ${l.name}`).join(", ");
    const who = ids.length === 2 ? "Two customers" : "Several customers";
    const words = opening(body);
    // A photo with no words: the #id alone, with the photo again.
    const example = words.trim() ? `"#${last.leadId} ${words}"` : `"#${last.leadId}" with the photo`;
    return { text: `${who} just wrote (${list}). Start with the #id, e.g. ${example}.`, leadId: null };
  }
  return relay(ctx, turn, lastLead, body);
}
