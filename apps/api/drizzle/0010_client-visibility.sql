ALTER TABLE `securities_transfers` ADD `deadline_state` text DEFAULT 'ON_TRACK' NOT NULL;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_requested_by` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_asked_at` text;--> statement-breakpoint
ALTER TABLE `securities_transfers` ADD `cancellation_denial_reason` text;--> statement-breakpoint
CREATE INDEX `st_deadline_idx` ON `securities_transfers` (`deadline_state`,`due_date`) WHERE status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL;