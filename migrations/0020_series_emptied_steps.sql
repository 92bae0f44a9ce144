-- While a series is saved with no steps, the steps it had (db/schema.ts `series.emptiedSteps`): the
-- next save with steps is an edit of those, so each lead's place and each text's step survive the
-- empty spell (series/series-edit.ts). Null otherwise, and for every series saved before.
ALTER TABLE `series` ADD `emptied_steps` text;