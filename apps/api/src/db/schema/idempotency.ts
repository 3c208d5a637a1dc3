import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per (tenant, idempotency key). `in_flight` rows block a concurrent
 * second request (409); `done` rows replay the stored response.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tenantId: text().notNull(),
    key: text().notNull(),
    /** e.g. securitiesTransfers.create – a key is bound to one operation. */
    operation: text().notNull(),
    /** SHA-256 of the canonical request (operation, target and body). */
    requestHash: text().notNull(),
    state: text({ enum: ['in_flight', 'done'] }).notNull(),
    responseStatus: integer(),
    responseBody: text(),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  // Expiry times only grow: the index is appended to, and the purge reads it in order.
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index('idempotency_keys_expiry').on(t.expiresAt)],
);
