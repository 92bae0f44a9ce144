// The round-robin with its reads and writes (the choice itself is assign-rep.ts `pickRep`),
// and what happens to a lead whose rep is no longer active: it moves to the next active rep
// in turn. One rule for whatever must reach a rep about a lead — a customer's reply
// (inbound/customer-text.ts) and a `later` coming due (dispatcher.ts).
import { claimCover, reassignLeadFrom } from "../db/lead-queries";
import { optedOutAmong } from "../db/opt-out-queries";
import { getRep, listReps } from "../db/rep-queries";
import type { Db } from "../db/client";
import type { Lead, Rep } from "../db/schema";
import { firstName } from "../domain/lead-tag";
import { getSettingsRow, takeTurn } from "../db/settings-queries";
import { pickRep, type PickOptions, type RepsInTurn } from "./assign-rep";

export interface RepsContext {
  db: Db;
  now: () => number;
}

/** The reps as they are now, and whose turn it is, read once. */
async function repsInTurn(ctx: RepsContext): Promise<{ state: RepsInTurn; repOf: (id: number | null) => Rep | undefined }> {
  const [all, row] = await Promise.all([listReps(ctx.db), getSettingsRow(ctx.db)]);
  const optedOut = await optedOutAmong(ctx.db, all.map((r) => r.phone));
  return { state: { reps: all, lastAssignedRepId: row.lastAssignedRepId, optedOut, now: ctx.now() }, repOf: (id) => all.find((r) => r.id === id) };
}

/** How many times a pick is made again when other texts keep taking the turn it read. */
const TURN_TRIES = 12;

/** A rep picked, and the turn it took (`from`: where the turn was before), if it took one. */
export interface TurnPick {
  rep: Rep;
  took: { from: number | null } | null;
}

/**
 * `pickRep` over the reps as they are (read once), the cursor moved when it was someone's
 * turn. The turn is taken only from where it was read: when another text took it meanwhile
 * (new customers texting at the same moment), this one reads where the turn is now and
 * picks again, so they go in turn.
 */
export async function roundRobinTurn(ctx: RepsContext, opts: PickOptions = {}): Promise<TurnPick | null> {
  const { state, repOf } = await repsInTurn(ctx);
  for (let attempt = 1; ; attempt += 1) {
    const chosen = pickRep(state, opts);
    const rep = chosen ? repOf(chosen.id) : undefined;
    if (!chosen || !rep) return null;
    if (!chosen.turn) return { rep, took: null };
    const from = state.lastAssignedRepId;
    if (await takeTurn(ctx.db, from, chosen.id)) return { rep, took: { from } };
    // After a dozen tries the text still goes to a rep: one out of turn beats none.
    if (attempt >= TURN_TRIES) return { rep, took: null };
    state.lastAssignedRepId = (await getSettingsRow(ctx.db)).lastAssignedRepId;
  }
}

/** `roundRobinTurn`'s rep. */
export async function roundRobinRep(ctx: RepsContext, opts: PickOptions = {}): Promise<Rep | null> {
  return (await roundRobinTurn(ctx, opts))?.rep ?? null;
}

/**
 * Gives back the turn a text took when it joined another text's lead instead (the same
 * customer's other text won): the turn goes back to where it was, unless another text took
 * the next one since.
 */
export async function giveBackTurn(ctx: RepsContext, pick: TurnPick): Promise<void> {
  if (pick.took) await takeTurn(ctx.db, pick.rep.id, pick.took.from);
}

/**
 * Who takes the texts of a customer whose rep cannot (away, or the rep's phone opted out):
 * the lead's cover while that rep can take them, else the next rep in turn. The choice is
 * claimed on the lead, so two texts of the customer that arrive together (a photo and its
 * words come as two) reach one cover: the second to claim takes the first one's choice, and
 * the turn moves once. Null when no other rep can take them. `leaving`: a rep whose leads are
 * being handed over, who takes none of them.
 */
export async function pickCover(ctx: RepsContext, lead: Pick<Lead, "id" | "coverRepId">, owner: number, leaving?: number): Promise<Rep | null> {
  const { state, repOf } = await repsInTurn(ctx);
  const chosen = pickRep(state, { except: leaving === undefined ? owner : [owner, leaving], preferred: lead.coverRepId === leaving ? null : lead.coverRepId });
  if (!chosen) return null;
  if (chosen.id === lead.coverRepId) return repOf(chosen.id) ?? null;
  const claimed = await claimCover(ctx.db, lead.id, lead.coverRepId, chosen.id);
  if (claimed !== chosen.id) return repOf(claimed) ?? repOf(chosen.id) ?? null;
  // The cover is claimed on the lead already: a turn another text took meanwhile stays theirs.
  if (chosen.turn) await takeTurn(ctx.db, state.lastAssignedRepId, chosen.id);
  return repOf(chosen.id) ?? null;
}

/**
 * A lead whose rep is no longer active moves to the next active rep in turn — away or not,
 * when every one is away: no customer is left unanswered — who is returned. Null (the lead
 * stays) when no rep is active. The move is claimed on the lead: two texts of the customer
 * at once (a photo and its words) move it once, to one rep, and take one turn.
 */
export async function moveToNextRep(ctx: RepsContext, lead: Pick<Lead, "id" | "repId">): Promise<Rep | null> {
  const pick = await roundRobinTurn(ctx, { orAway: true });
  if (!pick) return null;
  const has = await reassignLeadFrom(ctx.db, lead.id, lead.repId, pick.rep.id, ctx.now());
  if (has === pick.rep.id) return pick.rep;
  await giveBackTurn(ctx, pick);
  return has === null ? null : ((await getRep(ctx.db, has)) ?? null);
}

/** What the text to the rep a lead moved to starts with: "[Was Sam Rivera's customer, now yours: Sam is not an active rep] ". */
export function movedTag(from: Pick<Rep, "name">): string {
  return `[Was ${from.name}'s customer, now yours: ${firstName(from.name)} is not an active rep] `;
}

/** What a forward to the rep a lead was handed to starts with, for a reply waiting on the rep it was handed from. */
export function handedTag(from: Pick<Rep, "name">): string {
  return `[Was ${from.name}'s customer, now yours: handed over by the owner] `;
}
