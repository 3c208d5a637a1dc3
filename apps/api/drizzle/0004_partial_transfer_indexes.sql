DROP INDEX `st_parent_idx`;--> statement-breakpoint
DROP INDEX `st_custodian_ref_uq`;--> statement-breakpoint
CREATE INDEX `st_parent_idx` ON `securities_transfers` (`account_transfer_id`,`position_in_parent`) WHERE account_transfer_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `st_custodian_ref_uq` ON `securities_transfers` (`custodian_reference`) WHERE custodian_reference IS NOT NULL;