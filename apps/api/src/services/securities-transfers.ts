import {
  type CreateSecuritiesTransferRequest,
  canonicalDecimal,
  type ListSecuritiesTransfersQuery,
  type ListSecuritiesTransfersResponse,
  marketDate,
  type SecuritiesTransfer,
  type SecuritiesTransferStatus,
} from '@tbo/contracts';
import type { Db } from '../db/client.js';
import type { AccountRow, Executor, SecuritiesTransferRow } from '../db/types.js';
import { type Canceller, decideCancellation } from '../domain/cancellation.js';
import { notFound } from '../domain/errors.js';
import { dueDateFor, forecastDates } from '../domain/transfer-dates.js';
import { uuidv7 } from '../lib/uuid-v7.js';
import * as transfers from '../repositories/transfers.js';
import { placeOfSettlementFor, requireAccountOfUser } from './accounts.js';
import { requesterOf } from './client-view/cancellation.js';
import { emitEvent, moveCount, recordHistory } from './journal.js';
import { listMeta, listRows, listTotal } from './list-query.js';
import { toSecuritiesTransfer } from './resources.js';
import {
  type ChangeMeta,
  changeSecuritiesTransferData,
  transitionSecuritiesTransfer,
} from './transitions.js';

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

/** Inserts a NEW securities transfer with its history, counter and event. */
export async function insertSecuritiesTransfer(
  tx: Executor,
  input: NewSecuritiesTransfer,
  meta: ChangeMeta,
): Promise<SecuritiesTransferRow> {
  const today = marketDate(meta.at);
  const dates = forecastDates(today, { trade_date: input.tradeDate, settlement_date: input.settlementDate });
  // The row is built here rather than read back (RETURNING): the insert is the
  // hottest statement of the service and every value is known up front.
  const row: SecuritiesTransferRow = {
    id: uuidv7(),
    tenantId: input.tenantId,
    direction: input.direction,
    status: 'NEW',
    transferType: 'NO_OWNER_CHANGE',
    userId: input.account.userId,
    accountId: input.account.id,
    accountGroupId: input.account.accountGroupId,
    settlementReference: input.settlementReference,
    counterpartyBic: input.counterparty.bic,
    counterpartyAccountNumber: input.counterparty.account_number ?? null,
    counterpartyName: input.counterparty.name ?? null,
    tradeDate: dates.tradeDate,
    settlementDate: dates.settlementDate,
    createdAt: meta.at,
    updatedAt: meta.at,
    cancellationRequestedAt: null,
    cancelReasonCode: null,
    cancelReasonText: null,
    accountTransferId: input.accountTransferId ?? null,
    positionInParent: input.positionInParent ?? null,
    isin: input.isin,
    instrumentIdType: 'ISIN',
    quantity: canonicalDecimal(input.quantity),
    quantitySettled: '0',
    placeOfSettlement: input.placeOfSettlement ?? (await placeOfSettlementFor(tx, input.isin)),
    actualSettlementDate: null,
    reservedQuantity: '0',
    custodianReference: null,
    instructedAt: null,
    cancellationForwardedAt: null,
    cancellationReasonCode: null,
    cancellationDeniedAt: null,
    cancellationDenials: 0,
    custodianStatus: null,
    custodianReasonCode: null,
    custodianReasonText: null,
    custodianStatusAt: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    workAttempts: 0,
    workError: null,
    parkedAt: null,
    dueDate: dueDateFor(input.direction, today),
    deadlineState: 'ON_TRACK',
    cancellationRequestedBy: null,
    cancellationAskedAt: null,
    cancellationDenialReason: null,
  };
  await transfers.insertSecuritiesTransfer(tx, row);
  await recordHistory(tx, {
    tenantId: input.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: null,
    toStatus: 'NEW',
    actor: meta.actor,
    at: meta.at,
    reason: meta.reason ?? 'received',
  });
  await moveCount(tx, 'SECURITIES_TRANSFER', input.tenantId, input.direction, null, 'NEW');
  await emitEvent(tx, {
    tenantId: input.tenantId,
    type: 'SECURITIES_TRANSFER.NEW',
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(row),
    at: meta.at,
  });
  if (dates.adjustments.length > 0) {
    // The client sent other dates than the transfer carries: a visible data change.
    await recordHistory(tx, {
      tenantId: input.tenantId,
      kind: 'SECURITIES_TRANSFER',
      transferId: row.id,
      fromStatus: 'NEW',
      toStatus: 'NEW',
      actor: meta.actor,
      at: meta.at,
      reasonCode: 'DATES_ADJUSTED',
      reason: dates.adjustments.join('; '),
    });
    await emitEvent(tx, {
      tenantId: input.tenantId,
      type: 'SECURITIES_TRANSFER.DATA_CHANGED',
      kind: 'SECURITIES_TRANSFER',
      objectId: row.id,
      payload: toSecuritiesTransfer(row),
      at: meta.at,
    });
  }
  return row;
}

