import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Events written in the same transaction as the change they describe;
 * `payload` is the resource exactly as GET returned it at that moment.
 * `position` is the order readers take events in. SQLite's one writer
 * commits events in `seq` order, so the position is the seq itself (a
 * generated column); on PostgreSQL it is assigned after commit (see
 * pg-schema/outbox.ts).
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
    position: integer().generatedAlwaysAs(sql`seq`, { mode: 'virtual' }),
  },
  (t) => [
    uniqueIndex('outbox_position_idx').on(t.position),
    index('outbox_unpublished_idx').on(t.seq).where(sql`${t.position} IS NULL`),
    index('outbox_tenant_position_idx').on(t.tenantId, t.position),
    index('outbox_object_idx').on(t.objectId, t.seq),
  ],
);
