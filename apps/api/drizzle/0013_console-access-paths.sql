CREATE TABLE `worker_passes` (
	`owner` text PRIMARY KEY NOT NULL,
	`last_pass_at` text NOT NULL,
	`last_claimed` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `at_console_created_idx` ON `account_transfers` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_console_updated_idx` ON `account_transfers` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_console_status_idx` ON `account_transfers` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_console_bic_idx` ON `account_transfers` (`counterparty_bic`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_console_ref_idx` ON `account_transfers` (lower(settlement_reference));--> statement-breakpoint
CREATE INDEX `at_console_name_idx` ON `account_transfers` (lower(counterparty_name)) WHERE counterparty_name IS NOT NULL;--> statement-breakpoint
CREATE INDEX `st_console_created_idx` ON `securities_transfers` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_updated_idx` ON `securities_transfers` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_status_idx` ON `securities_transfers` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_isin_idx` ON `securities_transfers` (`isin`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_bic_idx` ON `securities_transfers` (`counterparty_bic`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_ref_idx` ON `securities_transfers` (lower(settlement_reference));--> statement-breakpoint
CREATE INDEX `st_console_name_idx` ON `securities_transfers` (lower(counterparty_name)) WHERE counterparty_name IS NOT NULL;--> statement-breakpoint
CREATE INDEX `st_console_open_idx` ON `securities_transfers` (`created_at`,`id`) WHERE status IN ('NEW', 'PROCESSING');--> statement-breakpoint
CREATE INDEX `st_cancel_forward_idx` ON `securities_transfers` (`cancellation_forwarded_at`,`status`) WHERE cancellation_requested_at IS NOT NULL;