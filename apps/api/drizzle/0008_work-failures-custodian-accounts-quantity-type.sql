ALTER TABLE `accounts` ADD `custodian_account_number` text;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_custodian_account_uq` ON `accounts` (`custodian_account_number`) WHERE custodian_account_number IS NOT NULL;--> statement-breakpoint
ALTER TABLE `instruments` ADD `quantity_type` text DEFAULT 'UNIT' NOT NULL;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `work_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `work_error` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `parked_at` text;--> statement-breakpoint
CREATE INDEX `st_parked_idx` ON `securities_transfers` (`parked_at`) WHERE parked_at IS NOT NULL;