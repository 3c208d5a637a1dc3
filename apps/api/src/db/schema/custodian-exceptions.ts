import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Custodian messages that were not booked because they do not match what we
 * instructed (or name nothing of ours): kept with the raw message until an
 * operator resolves them in the console.
 */
export const custodianExceptions = sqliteTable(
  'custodian_exceptions',
  {
    id: text().primaryKey(),
    /** One exception per received message (`message:<reference>`, or `file:<name>` when unreadable). */
    dedupeKey: text().notNull(),
    /** e.g. ISIN_MISMATCH, ACCOUNT_MISMATCH, MESSAGE_TYPE_MISMATCH, UNKNOWN_REFERENCE, TRANSFER_NOT_OPEN. */
    reasonCode: text().notNull(),
    detail: text().notNull(),
    /** MT544, MT546, MT548… (null when the message could not be read). */
    messageType: text(),
    /** The custodian's own reference (`:20C::SEME//`). */
    messageReference: text(),
    /** The reference the message names as ours (`:20C::RELA//` or `PREV`). */
    relatedReference: text(),
    /** The file or channel it came from. */
    source: text(),
    rawMessage: text(),
    /** The transfer it names, when that is one of ours. */
    transferId: text(),
    tenantId: text(),
    receivedAt: text().notNull(),
    /** An operator took it on (operator:<email>); it stays open until resolved. */
    acknowledgedAt: text(),
    acknowledgedBy: text(),
    resolvedAt: text(),
    /** operator:<email> */
    resolvedBy: text(),
    resolution: text(),
  },
  (t) => [
    uniqueIndex('custodian_exceptions_dedupe_uq').on(t.dedupeKey),
    // Open ones (resolved_at IS NULL) newest first, id last so the console pages by keyset.
    index('custodian_exceptions_open_idx').on(t.resolvedAt, t.receivedAt, t.id),
    index('custodian_exceptions_transfer_idx').on(t.transferId),
    // The console's list of all exceptions, newest first.
    index('custodian_exceptions_received_idx').on(t.receivedAt, t.id),
  ],
);
