// Who hears how a person's text to a customer ended (it did not arrive, Beback restarted
// during its call, a later try went or did not): the rep who sent it — a covering rep who
// answered an away rep's customer hears of their own text — or, when that rep is not active
// now or it was the owner's text (recorded as the lead's rep's), the lead's rep. One place
// for the status callback (inbound/delivery-status.ts) and the Scheduler's pending texts.
import type { Db } from "../db/client";
import { getRep } from "../db/rep-queries";
import type { Lead, Message, Rep } from "../db/schema";

/** The rep to tell about `message`, a person's text (`relay`) to `lead`; undefined when neither rep is found. */
export async function repToTell(db: Db, message: Pick<Message, "repId">, lead: Pick<Lead, "repId">): Promise<Rep | undefined> {
  const sender = message.repId === null ? undefined : await getRep(db, message.repId);
  if (sender?.active || sender?.id === lead.repId) return sender;
  return getRep(db, lead.repId);
}