export async function createSecuritiesTransfer(
  tx: Executor,
  tenantId: string,
  request: CreateSecuritiesTransferRequest,
  meta: ChangeMeta,
): Promise<SecuritiesTransfer> {
  const account = await requireAccountOfUser(tx, tenantId, request.account_id, request.user_id);
  const row = await insertSecuritiesTransfer(
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

export async function findSecuritiesTransferRow(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SecuritiesTransferRow | undefined> {
  return await transfers.findSecuritiesTransfer(db, tenantId, id);
}

/** A transfer of the tenant; another tenant's id is indistinguishable from a missing one. */
export async function requireSecuritiesTransferRow(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SecuritiesTransferRow> {
  const row = await findSecuritiesTransferRow(db, tenantId, id);
  if (!row) throw notFound('securities transfer', id);
  return row;
}

export async function getSecuritiesTransfer(
  db: Db,
  tenantId: string,
  id: string,
): Promise<SecuritiesTransfer> {
  return toSecuritiesTransfer(await requireSecuritiesTransferRow(db, tenantId, id));
}

export async function listSecuritiesTransfers(
  db: Db,
  tenantId: string,
  query: ListSecuritiesTransfersQuery,
): Promise<ListSecuritiesTransfersResponse> {
  const rows = await listRows(db, 'SECURITIES_TRANSFER', tenantId, query);
  const total = await listTotal(db, 'SECURITIES_TRANSFER', tenantId, query);
  return { meta: listMeta(query, rows.length, total), data: rows.map(toSecuritiesTransfer) };
}

/** A row as the cancellation rules read it (the database keeps the status as text). */
export function asCancellable(
  row: SecuritiesTransferRow,
): SecuritiesTransferRow & { status: SecuritiesTransferStatus } {
  return { ...row, status: row.status as SecuritiesTransferStatus };
}

/**
 * Applies `decideCancellation`: NEW → CANCELLED at once; PROCESSING →
 * cancellation requested (the reconciler forwards it to the custodian;
 * clients see `cancellation` REQUESTED and get DATA_CHANGED).
 */
export async function cancelSecuritiesTransferRow(
  tx: Executor,
  row: SecuritiesTransferRow,
  meta: ChangeMeta,
  by: Canceller = 'client',
): Promise<SecuritiesTransferRow> {
  const decision = decideCancellation(asCancellable(row), by);
  if (decision.kind === 'unchanged') return row;
  const asked = {
    cancellationRequestedBy: requesterOf(meta.actor),
    cancellationAskedAt: meta.at,
    cancellationDenialReason: null,
  };
  if (decision.kind === 'cancel') {
    return await transitionSecuritiesTransfer(
      tx,
      row,
      'CANCELLED',
      { ...meta, reasonCode: meta.reasonCode ?? decision.reasonCode },
      asked,
    );
  }
  return await changeSecuritiesTransferData(
    tx,
    row,
    { ...asked, cancellationRequestedAt: meta.at },
    { ...meta, reasonCode: meta.reasonCode ?? decision.reasonCode, reason: meta.reason ?? decision.reason },
  );
}

export async function cancelSecuritiesTransfer(
  tx: Executor,
  tenantId: string,
  id: string,
  meta: ChangeMeta,
): Promise<SecuritiesTransfer> {
  const row = await requireSecuritiesTransferRow(tx, tenantId, id);
  return toSecuritiesTransfer(await cancelSecuritiesTransferRow(tx, row, meta));
}
