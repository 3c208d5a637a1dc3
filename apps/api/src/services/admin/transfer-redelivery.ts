import type { Executor } from '../../db/types.js';
import { notFound } from '../../domain/errors.js';
import { isSubscriptionOfTenant } from '../../repositories/console-deliveries.js';
import { findTransferState } from '../../repositories/console-transfers.js';
import { queueObjectAgain } from '../../webhooks/redeliver.js';
import { recordHistory } from '../journal.js';
import type { OperatorWrite } from './transfer-actions.js';

export interface TransferRedelivery {
  kind: 'SECURITIES' | 'ACCOUNT';
  id: string;
  /** One subscription of the transfer's tenant; undefined: every subscription that received its events. */
  subscriptionId?: string | undefined;
}

/**
 * Sends every event of one transfer again, to one subscription or to all
 * that were queued for them (delivered ones once more: receivers deduplicate
 * by event id). Audited in the transfer's history with the operator's reason
 * and how many deliveries were queued, in the same transaction.
 */
export async function redeliverTransferAsOperator(
  tx: Executor,
  target: TransferRedelivery,
  write: OperatorWrite,
): Promise<{ queued: number }> {
  const transfer = await findTransferState(tx, target.kind, target.id);
  if (!transfer) {
    throw notFound(target.kind === 'ACCOUNT' ? 'account transfer' : 'securities transfer', target.id);
  }
  if (
    target.subscriptionId !== undefined &&
    !(await isSubscriptionOfTenant(tx, target.subscriptionId, transfer.tenantId))
  ) {
    throw notFound('webhook subscription of this tenant', target.subscriptionId);
  }
  const queued = await queueObjectAgain(
    tx,
    target.id,
    { tenantId: transfer.tenantId, subscriptionId: target.subscriptionId },
    new Date(write.at),
  );
  await recordHistory(tx, {
    tenantId: transfer.tenantId,
    kind: target.kind === 'ACCOUNT' ? 'ACCOUNT_TRANSFER' : 'SECURITIES_TRANSFER',
    transferId: target.id,
    fromStatus: transfer.status,
    toStatus: transfer.status,
    actor: write.actor,
    at: write.at,
    reasonCode: 'WEBHOOK_REDELIVERY_REQUESTED',
    reason: write.reason,
    sourceMessage: `${queued} deliveries of this transfer's events queued again for ${
      target.subscriptionId === undefined ? 'every subscription' : `subscription ${target.subscriptionId}`
    }`,
  });
  return { queued };
}
