import type { SecuritiesTransferStatus } from '@tbo/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { accountTransfers, securitiesTransfers } from '../db/schema/index.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';
import { AppError } from '../domain/errors.js';
import { assertTransition, deriveAccountTransferStatus } from '../domain/status-machine.js';
import { emitEvent, moveCount, recordHistory } from './journal.js';
import { releaseUnits } from './positions.js';
import { toAccountTransfer, toSecuritiesTransfer } from './resources.js';

export interface ChangeMeta {
  /** client:<client_id> | operator:<email> | reconciler | system */
  actor: string;
  at: string;
  reasonCode?: string | null;
  reason?: string | null;
  sourceMessage?: string | null;
}

export type SecuritiesTransferPatch = Partial<
  Omit<SecuritiesTransferRow, 'id' | 'tenantId' | 'status' | 'createdAt' | 'updatedAt'>
>;

export function childrenOf(tx: Executor, accountTransferId: string): SecuritiesTransferRow[] {
  return tx
    .select()
    .from(securitiesTransfers)
    .where(eq(securitiesTransfers.accountTransferId, accountTransferId))
    .orderBy(asc(securitiesTransfers.positionInParent))
    .all();
}

/**
 * The single way a securities transfer changes status: checks the status
 * machine, writes the row, its history, the list counters, the outbox event,
 * releases a reservation on CANCELLED, and re-derives the parent account
 * transfer – all in the caller's transaction.
 */
export function transitionSecuritiesTransfer(
  tx: Executor,
  row: SecuritiesTransferRow,
  to: SecuritiesTransferStatus,
  meta: ChangeMeta,
  patch: SecuritiesTransferPatch = {},
): SecuritiesTransferRow {
  const from = row.status as SecuritiesTransferStatus;
  assertTransition(row.id, from, to);
  const releasing = to === 'CANCELLED' ? row.reservedQuantity : '0';
  const updated = tx
    .update(securitiesTransfers)
    .set({
      ...patch,
      ...(to === 'CANCELLED'
        ? {
            reservedQuantity: '0',
            cancelReasonCode: meta.reasonCode ?? null,
            cancelReasonText: meta.reason ?? null,
          }
        : {}),
      status: to,
      updatedAt: meta.at,
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(and(eq(securitiesTransfers.id, row.id), eq(securitiesTransfers.status, from)))
    .returning()
    .get();
  if (!updated) {
    throw new AppError('CONFLICT', `securities transfer ${row.id} changed concurrently; retry`);
  }
  if (releasing !== '0') {
    releaseUnits(
      tx,
      { tenantId: row.tenantId, accountId: row.accountId, isin: row.isin },
      releasing,
      meta.at,
    );
  }
  recordHistory(tx, {
    tenantId: row.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: from,
    toStatus: to,
    ...meta,
  });
  moveCount(tx, 'SECURITIES_TRANSFER', row.tenantId, row.direction, from, to);
  emitEvent(tx, {
    tenantId: row.tenantId,
    type: `SECURITIES_TRANSFER.${to}`,
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(updated),
    at: meta.at,
  });
  if (updated.accountTransferId) refreshAccountTransfer(tx, updated.accountTransferId, meta);
  return updated;
}

/**
 * Changes data clients can see without a status change (dates moved to match
 * the market, settled quantity of a partial settlement): SECURITIES_TRANSFER.DATA_CHANGED.
 */
export function changeSecuritiesTransferData(
  tx: Executor,
  row: SecuritiesTransferRow,
  patch: SecuritiesTransferPatch,
  meta: ChangeMeta,
): SecuritiesTransferRow {
  const updated = tx
    .update(securitiesTransfers)
    .set({ ...patch, updatedAt: meta.at })
    .where(eq(securitiesTransfers.id, row.id))
    .returning()
    .get();
  if (!updated) throw new AppError('CONFLICT', `securities transfer ${row.id} vanished`);
  recordHistory(tx, {
    tenantId: row.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: row.status,
    toStatus: row.status,
    ...meta,
  });
  emitEvent(tx, {
    tenantId: row.tenantId,
    type: 'SECURITIES_TRANSFER.DATA_CHANGED',
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(updated),
    at: meta.at,
  });
  if (updated.accountTransferId) refreshAccountTransfer(tx, updated.accountTransferId, meta);
  return updated;
}

/** Re-derives an account transfer from its children; emits its event when the status moves. */
export function refreshAccountTransfer(tx: Executor, accountTransferId: string, meta: ChangeMeta): void {
  const parent = tx.select().from(accountTransfers).where(eq(accountTransfers.id, accountTransferId)).get();
  if (!parent) throw new AppError('INTERNAL', `account transfer ${accountTransferId} is missing`);
  const children = childrenOf(tx, accountTransferId);
  const derived = deriveAccountTransferStatus(children.map((c) => c.status as SecuritiesTransferStatus));
  const updated = tx
    .update(accountTransfers)
    .set({ status: derived, updatedAt: meta.at })
    .where(eq(accountTransfers.id, accountTransferId))
    .returning()
    .get();
  if (!updated || derived === parent.status) return;
  recordHistory(tx, {
    tenantId: parent.tenantId,
    kind: 'ACCOUNT_TRANSFER',
    transferId: parent.id,
    fromStatus: parent.status,
    toStatus: derived,
    actor: meta.actor,
    at: meta.at,
    reason: 'derived from its securities transfers',
  });
  moveCount(tx, 'ACCOUNT_TRANSFER', parent.tenantId, parent.direction, parent.status, derived);
  emitEvent(tx, {
    tenantId: parent.tenantId,
    type: `ACCOUNT_TRANSFER.${derived}`,
    kind: 'ACCOUNT_TRANSFER',
    objectId: parent.id,
    payload: toAccountTransfer(updated, children),
    at: meta.at,
  });
}
