-- Who a lead counts for in the owner's results, whoever has it now: the rep who added it
-- and the rep who marked the sale (a handover no longer gives the new rep the old one's
-- leads and sales). Leads from before: their rep now, the best there is to go on.
ALTER TABLE `leads` ADD `added_by_rep_id` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `sold_by_rep_id` integer;--> statement-breakpoint
UPDATE `leads` SET `added_by_rep_id` = `rep_id`;--> statement-breakpoint
UPDATE `leads` SET `sold_by_rep_id` = `rep_id` WHERE `status` = 'sold';
