import { randomUUID } from 'node:crypto';
import type { Executor, SecuritiesTransferRow } from '../../db/types.js';
import { childrenToCancel } from '../../domain/cancellation.js';
import { checkManualSettlement } from '../../domain/confirmation.js';
import { AppError, notFound } from '../../domain/errors.js';
import { findSecuritiesTransferById } from '../../repositories/console-transfers.js';
import { findAccountTransferByIdForUpdate } from '../../repositories/transfers.js';
import { noteSecuritiesTransfer, recordHistory } from '../journal.js';
import { asCancellable, cancelSecuritiesTransferRow } from '../securities-transfers.js';
import { applyConfirmation } from '../settlement/confirmations.js';
import { type ChangeMeta, childrenOf, transitionSecuritiesTransfer } from '../transitions.js';
import type { AdminTransferKind } from './transfer-filters.js';

/** Who acts, when, why (mandatory) and on which version of the transfer they saw. */
export interface OperatorWrite {
  actor: string;
  at: string;
  reason: string;
  /** The `updated_at` the operator looked at; a newer change makes the write a 409. */
  expectedUpdatedAt?: string | undefined;
}

function assertUnchanged(row: { id: string; updatedAt: string }, write: OperatorWrite): void {
  if (write.expectedUpdatedAt !== undefined && write.expectedUpdatedAt !== row.updatedAt) {
    throw new AppError('CONFLICT', `transfer ${row.id} changed since you opened it; review it and retry`);
  }
}

export async function loadSecurities(tx: Executor, id: string): Promise<SecuritiesTransferRow> {
  const row = await findSecuritiesTransferById(tx, id);
  if (!row) throw notFound('securities transfer', id);
  return row;
}

function meta(write: OperatorWrite, reasonCode: string, sourceMessage?: string): ChangeMeta {
  return {
    actor: write.actor,
    at: write.at,
    reasonCode,
    reason: write.reason,
    sourceMessage: sourceMessage ?? null,
  };
}

async function cancelOne(tx: Executor, row: SecuritiesTransferRow, write: OperatorWrite): Promise<void> {
  await cancelSecuritiesTransferRow(
    tx,
    row,
    { actor: write.actor, at: write.at, reason: write.reason },
    'operator',
  );
}

/**
 * The same cancel a client gets: NEW → CANCELLED at once, PROCESSING →
 * cancellation requested at the custodian. An account transfer cancels each
 * unfinished child and notes the operator's reason on the parent as well.
 */
export async function cancelAsOperator(
  tx: Executor,
  kind: AdminTransferKind,
  id: string,
  write: OperatorWrite,
): Promise<void> {
  if (kind === 'SECURITIES') {
    const row = await loadSecurities(tx, id);
    assertUnchanged(row, write);
    await cancelOne(tx, row, write);
    return;
  }
  const parent = await findAccountTransferByIdForUpdate(tx, id);
  if (!parent) throw notFound('account transfer', id);
  assertUnchanged(parent, write);
  const open = childrenToCancel(parent, (await childrenOf(tx, id)).map(asCancellable), 'operator');
  await recordHistory(tx, {
    tenantId: parent.tenantId,
    kind: 'ACCOUNT_TRANSFER',
    transferId: parent.id,
    fromStatus: parent.status,
    toStatus: parent.status,
    ...meta(write, 'CANCELLATION_BY_OPERATOR'),
  });
  for (const child of open) await cancelOne(tx, child, write);
}

/**
 * An exception the custodian will not report by itself: the operator records
 * the rejection. PROCESSING → CANCELLED through the status machine; the
 * reservation is released by the transition.
 */
export async function rejectAsOperator(tx: Executor, id: string, write: OperatorWrite): Promise<void> {
  const row = await loadSecurities(tx, id);
  assertUnchanged(row, write);
  assertProcessing(row, 'rejected');
  await transitionSecuritiesTransfer(tx, row, 'CANCELLED', meta(write, 'REJECTED_BY_OPERATOR'));
}

/**
 * A settlement confirmation entered by hand, booked by the same
 * `applyConfirmation` a custodian message goes through (units moved,
 * reservation consumed, quantity_settled grown, SETTLED when complete). A
 * note before it keeps the operator's reason in the history.
 */
export async function settleAsOperator(
  tx: Executor,
  id: string,
  settlement: { quantity: string; date: string },
  write: OperatorWrite,
): Promise<void> {
  const row = await loadSecurities(tx, id);
  assertUnchanged(row, write);
  assertSettleable(row, settlement, write.at);
  const messageReference = `MANUAL-${randomUUID()}`;
  await noteSecuritiesTransfer(tx, row, {
    ...meta(write, 'MANUAL_SETTLEMENT', messageReference),
  });
  await applyConfirmation(
    tx,
    row,
    { messageReference, quantity: settlement.quantity, effectiveDate: settlement.date },
    { actor: write.actor, at: write.at, sourceMessage: messageReference },
  );
}

/** The domain's rule for a manual settlement (`checkManualSettlement`), dated by the operator's clock. */
export function assertSettleable(
  row: SecuritiesTransferRow,
  settlement: { quantity: string; date: string },
  at: string,
): void {
  checkManualSettlement(row, settlement, at.slice(0, 10));
}

export function assertProcessing(row: SecuritiesTransferRow, what: 'settled' | 'rejected'): void {
  if (row.status !== 'PROCESSING') {
    throw new AppError(
      'TRANSITION_NOT_ALLOWED',
      `only a PROCESSING transfer can be ${what}; ${row.id} is ${row.status}`,
    );
  }
}
