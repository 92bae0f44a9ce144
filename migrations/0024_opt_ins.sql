-- When a number last opted back in (START, UNSTOP, YES after an opt-out): a late 21610 in the
-- status callback of a text sent before then is stale, and never opts the number out again.
CREATE TABLE `opt_ins` (
	`phone` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
