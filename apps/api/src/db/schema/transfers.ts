import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.js';

/** Columns both transfer kinds share (the request's settlement instruction). */
const instruction = {
  tenantId: text()
    .notNull()
    .references(() => tenants.id),
  direction: text().notNull(),
  status: text().notNull(),
  transferType: text().notNull(),
  userId: text().notNull(),
  accountId: text().notNull(),
  /** Copied from the account so list filters need no join. */
  accountGroupId: text().notNull(),
  settlementReference: text().notNull(),
  counterpartyBic: text().notNull(),
  counterpartyAccountNumber: text(),
  counterpartyName: text(),
  tradeDate: text(),
  settlementDate: text(),
  createdAt: text().notNull(),
  updatedAt: text().notNull(),
  /** Set when a client or operator asks to cancel a PROCESSING transfer. */
  cancellationRequestedAt: text(),
  /** Machine-readable reason of the last CANCELLED (e.g. INSUFFICIENT_POSITION). */
  cancelReasonCode: text(),
  cancelReasonText: text(),
};

export const accountTransfers = sqliteTable(
  'account_transfers',
  { id: text().primaryKey(), ...instruction },
  (t) => [
    index('at_list_created_idx').on(t.tenantId, t.direction, t.createdAt, t.id),
    index('at_list_updated_idx').on(t.tenantId, t.direction, t.updatedAt, t.id),
    index('at_status_created_idx').on(t.tenantId, t.direction, t.status, t.createdAt, t.id),
    index('at_account_created_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('at_user_created_idx').on(t.tenantId, t.userId, t.createdAt),
    index('at_group_created_idx').on(t.tenantId, t.accountGroupId, t.createdAt),
    // The console's cross-tenant access paths (repositories/console-transfer-access.ts).
    index('at_console_created_idx').on(t.createdAt, t.id),
    index('at_console_updated_idx').on(t.updatedAt, t.id),
    index('at_console_status_idx').on(t.status, t.createdAt, t.id),
    index('at_console_bic_idx').on(t.counterpartyBic, t.createdAt, t.id),
    index('at_console_ref_idx').on(sql`lower(settlement_reference)`),
    index('at_console_name_idx').on(sql`lower(counterparty_name)`).where(sql`counterparty_name IS NOT NULL`),
  ],
);

export const securitiesTransfers = sqliteTable(
  'securities_transfers',
  {
    id: text().primaryKey(),
    ...instruction,
    accountTransferId: text().references(() => accountTransfers.id),
    /** Order of the instrument inside its account transfer request. */
    positionInParent: integer(),
    isin: text().notNull(),
    instrumentIdType: text().notNull(),
    quantity: text().notNull(),
    quantitySettled: text().notNull().default('0'),
    placeOfSettlement: text(),
    actualSettlementDate: text(),
    /** Units held back on the position for this OUTGOING transfer. */
    reservedQuantity: text().notNull().default('0'),
    /** Our own unique 16-character reference at the custodian (SWIFT :20C::SEME). */
    custodianReference: text(),
    instructedAt: text(),
    /** When the reconciler sent the cancellation of a PROCESSING transfer to the custodian. */
    cancellationForwardedAt: text(),
    /** Why we asked the custodian to cancel when it was not the client or an operator (EXPIRED). */
    cancellationReasonCode: text(),
    /** When the custodian last refused our cancellation (MT548 CAST REJT / CPRC//DEND). */
    cancellationDeniedAt: text(),
    /** Cancellations the custodian refused: the next request goes under a reference of its own. */
    cancellationDenials: integer().notNull().default(0),
    /** The custodian's latest status advice (MT548), e.g. `MTCH//NMAT`, its reason code and text, and when it came. */
    custodianStatus: text(),
    custodianReasonCode: text(),
    custodianReasonText: text(),
    custodianStatusAt: text(),
    /** Worker lease: a claim is valid until this time; SQLite has no SKIP LOCKED. */
    leaseOwner: text(),
    leaseExpiresAt: text(),
    /** Failed attempts of the worker on this transfer (each backs off; parked at the limit). */
    workAttempts: integer().notNull().default(0),
    /** The last failure of the worker on this transfer. */
    workError: text(),
    /** Set when the worker gave up after its attempts: no longer claimed until an operator retries it. */
    parkedAt: text(),
    /** Legal due date (OUTGOING: receipt + 21 days) and incoming expiry (receipt + 30 days). */
    dueDate: text(),
    /** The deadline state clients were last told (ON_TRACK | AT_RISK | OVERDUE); moved by the deadline pass. */
    deadlineState: text().notNull().default('ON_TRACK'),
    /** Who asked for the latest cancellation (CLIENT | OPERATOR | SYSTEM); kept after a denial or the cancel. */
    cancellationRequestedBy: text(),
    /** When the latest cancellation was asked for; unlike `cancellationRequestedAt` it survives a denial. */
    cancellationAskedAt: text(),
    /** The custodian's reason for refusing the latest cancellation, as clients see it. */
    cancellationDenialReason: text(),
  },
  (t) => [
    index('st_list_created_idx').on(t.tenantId, t.direction, t.createdAt, t.id),
    index('st_list_updated_idx').on(t.tenantId, t.direction, t.updatedAt, t.id),
    index('st_status_created_idx').on(t.tenantId, t.direction, t.status, t.createdAt, t.id),
    index('st_account_created_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('st_user_created_idx').on(t.tenantId, t.userId, t.createdAt),
    index('st_group_created_idx').on(t.tenantId, t.accountGroupId, t.createdAt),
    // Partial: most transfers have no parent and no custodian reference yet, and
    // every index entry is a write on the create path.
    index('st_parent_idx')
      .on(t.accountTransferId, t.positionInParent)
      .where(sql`account_transfer_id IS NOT NULL`),
    // The reconciler's work queue: only unfinished transfers are indexed.
    index('st_work_idx').on(t.status, t.leaseExpiresAt).where(sql`status IN ('NEW', 'PROCESSING')`),
    // Parked transfers are few and shown to operators; NULL (the rule) is not indexed.
    index('st_parked_idx').on(t.parkedAt).where(sql`parked_at IS NOT NULL`),
    // The deadline pass: open transfers by the state last announced and their date.
    index('st_deadline_idx')
      .on(t.deadlineState, t.dueDate)
      .where(sql`status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL`),
    // The console's cross-tenant access paths (repositories/console-transfer-access.ts): every
    // list page and search term walks one of these, never the whole table.
    index('st_console_created_idx').on(t.createdAt, t.id),
    index('st_console_updated_idx').on(t.updatedAt, t.id),
    index('st_console_status_idx').on(t.status, t.createdAt, t.id),
    index('st_console_isin_idx').on(t.isin, t.createdAt, t.id),
    index('st_console_bic_idx').on(t.counterpartyBic, t.createdAt, t.id),
    index('st_console_ref_idx').on(sql`lower(settlement_reference)`),
    index('st_console_name_idx').on(sql`lower(counterparty_name)`).where(sql`counterparty_name IS NOT NULL`),
    // Open transfers only (few at any time): the why-stuck filters walk these.
    index('st_console_open_idx').on(t.createdAt, t.id).where(sql`status IN ('NEW', 'PROCESSING')`),
    // The console's deadlines board: open transfers with a due date, most urgent first, per direction.
    index('st_console_due_idx')
      .on(t.direction, t.dueDate, t.createdAt, t.id)
      .where(sql`status IN ('NEW', 'PROCESSING') AND due_date IS NOT NULL`),
    // Cancellations the worker has still to forward (health panel, worker status): few, so partial;
    // two equality columns so the planner prefers it to the status ranges.
    index('st_cancel_forward_idx')
      .on(t.cancellationForwardedAt, t.status)
      .where(sql`cancellation_requested_at IS NOT NULL`),
    uniqueIndex('st_custodian_ref_uq').on(t.custodianReference).where(sql`custodian_reference IS NOT NULL`),
  ],
);

/** Every change of a transfer: the audit trail the console shows. */
export const transferHistory = sqliteTable(
  'transfer_history',
  {
    id: integer().primaryKey({ autoIncrement: true }),
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
    /** Custodian message reference or file that caused the change, if any. */
    sourceMessage: text(),
    createdAt: text().notNull(),
  },
  (t) => [index('history_transfer_idx').on(t.transferId, t.id)],
);

/** Running counts per list partition so total_count stays O(1) at millions of rows. */
export const transferCounts = sqliteTable(
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
