CREATE TABLE `custodian_exceptions` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`reason_code` text NOT NULL,
	`detail` text NOT NULL,
	`message_type` text,
	`message_reference` text,
	`related_reference` text,
	`source` text,
	`raw_message` text,
	`transfer_id` text,
	`tenant_id` text,
	`received_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custodian_exceptions_dedupe_uq` ON `custodian_exceptions` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `custodian_exceptions_open_idx` ON `custodian_exceptions` (`resolved_at`,`received_at`);--> statement-breakpoint
CREATE INDEX `custodian_exceptions_transfer_idx` ON `custodian_exceptions` (`transfer_id`);--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_reason_code` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_denied_at` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_denials` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `custodian_status` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `custodian_reason_code` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `custodian_reason_text` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `custodian_status_at` text;