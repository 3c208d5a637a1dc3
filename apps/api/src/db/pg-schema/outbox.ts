import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/**
 * Events written in the same transaction as the change they describe. `seq`
 * is an identity (by default, so a copy from SQLite keeps its numbers); with
 * several writers a lower seq can commit after a higher one.
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
  },
  (t) => [
    index('outbox_tenant_seq_idx').on(t.tenantId, t.seq),
    index('outbox_object_idx').on(t.objectId, t.seq),
  ],
);
