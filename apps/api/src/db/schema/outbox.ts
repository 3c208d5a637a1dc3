import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Events written in the same transaction as the change they describe.
 * `seq` gives a total order; `payload` is the resource exactly as GET
 * returned it at that moment.
 */
export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    id: text().notNull().unique(),
    tenantId: text().notNull(),
    type: text().notNull(),
    /** SECURITIES_TRANSFER | ACCOUNT_TRANSFER */
    objectKind: text().notNull(),
    objectId: text().notNull(),
    payload: text().notNull(),
    createdAt: text().notNull(),
  },
  (t) => [
    index('outbox_tenant_seq_idx').on(t.tenantId, t.seq),
    index('outbox_object_idx').on(t.objectId, t.seq),
  ],
);
