ALTER TABLE `leads` ADD `cover_rep_id` integer;
--> statement-breakpoint
-- The cover each lead had before this column: the rep other than its own who last had its
-- conversation (got a forward of the customer's text, or texted them), as routing read it
-- from the messages until now.
UPDATE `leads` SET `cover_rep_id` = (
  SELECT `m`.`rep_id` FROM `messages` `m`
  WHERE `m`.`lead_id` = `leads`.`id` AND `m`.`kind` IN ('forward', 'relay') AND `m`.`rep_id` IS NOT NULL AND `m`.`rep_id` <> `leads`.`rep_id`
  ORDER BY `m`.`at` DESC, `m`.`id` DESC LIMIT 1
);
