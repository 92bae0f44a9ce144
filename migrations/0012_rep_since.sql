-- A rep's plain reply (and `#id`) reaches the customers whose texts were forwarded to that
-- rep, looked up by the rep's id (a phone can pass to another rep: messages_rep_forwards,
-- forwards only), and only while the lead has not moved to another rep since (`rep_since`:
-- when it last did; null, it never moved).
ALTER TABLE `leads` ADD `rep_since` integer;--> statement-breakpoint
CREATE INDEX `messages_rep_forwards` ON `messages` (`rep_id`,`at`) WHERE "messages"."kind" = 'forward';
