-- A lead that moved to another rep before 0012 (a handover, or its rep made inactive) has no
-- `rep_since`, so its former rep could still answer its customer's texts of the day before
-- the upgrade. Such a lead has a rep other than the one who added it (0014): it moved before
-- every text recorded so far, which is all that answering by a forward needs to know. A lead
-- only covered for (its rep away) never moved and keeps none.
UPDATE `leads` SET `rep_since` = COALESCE((SELECT MAX(`at`) FROM `messages`), 0) + 1
WHERE `rep_since` IS NULL AND `added_by_rep_id` IS NOT NULL AND `rep_id` <> `added_by_rep_id`;
