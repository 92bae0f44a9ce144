-- One customer, one rep: at most one open (active or paused) lead a number, held by the
-- database, so two texts at once (two reps' `new`, a `new` and the customer's first text)
-- cannot both pass the check `new` and `fix` make. A store that already has two open leads
-- of one number (made by such a race before this index) keeps the newest open: the older
-- ones end as lost, their automatic texts stopped, their history kept.
UPDATE `leads` SET `status` = 'lost', `next_at` = NULL, `resume_at` = NULL, `series_paused` = 1
WHERE `status` IN ('active', 'paused')
  AND `id` NOT IN (SELECT max(`id`) FROM `leads` WHERE `status` IN ('active', 'paused') GROUP BY `phone`);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_open_phone` ON `leads` (`phone`) WHERE "leads"."status" in ('active', 'paused');
