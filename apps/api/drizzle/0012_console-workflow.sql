CREATE TABLE `approval_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`transfer_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`quantity` text,
	`settlement_date` text,
	`reason` text NOT NULL,
	`transfer_updated_at` text NOT NULL,
	`state` text NOT NULL,
	`requested_by_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`decided_by_id` text,
	`decided_by` text,
	`decided_at` text,
	`decision_reason` text
);
--> statement-breakpoint
CREATE INDEX `approval_requests_state_idx` ON `approval_requests` (`state`,`requested_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `approval_requests_pending_uq` ON `approval_requests` (`transfer_id`) WHERE state = 'PENDING';--> statement-breakpoint
CREATE TABLE `case_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_kind` text NOT NULL,
	`case_id` text NOT NULL,
	`body` text NOT NULL,
	`author` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `case_comments_case_idx` ON `case_comments` (`case_kind`,`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_links` (
	`case_kind` text NOT NULL,
	`case_id` text NOT NULL,
	`transfer_kind` text NOT NULL,
	`transfer_id` text NOT NULL,
	`linked_by` text NOT NULL,
	`linked_at` text NOT NULL,
	PRIMARY KEY(`case_kind`, `case_id`, `transfer_id`)
);
--> statement-breakpoint
CREATE INDEX `case_links_transfer_idx` ON `case_links` (`transfer_id`);--> statement-breakpoint
CREATE TABLE `operator_audit` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`operator_id` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`reason` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `operator_audit_at_idx` ON `operator_audit` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `operator_audit_operator_idx` ON `operator_audit` (`operator_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `operator_audit_action_idx` ON `operator_audit` (`action`,`at`,`id`);--> statement-breakpoint
ALTER TABLE `custodian_exceptions` ADD `acknowledged_at` text;--> statement-breakpoint
ALTER TABLE `custodian_exceptions` ADD `acknowledged_by` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `totp_secret` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `totp_pending_secret` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `totp_last_step` integer;--> statement-breakpoint
ALTER TABLE `reconciliation_breaks` ADD `acknowledged_at` text;--> statement-breakpoint
ALTER TABLE `reconciliation_breaks` ADD `acknowledged_by` text;--> statement-breakpoint
ALTER TABLE `reconciliation_breaks` ADD `resolved_by` text;--> statement-breakpoint
ALTER TABLE `reconciliation_breaks` ADD `resolution` text;