-- An opt-out belongs to the number (opt_outs), not to a lead's status. Leads that were
-- marked `optedout` get their own standing back (sold and lost as they were, anything else
-- paused with its series stopped); their numbers are kept in opt_outs.
INSERT OR IGNORE INTO `opt_outs` (`phone`, `at`) SELECT `phone`, `updated_at` FROM `leads` WHERE `status` = 'optedout';
--> statement-breakpoint
UPDATE `leads` SET `status` = CASE WHEN `opted_out_from` IN ('sold', 'lost') THEN `opted_out_from` ELSE 'paused' END, `series_paused` = 1, `next_at` = NULL, `resume_at` = NULL WHERE `status` = 'optedout';
--> statement-breakpoint
ALTER TABLE `leads` DROP COLUMN `opted_out_from`;
