-- undo_log.lead_id may be null: an undone `new` removes its lead and keeps the entry (so a
-- second `undo` says "Already undone"). SQLite changes a column's NOT NULL by rebuilding the
-- table. No table refers to undo_log, and its rows already satisfy its own foreign keys: no
-- PRAGMA (D1 applies a migration in a transaction, where PRAGMA foreign_keys does nothing).
CREATE TABLE `__new_undo_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` integer NOT NULL,
	`command` text NOT NULL,
	`lead_id` integer,
	`before` text,
	`summary` text NOT NULL,
	`at` integer NOT NULL,
	`undone_at` integer,
	`ended_after_sale` text,
	FOREIGN KEY (`rep_id`) REFERENCES `reps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_undo_log`("id", "rep_id", "command", "lead_id", "before", "summary", "at", "undone_at", "ended_after_sale") SELECT "id", "rep_id", "command", "lead_id", "before", "summary", "at", "undone_at", "ended_after_sale" FROM `undo_log`;--> statement-breakpoint
DROP TABLE `undo_log`;--> statement-breakpoint
ALTER TABLE `__new_undo_log` RENAME TO `undo_log`;--> statement-breakpoint
CREATE INDEX `undo_rep_at` ON `undo_log` (`rep_id`,`at`);