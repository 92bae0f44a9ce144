CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`product` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`rep_id` integer NOT NULL,
	`photo_url` text,
	`notes` text DEFAULT '' NOT NULL,
	`undeliverable` integer DEFAULT false NOT NULL,
	`source` text DEFAULT 'rep' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_contact_at` integer,
	`amount_cents` integer,
	`series_key` text,
	`series_started_at` integer,
	`series_paused` integer DEFAULT false NOT NULL,
	`series_next_index` integer DEFAULT 0 NOT NULL,
	`next_at` integer,
	`resume_at` integer,
	`not_before` integer,
	FOREIGN KEY (`rep_id`) REFERENCES `reps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leads_phone` ON `leads` (`phone`);--> statement-breakpoint
CREATE INDEX `leads_rep_status` ON `leads` (`rep_id`,`status`);--> statement-breakpoint
CREATE INDEX `leads_next_at` ON `leads` (`next_at`);--> statement-breakpoint
CREATE INDEX `leads_resume_at` ON `leads` (`resume_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`lead_id` integer,
	`rep_id` integer,
	`from_number` text NOT NULL,
	`to_number` text NOT NULL,
	`body` text NOT NULL,
	`media` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`sid` text,
	`error_code` text,
	`series_key` text,
	`step_index` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_id`) REFERENCES `reps`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_sid_unique` ON `messages` (`sid`);--> statement-breakpoint
CREATE INDEX `messages_lead` ON `messages` (`lead_id`,`at`);--> statement-breakpoint
CREATE INDEX `messages_to_kind` ON `messages` (`to_number`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `opt_outs` (
	`phone` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`away_until` integer,
	`digest` integer DEFAULT false NOT NULL,
	`digest_sent_on` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reps_phone_unique` ON `reps` (`phone`);--> statement-breakpoint
CREATE TABLE `series` (
	`key` text PRIMARY KEY NOT NULL,
	`steps` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_name` text DEFAULT 'Our store' NOT NULL,
	`store_number` text DEFAULT '' NOT NULL,
	`timezone` text DEFAULT 'America/New_York' NOT NULL,
	`quiet_start` text DEFAULT '21:00',
	`quiet_end` text DEFAULT '08:00',
	`send_rate_per_second` real DEFAULT 1 NOT NULL,
	`default_country` text DEFAULT 'US' NOT NULL,
	`last_assigned_rep_id` integer,
	CONSTRAINT "settings_singleton" CHECK("settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `step_sends` (
	`lead_id` integer NOT NULL,
	`series_key` text NOT NULL,
	`step_index` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`message_id` integer,
	`claimed_at` integer NOT NULL,
	`done_at` integer,
	PRIMARY KEY(`lead_id`, `series_key`, `step_index`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `undo_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` integer NOT NULL,
	`command` text NOT NULL,
	`lead_id` integer NOT NULL,
	`before` text,
	`summary` text NOT NULL,
	`at` integer NOT NULL,
	`undone_at` integer,
	FOREIGN KEY (`rep_id`) REFERENCES `reps`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `undo_rep_at` ON `undo_log` (`rep_id`,`at`);--> statement-breakpoint
INSERT INTO `settings` (`id`) VALUES (1);
