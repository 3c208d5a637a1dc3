import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, quantity } from './columns.js';
import { tenants } from './tenants.js';

/** Columns both transfer kinds share (the request's settlement instruction). */
const instruction = () => ({
  tenantId: text()
    .notNull()
    .references(() => tenants.id),
  direction: text().notNull(),
  status: text().notNull(),
  transferType: text().notNull(),
  userId: text().notNull(),
  accountId: text().notNull(),
  accountGroupId: text().notNull(),
  settlementReference: text().notNull(),
  counterpartyBic: text().notNull(),
  counterpartyAccountNumber: text(),
  counterpartyName: text(),
  tradeDate: date({ mode: 'string' }),
  settlementDate: date({ mode: 'string' }),
  createdAt: instant().notNull(),
  updatedAt: instant().notNull(),
  cancellationRequestedAt: instant(),
  cancelReasonCode: text(),
  cancelReasonText: text(),
});

export const accountTransfers = pgTable(
  'account_transfers',
  { id: text().primaryKey(), ...instruction() },
  (t) => [
    index('at_list_created_idx').on(t.tenantId, t.direction, t.createdAt, t.id),
    index('at_list_updated_idx').on(t.tenantId, t.direction, t.updatedAt, t.id),
    index('at_status_created_idx').on(t.tenantId, t.direction, t.status, t.createdAt, t.id),
    index('at_account_created_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('at_user_created_idx').on(t.tenantId, t.userId, t.createdAt),
    index('at_group_created_idx').on(t.tenantId, t.accountGroupId, t.createdAt),
    index('at_console_created_idx').on(t.createdAt, t.id),
    index('at_console_updated_idx').on(t.updatedAt, t.id),
    index('at_console_status_idx').on(t.status, t.createdAt, t.id),
    index('at_console_bic_idx').on(t.counterpartyBic, t.createdAt, t.id),
    index('at_console_ref_idx').on(sql`lower(settlement_reference)`),
    index('at_console_name_idx').on(sql`lower(counterparty_name)`).where(sql`counterparty_name IS NOT NULL`),
  ],
);

export const securitiesTransfers = pgTable(
  'securities_transfers',
  {
    id: text().primaryKey(),
    ...instruction(),
    accountTransferId: text().references(() => accountTransfers.id),
    positionInParent: integer(),
    isin: text().notNull(),
    instrumentIdType: text().notNull(),
    quantity: quantity().notNull(),
    quantitySettled: quantity().notNull().default('0'),
    placeOfSettlement: text(),
    actualSettlementDate: date({ mode: 'string' }),
    reservedQuantity: quantity().notNull().default('0'),
    /** Our own unique 16-character reference at the custodian (SWIFT :20C::SEME). */
    custodianReference: text(),
    instructedAt: instant(),
    cancellationForwardedAt: instant(),
    cancellationReasonCode: text(),
    cancellationDeniedAt: instant(),
    cancellationDenials: integer().notNull().default(0),
    custodianStatus: text(),
    custodianReasonCode: text(),
    custodianReasonText: text(),
    custodianStatusAt: instant(),
    /** Kept for parity with SQLite's lease claims; PostgreSQL can claim with SKIP LOCKED instead. */
    leaseOwner: text(),
    leaseExpiresAt: instant(),
    workAttempts: integer().notNull().default(0),
    workError: text(),
    parkedAt: instant(),
    /** Legal due date (OUTGOING: receipt + 21 days) and incoming expiry (receipt + 30 days). */
    dueDate: date({ mode: 'string' }),
    deadlineState: text().notNull().default('ON_TRACK'),
    cancellationRequestedBy: text(),
    cancellationAskedAt: instant(),
    cancellationDenialReason: text(),
  },
  (t) => [
    index('st_list_created_idx').on(t.tenantId, t.direction, t.createdAt, t.id),
    index('st_list_updated_idx').on(t.tenantId, t.direction, t.updatedAt, t.id),
    index('st_status_created_idx').on(t.tenantId, t.direction, t.status, t.createdAt, t.id),
    index('st_account_created_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('st_user_created_idx').on(t.tenantId, t.userId, t.createdAt),
    index('st_group_created_idx').on(t.tenantId, t.accountGroupId, t.createdAt),
    index('st_parent_idx')
      .on(t.accountTransferId, t.positionInParent)
      .where(sql`account_transfer_id IS NOT NULL`),
    index('st_work_idx').on(t.status, t.leaseExpiresAt).where(sql`status IN ('NEW', 'PROCESSING')`),
    index('st_parked_idx').on(t.parkedAt).where(sql`parked_at IS NOT NULL`),
    index('st_deadline_idx')
      .on(t.deadlineState, t.dueDate)
      .where(sql`status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL`),
    index('st_console_created_idx').on(t.createdAt, t.id),
    index('st_console_updated_idx').on(t.updatedAt, t.id),
    index('st_console_status_idx').on(t.status, t.createdAt, t.id),
    index('st_console_isin_idx').on(t.isin, t.createdAt, t.id),
    index('st_console_bic_idx').on(t.counterpartyBic, t.createdAt, t.id),
    index('st_console_ref_idx').on(sql`lower(settlement_reference)`),
    index('st_console_name_idx').on(sql`lower(counterparty_name)`).where(sql`counterparty_name IS NOT NULL`),
    index('st_console_open_idx').on(t.createdAt, t.id).where(sql`status IN ('NEW', 'PROCESSING')`),
    index('st_console_due_idx')
      .on(t.direction, t.dueDate, t.createdAt, t.id)
      .where(sql`status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL`),
    index('st_cancel_forward_idx')
      .on(t.cancellationForwardedAt, t.status)
      .where(sql`cancellation_requested_at IS NOT NULL`),
    uniqueIndex('st_custodian_ref_uq').on(t.custodianReference).where(sql`custodian_reference IS NOT NULL`),
  ],
);

/** Every change of a transfer: the audit trail the console shows. */
export const transferHistory = pgTable(
  'transfer_history',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    tenantId: text().notNull(),
    /** SECURITIES_TRANSFER | ACCOUNT_TRANSFER */
    transferKind: text().notNull(),
    transferId: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    /** client:<client_id> | operator:<email> | reconciler | system */
    actor: text().notNull(),
    reasonCode: text(),
    reason: text(),
    sourceMessage: text(),
    createdAt: instant().notNull(),
  },
  (t) => [index('history_transfer_idx').on(t.transferId, t.id)],
);

/** Running counts per list partition so total_count stays O(1) at millions of rows. */
export const transferCounts = pgTable(
  'transfer_counts',
  {
    transferKind: text().notNull(),
    tenantId: text().notNull(),
    direction: text().notNull(),
    status: text().notNull(),
    /**
     * A partition's count is spread over shards, summed when read: on
     * PostgreSQL each connection changes its own shard, so concurrent writers
     * of one partition do not queue on one row. SQLite uses shard 0 only.
     */
    shard: integer().notNull().default(0),
    count: integer().notNull(),
  },
  (t) => [uniqueIndex('transfer_counts_pk').on(t.transferKind, t.tenantId, t.direction, t.status, t.shard)],
);
