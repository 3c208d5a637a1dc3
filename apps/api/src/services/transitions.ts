import type { SecuritiesTransferStatus } from '@tbo/contracts';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';
import { AppError } from '../domain/errors.js';
import { assertTransition, deriveAccountTransferStatus } from '../domain/status-machine.js';
import {
  findAccountTransferByIdForUpdate,
  findChildTransfers,
  updateAccountTransferStatus,
  updateSecuritiesTransfer,
} from '../repositories/transfers.js';
import { emitEvent, moveCount, noteSecuritiesTransfer, recordHistory } from './journal.js';
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

/**
 * Writes `patch` onto the transfer `row` with one prepared UPDATE per set of
 * columns and returns the row as it now is. `row` is the current row, read in
 * this same (write) transaction, so the new row is `row` + `patch`; no
 * `RETURNING *`, which costs SQLite twice the update itself. With
 * `expectedStatus` the update only applies if nobody changed the status since
 * (undefined when it did not apply).
 */
async function updateTransferRow(
  tx: Executor,
  row: SecuritiesTransferRow,
  patch: SecuritiesTransferPatch & { status?: string; updatedAt: string },
  expectedStatus?: string,
): Promise<SecuritiesTransferRow | undefined> {
  if (!(await updateSecuritiesTransfer(tx, row.id, patch, expectedStatus))) return undefined;
  const updated = { ...row };
  for (const key in patch) {
    const value = patch[key as keyof typeof patch];
    if (value !== undefined) (updated as Record<string, unknown>)[key] = value;
  }
  return updated;
}

export async function childrenOf(tx: Executor, accountTransferId: string): Promise<SecuritiesTransferRow[]> {
  return await findChildTransfers(tx, accountTransferId);
}

/**
 * The single way a securities transfer changes status: checks the status
 * machine, writes the row, its history, the list counters, the outbox event,
 * releases a reservation on CANCELLED, and re-derives the parent account
 * transfer – all in the caller's transaction. `row` must be the transfer as
 * read in that transaction (the returned row is `row` with the change).
 */
export async function transitionSecuritiesTransfer(
  tx: Executor,
  row: SecuritiesTransferRow,
  to: SecuritiesTransferStatus,
  meta: ChangeMeta,
  patch: SecuritiesTransferPatch = {},
): Promise<SecuritiesTransferRow> {
  const from = row.status as SecuritiesTransferStatus;
  assertTransition(row.id, from, to);
  const releasing = to === 'CANCELLED' ? row.reservedQuantity : '0';
  const updated = await updateTransferRow(
    tx,
    row,
    {
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
    },
    from,
  );
  if (!updated) {
    throw new AppError('CONFLICT', `securities transfer ${row.id} changed concurrently; retry`);
  }
  if (releasing !== '0') {
    await releaseUnits(
      tx,
      { tenantId: row.tenantId, accountId: row.accountId, isin: row.isin },
      releasing,
      meta.at,
    );
  }
  await recordHistory(tx, {
    tenantId: row.tenantId,
    kind: 'SECURITIES_TRANSFER',
    transferId: row.id,
    fromStatus: from,
    toStatus: to,
    ...meta,
  });
  await moveCount(tx, 'SECURITIES_TRANSFER', row.tenantId, row.direction, from, to);
  await emitEvent(tx, {
    tenantId: row.tenantId,
    type: `SECURITIES_TRANSFER.${to}`,
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(updated),
    at: meta.at,
  });
  if (updated.accountTransferId) await refreshAccountTransfer(tx, updated.accountTransferId, meta);
  return updated;
}

/**
 * Changes data clients can see without a status change (dates moved to match
 * the market, settled quantity of a partial settlement): SECURITIES_TRANSFER.DATA_CHANGED.
 */
export async function changeSecuritiesTransferData(
  tx: Executor,
  row: SecuritiesTransferRow,
  patch: SecuritiesTransferPatch,
  meta: ChangeMeta,
): Promise<SecuritiesTransferRow> {
  const updated = await updateTransferRow(tx, row, { ...patch, updatedAt: meta.at });
  if (!updated) throw new AppError('CONFLICT', `securities transfer ${row.id} vanished`);
  await noteSecuritiesTransfer(tx, row, {
    ...meta,
  });
  await emitEvent(tx, {
    tenantId: row.tenantId,
    type: 'SECURITIES_TRANSFER.DATA_CHANGED',
    kind: 'SECURITIES_TRANSFER',
    objectId: row.id,
    payload: toSecuritiesTransfer(updated),
    at: meta.at,
  });
  if (updated.accountTransferId) await refreshAccountTransfer(tx, updated.accountTransferId, meta);
  return updated;
}

/** Re-derives an account transfer from its children; emits its event when the status moves. */
export async function refreshAccountTransfer(
  tx: Executor,
  accountTransferId: string,
  meta: ChangeMeta,
): Promise<void> {
  // Under the parent's row lock on PostgreSQL: two children settling at once derive in turn.
  const parent = await findAccountTransferByIdForUpdate(tx, accountTransferId);
  if (!parent) throw new AppError('INTERNAL', `account transfer ${accountTransferId} is missing`);
  const children = await childrenOf(tx, accountTransferId);
  const derived = deriveAccountTransferStatus(
    children.map((c) => ({
      status: c.status as SecuritiesTransferStatus,
      quantitySettled: c.quantitySettled,
    })),
  );
  const updated = await updateAccountTransferStatus(tx, accountTransferId, derived, meta.at);
  if (!updated || derived === parent.status) return;
  await recordHistory(tx, {
    tenantId: parent.tenantId,
    kind: 'ACCOUNT_TRANSFER',
    transferId: parent.id,
    fromStatus: parent.status,
    toStatus: derived,
    actor: meta.actor,
    at: meta.at,
    reason: 'derived from its securities transfers',
  });
  await moveCount(tx, 'ACCOUNT_TRANSFER', parent.tenantId, parent.direction, parent.status, derived);
  await emitEvent(tx, {
    tenantId: parent.tenantId,
    type: `ACCOUNT_TRANSFER.${derived}`,
    kind: 'ACCOUNT_TRANSFER',
    objectId: parent.id,
    payload: toAccountTransfer(updated, children),
    at: meta.at,
  });
}
