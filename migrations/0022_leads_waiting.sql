-- Rescheduling reads the waiting leads a page at a time by id (db/lead-changes `waitingLeads`):
-- this partial index walks only them, not every closed lead's row.
CREATE INDEX `leads_waiting` ON `leads` (`id`) WHERE "leads"."next_at" IS NOT NULL;