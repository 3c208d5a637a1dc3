CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`user_id` text NOT NULL,
	`account_group_id` text NOT NULL,
	`status` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `accounts_tenant_user_idx` ON `accounts` (`tenant_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `instruments` (
	`isin` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`place_of_settlement` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `positions` (
	`tenant_id` text NOT NULL,
	`account_id` text NOT NULL,
	`isin` text NOT NULL,
	`quantity` text NOT NULL,
	`reserved` text DEFAULT '0' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `isin`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `operator_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`operator_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `operator_sessions_operator_idx` ON `operator_sessions` (`operator_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_email_unique` ON `operators` (`email`);--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`object_kind` text NOT NULL,
	`object_id` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_events_id_unique` ON `outbox_events` (`id`);--> statement-breakpoint
CREATE INDEX `outbox_tenant_seq_idx` ON `outbox_events` (`tenant_id`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_object_idx` ON `outbox_events` (`object_id`,`seq`);--> statement-breakpoint
CREATE TABLE `applied_changes` (
	`change_key` text PRIMARY KEY NOT NULL,
	`transfer_id` text,
	`result` text,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reconciliation_breaks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`account_id` text NOT NULL,
	`isin` text NOT NULL,
	`ours` text NOT NULL,
	`theirs` text NOT NULL,
	`statement_reference` text,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `reconciliation_breaks_open_idx` ON `reconciliation_breaks` (`resolved_at`,`account_id`,`isin`);--> statement-breakpoint
CREATE TABLE `settlement_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`transfer_id` text NOT NULL,
	`message_reference` text NOT NULL,
	`quantity` text NOT NULL,
	`effective_date` text NOT NULL,
	`created_at` text NOT NULL,
	`reversed_at` text,
	`reversal_reference` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_confirmations_messageReference_unique` ON `settlement_confirmations` (`message_reference`);--> statement-breakpoint
CREATE INDEX `settlement_confirmations_transfer_idx` ON `settlement_confirmations` (`transfer_id`);--> statement-breakpoint
CREATE TABLE `access_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`scopes` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `client_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key_id` text NOT NULL,
	`algorithm` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_keys_tenant_key_uq` ON `client_keys` (`tenant_id`,`key_id`);--> statement-breakpoint
CREATE TABLE `signature_nonces` (
	`tenant_id` text NOT NULL,
	`nonce` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signature_nonces_pk` ON `signature_nonces` (`tenant_id`,`nonce`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_hash` text NOT NULL,
	`allowed_scopes` text NOT NULL,
	`rate_limit_per_second` integer DEFAULT 200 NOT NULL,
	`rate_limit_burst` integer DEFAULT 400 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_clientId_unique` ON `tenants` (`client_id`);--> statement-breakpoint
CREATE TABLE `account_transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`transfer_type` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`account_group_id` text NOT NULL,
	`settlement_reference` text NOT NULL,
	`counterparty_bic` text NOT NULL,
	`counterparty_account_number` text,
	`counterparty_name` text,
	`trade_date` text,
	`settlement_date` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`cancellation_requested_at` text,
	`cancel_reason_code` text,
	`cancel_reason_text` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `at_list_created_idx` ON `account_transfers` (`tenant_id`,`direction`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_list_updated_idx` ON `account_transfers` (`tenant_id`,`direction`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_status_created_idx` ON `account_transfers` (`tenant_id`,`direction`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `at_account_created_idx` ON `account_transfers` (`tenant_id`,`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `at_user_created_idx` ON `account_transfers` (`tenant_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `at_group_created_idx` ON `account_transfers` (`tenant_id`,`account_group_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `securities_transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`transfer_type` text NOT NULL,
	`user_id` text NOT NULL,
	`account_id` text NOT NULL,
	`account_group_id` text NOT NULL,
	`settlement_reference` text NOT NULL,
	`counterparty_bic` text NOT NULL,
	`counterparty_account_number` text,
	`counterparty_name` text,
	`trade_date` text,
	`settlement_date` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`cancellation_requested_at` text,
	`cancel_reason_code` text,
	`cancel_reason_text` text,
	`account_transfer_id` text,
	`position_in_parent` integer,
	`isin` text NOT NULL,
	`instrument_id_type` text NOT NULL,
	`quantity` text NOT NULL,
	`quantity_settled` text DEFAULT '0' NOT NULL,
	`place_of_settlement` text,
	`actual_settlement_date` text,
	`reserved_quantity` text DEFAULT '0' NOT NULL,
	`custodian_reference` text,
	`instructed_at` text,
	`lease_owner` text,
	`lease_expires_at` text,
	`due_date` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_transfer_id`) REFERENCES `account_transfers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `st_list_created_idx` ON `securities_transfers` (`tenant_id`,`direction`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_list_updated_idx` ON `securities_transfers` (`tenant_id`,`direction`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_status_created_idx` ON `securities_transfers` (`tenant_id`,`direction`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `st_account_created_idx` ON `securities_transfers` (`tenant_id`,`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `st_user_created_idx` ON `securities_transfers` (`tenant_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `st_group_created_idx` ON `securities_transfers` (`tenant_id`,`account_group_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `st_parent_idx` ON `securities_transfers` (`account_transfer_id`,`position_in_parent`);--> statement-breakpoint
CREATE INDEX `st_work_idx` ON `securities_transfers` (`status`,`lease_expires_at`) WHERE status IN ('NEW', 'PROCESSING');--> statement-breakpoint
CREATE UNIQUE INDEX `st_custodian_ref_uq` ON `securities_transfers` (`custodian_reference`);--> statement-breakpoint
CREATE TABLE `transfer_counts` (
	`transfer_kind` text NOT NULL,
	`tenant_id` text NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfer_counts_pk` ON `transfer_counts` (`transfer_kind`,`tenant_id`,`direction`,`status`);--> statement-breakpoint
CREATE TABLE `transfer_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`transfer_kind` text NOT NULL,
	`transfer_id` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`actor` text NOT NULL,
	`reason_code` text,
	`reason` text,
	`source_message` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `history_transfer_idx` ON `transfer_history` (`transfer_id`,`id`);--> statement-breakpoint
CREATE TABLE `dispatcher_state` (
	`name` text PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `service_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`algorithm` text NOT NULL,
	`private_key_pem` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` text NOT NULL,
	`event_ids` text NOT NULL,
	`attempted_at` text NOT NULL,
	`status_code` integer,
	`latency_ms` integer,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_sub_idx` ON `webhook_attempts` (`subscription_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`subscription_id` text NOT NULL,
	`event_seq` integer NOT NULL,
	`object_id` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`delivered_at` text,
	`last_error` text,
	PRIMARY KEY(`subscription_id`, `event_seq`)
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_object_idx` ON `webhook_deliveries` (`subscription_id`,`object_id`,`event_seq`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`url` text NOT NULL,
	`event_types` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_subscriptions_tenant_idx` ON `webhook_subscriptions` (`tenant_id`);