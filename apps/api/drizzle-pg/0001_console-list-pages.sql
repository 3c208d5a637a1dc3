DROP INDEX "approval_requests_state_idx";--> statement-breakpoint
DROP INDEX "custodian_exceptions_open_idx";--> statement-breakpoint
CREATE INDEX "accounts_console_name_idx" ON "accounts" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "custodian_exceptions_received_idx" ON "custodian_exceptions" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "reconciliation_breaks_seen_idx" ON "reconciliation_breaks" USING btree ("first_seen_at","id");--> statement-breakpoint
CREATE INDEX "reconciliation_breaks_state_seen_idx" ON "reconciliation_breaks" USING btree ("resolved_at","first_seen_at","id");--> statement-breakpoint
CREATE INDEX "st_console_due_idx" ON "securities_transfers" USING btree ("direction","due_date","created_at","id") WHERE status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_seq_idx" ON "webhook_deliveries" USING btree ("event_seq","subscription_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_state_seq_idx" ON "webhook_deliveries" USING btree ("state","event_seq","subscription_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_failing_idx" ON "webhook_deliveries" USING btree ("state","event_seq","subscription_id") WHERE attempts > 0;--> statement-breakpoint
CREATE INDEX "approval_requests_state_idx" ON "approval_requests" USING btree ("state","requested_at","id");--> statement-breakpoint
CREATE INDEX "custodian_exceptions_open_idx" ON "custodian_exceptions" USING btree ("resolved_at","received_at","id");