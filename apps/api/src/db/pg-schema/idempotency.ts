import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/** One row per (tenant, idempotency key): `in_flight` blocks a concurrent second request, `done` replays. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text().notNull(),
    key: text().notNull(),
    operation: text().notNull(),
    /** SHA-256 of the canonical request (operation, target and body). */
    requestHash: text().notNull(),
    state: text({ enum: ['in_flight', 'done'] }).notNull(),
    responseStatus: integer(),
    /** Text, not jsonb: a replay answers the very bytes of the first response. */
    responseBody: text(),
    createdAt: instant().notNull(),
    expiresAt: instant().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index('idempotency_keys_expiry').on(t.expiresAt)],
);
