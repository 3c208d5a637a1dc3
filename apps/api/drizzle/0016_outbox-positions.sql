DROP INDEX `outbox_tenant_seq_idx`;--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `position` integer GENERATED ALWAYS AS (seq) VIRTUAL;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_position_idx` ON `outbox_events` (`position`);--> statement-breakpoint
CREATE INDEX `outbox_unpublished_idx` ON `outbox_events` (`seq`) WHERE "outbox_events"."position" IS NULL;--> statement-breakpoint
CREATE INDEX `outbox_tenant_position_idx` ON `outbox_events` (`tenant_id`,`position`);--> statement-breakpoint
DROP INDEX `transfer_counts_pk`;--> statement-breakpoint
ALTER TABLE `transfer_counts` ADD `shard` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `transfer_counts_pk` ON `transfer_counts` (`transfer_kind`,`tenant_id`,`direction`,`status`,`shard`);