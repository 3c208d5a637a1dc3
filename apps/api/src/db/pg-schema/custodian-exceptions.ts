import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/** Custodian messages not booked because they do not match what we instructed; kept with the raw message. */
export const custodianExceptions = pgTable(
  'custodian_exceptions',
  {
    id: text().primaryKey(),
    /** One exception per received message (`message:<reference>`, or `file:<name>` when unreadable). */
    dedupeKey: text().notNull(),
    reasonCode: text().notNull(),
    detail: text().notNull(),
    messageType: text(),
    /** The custodian's own reference (`:20C::SEME//`). */
    messageReference: text(),
    /** The reference the message names as ours (`:20C::RELA//` or `PREV`). */
    relatedReference: text(),
    source: text(),
    /** The message exactly as received: text, never re-encoded. */
    rawMessage: text(),
    transferId: text(),
    tenantId: text(),
    receivedAt: instant().notNull(),
    acknowledgedAt: instant(),
    acknowledgedBy: text(),
    resolvedAt: instant(),
    resolvedBy: text(),
    resolution: text(),
  },
  (t) => [
    uniqueIndex('custodian_exceptions_dedupe_uq').on(t.dedupeKey),
    index('custodian_exceptions_open_idx').on(t.resolvedAt, t.receivedAt, t.id),
    index('custodian_exceptions_received_idx').on(t.receivedAt, t.id),
    index('custodian_exceptions_transfer_idx').on(t.transferId),
  ],
);
