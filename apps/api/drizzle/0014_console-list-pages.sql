DROP INDEX `approval_requests_state_idx`;--> statement-breakpoint
CREATE INDEX `approval_requests_state_idx` ON `approval_requests` (`state`,`requested_at`,`id`);--> statement-breakpoint
DROP INDEX `custodian_exceptions_open_idx`;--> statement-breakpoint
CREATE INDEX `custodian_exceptions_received_idx` ON `custodian_exceptions` (`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `custodian_exceptions_open_idx` ON `custodian_exceptions` (`resolved_at`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `accounts_console_name_idx` ON `accounts` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `reconciliation_breaks_seen_idx` ON `reconciliation_breaks` (`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `reconciliation_breaks_state_seen_idx` ON `reconciliation_breaks` (`resolved_at`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_console_due_idx` ON `securities_transfers` (`direction`,`due_date`,`created_at`,`id`) WHERE status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_seq_idx` ON `webhook_deliveries` (`event_seq`,`subscription_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_state_seq_idx` ON `webhook_deliveries` (`state`,`event_seq`,`subscription_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_failing_idx` ON `webhook_deliveries` (`state`,`event_seq`,`subscription_id`) WHERE attempts > 0;