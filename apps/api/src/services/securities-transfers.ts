import {
  type CreateSecuritiesTransferRequest,
  canonicalDecimal,
  type ListSecuritiesTransfersQuery,
  type ListSecuritiesTransfersResponse,
  type SecuritiesTransfer,
} from '@tbo/contracts';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { securitiesTransfers } from '../db/schema/index.js';
import { queryRow } from '../db/sql.js';
import type { AccountRow, Executor, SecuritiesTransferRow } from '../db/types.js';
import { AppError, notFound } from '../domain/errors.js';
import { isFinalStatus } from '../domain/status-machine.js';
import { dueDateFor, forecastDates } from '../domain/transfer-dates.js';
import { uuidv7 } from '../lib/uuid-v7.js';
import { placeOfSettlementFor, requireAccountOfUser } from './accounts.js';
import { emitEvent, moveCount, recordHistory } from './journal.js';
import { listMeta, listRows, listTotal } from './list-query.js';
import { toSecuritiesTransfer } from './resources.js';
import { type ChangeMeta, transitionSecuritiesTransfer } from './transitions.js';

export interface NewSecuritiesTransfer {
  tenantId: string;
  account: AccountRow;
  direction: 'INCOMING' | 'OUTGOING';
  isin: string;
  quantity: string;
  settlementReference: string;
  counterparty: CreateSecuritiesTransferRequest['counterparty'];
  placeOfSettlement?: string | undefined;
  tradeDate?: string | undefined;
  settlementDate?: string | undefined;
  accountTransferId?: string;
  positionInParent?: number;
}

const INSERT_COLUMNS = [
  'id',
  'tenant_id',
  'direction',
  'status',
  'transfer_type',
  'user_id',
  'account_id',
  'account_group_id',
  'settlement_reference',
  'counterparty_bic',
  'counterparty_account_number',
  'counterparty_name',
  'trade_date',
  'settlement_date',
  'created_at',
  'updated_at',
  'account_transfer_id',
  'position_in_parent',
  'isin',
  'instrument_id_type',
  'quantity',
  'place_of_settlement',
  'due_date',
];
const INSERT_TRANSFER_SQL = `INSERT INTO securities_transfers (${INSERT_COLUMNS.join(', ')})
  VALUES (${INSERT_COLUMNS.map((c) => `@${c}`).join(', ')}) RETURNING *`;

/** Inserts a NEW securities transfer with its history, counter and event. */
export function insertSecuritiesTransfer(tx: Executor, input: NewSecuritiesTransfer, meta: ChangeMeta) {
  const today = meta.at.slice(0, 10);
  const dates = forecastDates(today, { trade_date: input.tradeDate, settlement_date: input.settlementDate });
  const values: Record<string, string | number | null> = {
    id: uuidv7(),
    tenant_id: input.tenantId,
    direction: input.direction,
    status: 'NEW',
    transfer_type: 'NO_OWNER_CHANGE',
    user_id: input.account.userId,
    account_id: input.account.id,
    account_group_id: input.account.accountGroupId,
    settlement_reference: input.settlementReference,
    counterparty_bic: input.counterparty.bic,
    counterparty_account_number: input.counterparty.account_number ?? null,
    counterparty_name: input.counterparty.name ?? null,
    trade_date: dates.tradeDate,
    settlement_date: dates.settlementDate,
    created_at: meta.at,
    updated_at: meta.at,
    account_transfer_id: input.accountTransferId ?? null,
    position_in_parent: input.positionInParent ?? null,
    isin: input.isin,
    instrument_id_type: 'ISIN',
    quantity: canonicalDecimal(input.quantity),
    place_of_settlement: input.placeOfSettlement ?? placeOfSettlementFor(tx, input.isin),
    due_date: dueDateFor(input.direction, today),
  };
  const row = queryRow<SecuritiesTransferRow>(tx, INSERT_TRANSFER_SQL, values);
  if (!row) throw new AppError('INTERNAL', 'the insert returned no row');
  recordHistory(tx, {
    tenantId: input.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: null,
    toStatus: 'NEW',
    actor: meta.actor,
    at: meta.at,
    reason: dates.adjustments.length > 0 ? dates.adjustments.join('; ') : (meta.reason ?? 'received'),
  });
  moveCount(tx, 'SECURITIES_TRANSFER', input.tenantId, input.direction, null, 'NEW');
  emitEvent(tx, {
    tenantId: input.tenantId,
    type: 'SECURITIES_TRANSFER.NEW',
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(row),
    at: meta.at,
  });
  return row;
}

