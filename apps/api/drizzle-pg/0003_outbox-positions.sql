DROP INDEX "outbox_tenant_seq_idx";--> statement-breakpoint
DROP INDEX "transfer_counts_pk";--> statement-breakpoint
ALTER TABLE "outbox_events" ADD COLUMN "position" bigint;--> statement-breakpoint
-- Events already stored were written in seq order: their positions are their seqs, so saved checkpoints and cursors keep their meaning.
UPDATE "outbox_events" SET "position" = "seq";--> statement-breakpoint
ALTER TABLE "transfer_counts" ADD COLUMN "shard" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_position_idx" ON "outbox_events" USING btree ("position");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox_events" USING btree ("seq") WHERE "outbox_events"."position" IS NULL;--> statement-breakpoint
CREATE INDEX "outbox_tenant_position_idx" ON "outbox_events" USING btree ("tenant_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_counts_pk" ON "transfer_counts" USING btree ("transfer_kind","tenant_id","direction","status","shard");