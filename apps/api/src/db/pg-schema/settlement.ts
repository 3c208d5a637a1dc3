import { date, index, pgTable, text } from 'drizzle-orm/pg-core';
import { instant, quantity } from './columns.js';

/** Keys of changes already applied, so a retried or re-read change is never applied twice. */
export const appliedChanges = pgTable('applied_changes', {
  changeKey: text().primaryKey(),
  transferId: text(),
  result: text(),
  appliedAt: instant().notNull(),
});

/** Each settlement confirmation booked; a reversal marks it and undoes its booking. */
export const settlementConfirmations = pgTable(
  'settlement_confirmations',
  {
    id: text().primaryKey(),
    transferId: text().notNull(),
    messageReference: text().notNull().unique(),
    quantity: quantity().notNull(),
    effectiveDate: date({ mode: 'string' }).notNull(),
    createdAt: instant().notNull(),
    reversedAt: instant(),
    reversalReference: text(),
  },
  (t) => [index('settlement_confirmations_transfer_idx').on(t.transferId)],
);

/** Differences between our positions and the custodian's statement. */
export const reconciliationBreaks = pgTable(
  'reconciliation_breaks',
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(),
    isin: text().notNull(),
    ours: quantity().notNull(),
    theirs: quantity().notNull(),
    statementReference: text(),
    firstSeenAt: instant().notNull(),
    lastSeenAt: instant().notNull(),
    acknowledgedAt: instant(),
    acknowledgedBy: text(),
    resolvedAt: instant(),
    resolvedBy: text(),
    resolution: text(),
  },
  (t) => [
    index('reconciliation_breaks_open_idx').on(t.resolvedAt, t.accountId, t.isin),
    index('reconciliation_breaks_seen_idx').on(t.firstSeenAt, t.id),
    index('reconciliation_breaks_state_seen_idx').on(t.resolvedAt, t.firstSeenAt, t.id),
  ],
);
