-- When a step's last word passed: from then on its Twilio call may have begun. A claim
-- without it never called Twilio (its run died waiting for the pacing slot), and a later run
-- sends it. Claims in flight when this runs may have been in their call: they count as called.
ALTER TABLE `step_sends` ADD `called_at` integer;
--> statement-breakpoint
UPDATE `step_sends` SET `called_at` = `claimed_at` WHERE `status` = 'claimed' AND `message_id` IS NOT NULL;
