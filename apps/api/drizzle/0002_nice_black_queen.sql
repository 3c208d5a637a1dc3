CREATE TABLE `webhook_attempt_events` (
	`attempt_id` integer NOT NULL,
	`event_seq` integer NOT NULL,
	PRIMARY KEY(`event_seq`, `attempt_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_attempt_events_attempt_idx` ON `webhook_attempt_events` (`attempt_id`);--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `last_attempt_at` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `last_status_code` integer;--> statement-breakpoint
CREATE INDEX `webhook_attempts_sub_time_idx` ON `webhook_attempts` (`subscription_id`,`attempted_at`);