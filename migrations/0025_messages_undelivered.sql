-- Our texts that did not reach the phone, by time: the owner's Results count them by Twilio's
-- error code for the period shown (a store number not registered for business texting, 30034,
-- fails every text, and the owner is the one who can fix it). Only such rows are indexed.
CREATE INDEX `messages_undelivered` ON `messages` (`at`) WHERE "messages"."direction" = 'out' AND "messages"."status" IN ('failed', 'undelivered');