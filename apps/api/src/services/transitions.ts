import type { SecuritiesTransferStatus } from '@tbo/contracts';
import { prepared, queryRow, queryRows, toSnake } from '../db/sql.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow } from '../db/types.js';
import { AppError } from '../domain/errors.js';
import { assertTransition, deriveAccountTransferStatus } from '../domain/status-machine.js';
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

const updateTexts = new Map<string, string>();

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
  const keys: string[] = [];
  const params: (string | number | null)[] = [];
  for (const key in patch) {
    const value = patch[key as keyof typeof patch];
    if (value === undefined) continue;
    keys.push(key);
    params.push(value as string | number | null);
  }
  const signature = `${keys.join(',')}|${expectedStatus === undefined ? '' : 'guarded'}`;
  let text = updateTexts.get(signature);
  if (text === undefined) {
    const assignments = keys.map((k) => `${toSnake(k)} = ?`).join(', ');
    const guard = expectedStatus === undefined ? '' : ' AND status = ?';
    text = `UPDATE securities_transfers SET ${assignments} WHERE id = ?${guard}`;
    updateTexts.set(signature, text);
  }
  params.push(row.id);
  if (expectedStatus !== undefined) params.push(expectedStatus);
  if (prepared(tx, text).run(...params).changes !== 1) return undefined;
  const updated = { ...row };
  for (let i = 0; i < keys.length; i++) {
    (updated as Record<string, unknown>)[keys[i] as string] = params[i];
  }
  return updated;
}

export function childrenOf(tx: Executor, accountTransferId: string): SecuritiesTransferRow[] {
  return queryRows<SecuritiesTransferRow>(
    tx,
    'SELECT * FROM securities_transfers WHERE account_transfer_id = ? ORDER BY position_in_parent',
    accountTransferId,
  );
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
  const parent = queryRow<AccountTransferRow>(
    tx,
    'SELECT * FROM account_transfers WHERE id = ?',
    accountTransferId,
  );
  if (!parent) throw new AppError('INTERNAL', `account transfer ${accountTransferId} is missing`);
  const children = childrenOf(tx, accountTransferId);
  const derived = deriveAccountTransferStatus(
    children.map((c) => ({
      status: c.status as SecuritiesTransferStatus,
      quantitySettled: c.quantitySettled,
    })),
  );
  const updated = queryRow<AccountTransferRow>(
    tx,
    'UPDATE account_transfers SET status = ?, updated_at = ? WHERE id = ? RETURNING *',
    derived,
    meta.at,
    accountTransferId,
  );
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
