// /api/leads: the owner's view of leads and their conversations.
import { Hono } from "hono";
import * as v from "valibot";
import { dbFrom } from "../db/client";
import { getLeadRow, listLeads, toLeadView } from "../db/lead-queries";
import { messagesOfLead } from "../db/message-queries";
import { LEAD_VIEW_STATUSES } from "../db/schema";
import { fail } from "./errors";
import { idParam, parseOr400 } from "./validate";

export const leadsApi = new Hono<{ Bindings: Env }>();

const LeadsQuery = v.object({
  status: v.optional(v.picklist(LEAD_VIEW_STATUSES, `must be one of ${LEAD_VIEW_STATUSES.join(", ")}`)),
});

leadsApi.get("/", async (c) => {
  const { status } = parseOr400(LeadsQuery, { status: c.req.query("status") });
  const rows = await listLeads(dbFrom(c.env.DB), status);
  return c.json(rows.map(toLeadView));
});

leadsApi.get("/:id", async (c) => {
  const db = dbFrom(c.env.DB);
  const lead = await getLeadRow(db, idParam(c));
  if (!lead) fail(404, "not found");
  const conversation = await messagesOfLead(db, lead.id);
  return c.json({
    ...toLeadView(lead),
    notes: lead.notes,
    messages: conversation.map((m) => ({
      direction: m.direction,
      kind: m.kind,
      from: m.from,
      to: m.to,
      body: m.body,
      media: m.media,
      status: m.status,
      errorCode: m.errorCode,
      at: new Date(m.at).toISOString(),
    })),
  });
});
