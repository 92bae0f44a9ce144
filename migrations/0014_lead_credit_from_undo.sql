-- 0013 credited every lead from before it to the rep who had it then, so a lead handed over
-- before the upgrade counted for its new rep. The rep's own commands say better: the undo
-- log keeps each `new` and `sold` with the rep who sent it (its rows stay until the rep is
-- removed), and a lead that texted in first was given to the rep its first text went to.
-- Leads made since 0013 already carry these reps, so this gives them the same values.
UPDATE `leads` SET `added_by_rep_id` = COALESCE(
  (SELECT `u`.`rep_id` FROM `undo_log` `u` WHERE `u`.`lead_id` = `leads`.`id` AND `u`.`command` = 'new' ORDER BY `u`.`at`, `u`.`id` LIMIT 1),
  CASE WHEN `leads`.`source` = 'inbound' THEN
    (SELECT `m`.`rep_id` FROM `messages` `m` WHERE `m`.`lead_id` = `leads`.`id` AND `m`.`direction` = 'in' AND `m`.`rep_id` IS NOT NULL ORDER BY `m`.`at`, `m`.`id` LIMIT 1)
  END,
  `added_by_rep_id`
);--> statement-breakpoint
UPDATE `leads` SET `sold_by_rep_id` = COALESCE(
  (SELECT `u`.`rep_id` FROM `undo_log` `u` WHERE `u`.`lead_id` = `leads`.`id` AND `u`.`command` = 'sold' AND `u`.`undone_at` IS NULL ORDER BY `u`.`at` DESC, `u`.`id` DESC LIMIT 1),
  `sold_by_rep_id`
) WHERE `sold_by_rep_id` IS NOT NULL;