export function createSecuritiesTransfer(
  tx: Executor,
  tenantId: string,
  request: CreateSecuritiesTransferRequest,
  meta: ChangeMeta,
): SecuritiesTransfer {
  const account = requireAccountOfUser(tx, tenantId, request.account_id, request.user_id);
  const row = insertSecuritiesTransfer(
    tx,
    {
      tenantId,
      account,
      direction: request.direction,
      isin: request.instrument_id,
      quantity: request.quantity,
      settlementReference: request.settlement_reference,
      counterparty: request.counterparty,
      placeOfSettlement: request.place_of_settlement,
      tradeDate: request.trade_date,
      settlementDate: request.settlement_date,
    },
    meta,
  );
  return toSecuritiesTransfer(row);
}

export function findSecuritiesTransferRow(
  db: Executor,
  tenantId: string,
  id: string,
): SecuritiesTransferRow | undefined {
  return queryRow<SecuritiesTransferRow>(
    db,
    'SELECT * FROM securities_transfers WHERE id = ? AND tenant_id = ?',
    id,
    tenantId,
  );
}

/** A transfer of the tenant; another tenant's id is indistinguishable from a missing one. */
export function requireSecuritiesTransferRow(db: Executor, tenantId: string, id: string) {
  const row = findSecuritiesTransferRow(db, tenantId, id);
  if (!row) throw notFound('securities transfer', id);
  return row;
}

export function getSecuritiesTransfer(db: Db, tenantId: string, id: string): SecuritiesTransfer {
  return toSecuritiesTransfer(requireSecuritiesTransferRow(db, tenantId, id));
}

export function listSecuritiesTransfers(
  db: Db,
  tenantId: string,
  query: ListSecuritiesTransfersQuery,
): ListSecuritiesTransfersResponse {
  const rows = listRows<SecuritiesTransferRow>(db, 'SECURITIES_TRANSFER', tenantId, query);
  const total = listTotal(db, 'SECURITIES_TRANSFER', tenantId, query);
  return { meta: listMeta(query, rows.length, total), data: rows.map(toSecuritiesTransfer) };
}

/**
 * NEW → CANCELLED at once; PROCESSING → cancellation requested (the
 * reconciler forwards it to the custodian); a final transfer → 409.
 */
export function cancelSecuritiesTransferRow(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
): SecuritiesTransferRow {
  if (isFinalStatus(row.status as SecuritiesTransfer['status'])) {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `securities transfer ${row.id} is ${row.status} and can no longer be cancelled`,
    );
  }
  if (row.status === 'NEW') {
    return transitionSecuritiesTransfer(tx, row, 'CANCELLED', {
      ...meta,
      reasonCode: meta.reasonCode ?? 'CANCELLED_BY_REQUEST',
    });
  }
  if (row.cancellationRequestedAt) return row;
  const updated = tx
    .update(securitiesTransfers)
    .set({ cancellationRequestedAt: meta.at, updatedAt: meta.at })
    .where(eq(securitiesTransfers.id, row.id))
    .returning()
    .get();
  recordHistory(tx, {
    tenantId: row.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: row.status,
    toStatus: row.status,
    ...meta,
    reasonCode: meta.reasonCode ?? 'CANCELLATION_REQUESTED',
    reason: meta.reason ?? 'cancellation requested; forwarded to the custodian',
  });
  return updated ?? row;
}

export function cancelSecuritiesTransfer(
  tx: Executor,
  tenantId: string,
  id: string,
  meta: ChangeMeta,
): SecuritiesTransfer {
  const row = requireSecuritiesTransferRow(tx, tenantId, id);
  return toSecuritiesTransfer(cancelSecuritiesTransferRow(tx, row, meta));
}
