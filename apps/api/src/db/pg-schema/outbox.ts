import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/**
 * Events written in the same transaction as the change they describe. `seq`
 * is an identity (by default, so a copy from SQLite keeps its numbers) drawn
 * at insert; with several writers a lower seq can commit after a higher one,
 * so readers never take events by seq. `position` is null until the event
 * is published (repositories/outbox-publication.ts): positions are handed
 * out after commit, in increasing order, and readers take events by position.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    seq: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    id: text().notNull().unique(),
    tenantId: text().notNull(),
    type: text().notNull(),
    /** SECURITIES_TRANSFER | ACCOUNT_TRANSFER */
    objectKind: text().notNull(),
    objectId: text().notNull(),
    /** Text, not jsonb: the resource exactly as GET returned it, key order included. */
    payload: text().notNull(),
    createdAt: instant().notNull(),
    position: bigint({ mode: 'number' }),
  },
  (t) => [
    uniqueIndex('outbox_position_idx').on(t.position),
    index('outbox_unpublished_idx').on(t.seq).where(sql`${t.position} IS NULL`),
    index('outbox_tenant_position_idx').on(t.tenantId, t.position),
    index('outbox_object_idx').on(t.objectId, t.seq),
  ],
);
