-- The last save's places and the save time it replaced (db/schema.ts `series.lastEdit`): a rep's `undo`
-- of a `sold` made before one edit of the be-back texts puts the lead back at its place in them.
ALTER TABLE `series` ADD `last_edit` text;