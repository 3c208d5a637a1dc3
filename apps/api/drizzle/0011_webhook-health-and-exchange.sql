ALTER TABLE `webhook_attempts` ADD `request_headers` text;--> statement-breakpoint
ALTER TABLE `webhook_attempts` ADD `request_body` text;--> statement-breakpoint
ALTER TABLE `webhook_attempts` ADD `request_body_truncated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_attempts` ADD `response_headers` text;--> statement-breakpoint
ALTER TABLE `webhook_attempts` ADD `response_body` text;--> statement-breakpoint
ALTER TABLE `webhook_attempts` ADD `response_body_truncated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_subscriptions` ADD `last_success_at` text;--> statement-breakpoint
ALTER TABLE `webhook_subscriptions` ADD `last_failure_at` text;--> statement-breakpoint
ALTER TABLE `webhook_subscriptions` ADD `failing_since` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_pending_sub_idx` ON `webhook_deliveries` (`subscription_id`,`event_seq`) WHERE state = 'pending';