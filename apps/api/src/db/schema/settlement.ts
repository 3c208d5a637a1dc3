import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Keys of changes already applied (instructions, confirmations, custodian
 * messages), so a retried or re-read change is never applied twice.
 */
export const appliedChanges = sqliteTable('applied_changes', {
  changeKey: text().primaryKey(),
  transferId: text(),
  result: text(),
  appliedAt: text().notNull(),
});

/** Each settlement confirmation booked; a reversal marks it and undoes its booking. */
export const settlementConfirmations = sqliteTable(
  'settlement_confirmations',
  {
    id: text().primaryKey(),
    transferId: text().notNull(),
    messageReference: text().notNull().unique(),
    quantity: text().notNull(),
    effectiveDate: text().notNull(),
    createdAt: text().notNull(),
    reversedAt: text(),
    reversalReference: text(),
  },
  (t) => [index('settlement_confirmations_transfer_idx').on(t.transferId)],
);

/** Differences between our positions and the custodian's statement. */
export const reconciliationBreaks = sqliteTable(
  'reconciliation_breaks',
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(),
    isin: text().notNull(),
    ours: text().notNull(),
    theirs: text().notNull(),
    statementReference: text(),
    firstSeenAt: text().notNull(),
    lastSeenAt: text().notNull(),
    acknowledgedAt: text(),
    acknowledgedBy: text(),
    /** Set by a statement that matches again (by stays null) or by an operator with a reason. */
    resolvedAt: text(),
    resolvedBy: text(),
    resolution: text(),
  },
  (t) => [
    index('reconciliation_breaks_open_idx').on(t.resolvedAt, t.accountId, t.isin),
    // The console's list, newest first: all breaks, and the open ones (resolved_at IS NULL) on their own.
    index('reconciliation_breaks_seen_idx').on(t.firstSeenAt, t.id),
    index('reconciliation_breaks_state_seen_idx').on(t.resolvedAt, t.firstSeenAt, t.id),
  ],
);
