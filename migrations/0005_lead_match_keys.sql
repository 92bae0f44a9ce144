ALTER TABLE `leads` ADD `name_key` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `first_key` text;--> statement-breakpoint
CREATE INDEX `leads_rep_name` ON `leads` (`rep_id`,`name_key`);--> statement-breakpoint
CREATE INDEX `leads_rep_first` ON `leads` (`rep_id`,`first_key`);--> statement-breakpoint
CREATE INDEX `leads_rep_created` ON `leads` (`rep_id`,`created_at`);--> statement-breakpoint
-- Written by hand (drizzle-kit garbles an expression index): a rep's reference by the phone's
-- last 4+ digits looks here (lead-queries `leadCandidates`, the same expression).
CREATE INDEX `leads_rep_phone_tail` ON `leads` (`rep_id`, substr(`phone`, -4));--> statement-breakpoint
-- Keys for the leads already there whose names are plain ASCII (letters, digits, spaces, ' and -):
-- for them domain/lead-match.ts `foldName` is lower case with single spaces, trimmed. Any other
-- name keeps null keys until a rep's text reads it (lead-queries `leadCandidates` writes them).
UPDATE `leads` SET `name_key` = trim(replace(replace(replace(replace(replace(replace(lower(`name`), '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' '))
  WHERE `name` NOT GLOB '*[^A-Za-z0-9'' -]*';--> statement-breakpoint
UPDATE `leads` SET `first_key` = substr(`name_key`, 1, instr(`name_key` || ' ', ' ') - 1) WHERE `name_key` IS NOT NULL;
