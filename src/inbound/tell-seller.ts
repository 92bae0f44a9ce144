// The rep who sold to a number hears when another rep's `new` or `fix` takes it. Its after-sale
// texts end then (one series a number at a time: follow-ups.ts `endAfterSaleOf`), the
// customer's replies go to the other rep, and the seller's own answers to them are refused.
// Nobody told the seller before (week audit).
import { getRep } from "../db/rep-queries";
import type { Lead, Rep } from "../db/schema";
import { sendSoon } from "../sms/messenger";
import type { InboundContext } from "./inbound-context";
import { soldNumberTakenNotice } from "./texts";

/** A notice to each active rep, other than `by`, whose sold lead's after-sale texts `ended` holds as ended for `lead`. */
export async function tellSeller(ctx: InboundContext, by: Rep, lead: Pick<Lead, "id" | "product">, ended: readonly { lead: Lead; ended: unknown }[]): Promise<void> {
  for (const { lead: sold, ended: stopped } of ended) {
    if (stopped === null || sold.repId === by.id) continue;
    const seller = await getRep(ctx.db, sold.repId);
    if (seller?.active) await sendSoon(ctx, { kind: "notice", to: seller.phone, body: soldNumberTakenNotice(sold, by, lead), leadId: sold.id, repId: seller.id });
  }
}
