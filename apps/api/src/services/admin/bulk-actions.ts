import { writeTransaction } from '../../db/transaction.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import { findLatestEventOf, requeueEventForSubscriptions } from '../../repositories/console-deliveries.js';
import { findTransferState } from '../../repositories/console-transfers.js';
import { listLiveSubscriptions } from '../../repositories/webhook-subscriptions.js';
import { type AuditAction, type AuditActor, audited } from '../audit/operator-audit.js';
import { recordHistory } from '../journal.js';
import { cancelAsOperator, type OperatorWrite } from './transfer-actions.js';
import type { AdminTransferKind } from './transfer-filters.js';

/** At most this many transfers per bulk action (one console page at its largest). */
export const BULK_LIMIT = 200;

export interface BulkItem {
  id: string;
  /** The `updated_at` the operator saw in the list; a newer change skips this transfer. */
  expected_updated_at?: string | undefined;
}

export type BulkOutcome = { id: string; ok: true } | { id: string; ok: false; code: string; message: string };

/**
 * Runs `action` for each transfer in a savepoint of its own, with its own
 * row in the operator audit log: one that fails (changed meanwhile, nothing
 * left to cancel) is rolled back alone, reported, and does not hold back
 * the others. Each success writes its own history row too.
 */
async function eachTransfer(
  tx: Executor,
  by: AuditActor,
  items: BulkItem[],
  audit: { action: AuditAction; at: string; reason: string },
  action: (tx: Executor, item: BulkItem) => Promise<unknown>,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    try {
      await writeTransaction(tx, (savepoint) =>
        audited(
          savepoint,
          by,
          audit.at,
          { action: audit.action, subjectKind: 'TRANSFER', subjectId: item.id, reason: audit.reason },
          (work) => action(work, item),
        ),
      );
      outcomes.push({ id: item.id, ok: true });
    } catch (error) {
      const failure = asAppError(error);
      outcomes.push({ id: item.id, ok: false, code: failure.code, message: failure.message });
    }
  }
  return outcomes;
}

/** The console's multi-select cancel: the same cancel as one at a time, one reason for the batch. */
export async function bulkCancel(
  tx: Executor,
  by: AuditActor,
  kind: AdminTransferKind,
  items: BulkItem[],
  write: OperatorWrite,
): Promise<BulkOutcome[]> {
  return await eachTransfer(
    tx,
    by,
    items,
    { action: 'transfer.cancel', at: write.at, reason: write.reason },
    async (work, item) =>
      cancelAsOperator(work, kind, item.id, { ...write, expectedUpdatedAt: item.expected_updated_at }),
  );
}

/**
 * Queues the transfer's latest event again to every live subscription of its
 * tenant that had it (due now, fresh back-off); receivers deduplicate by
 * event id. Noted in the transfer's history with the operator's reason.
 */
async function redeliverLatest(
  tx: Executor,
  kind: AdminTransferKind,
  id: string,
  write: OperatorWrite,
): Promise<void> {
  const transfer = await findTransferState(tx, kind, id);
  if (!transfer) throw notFound(kind === 'SECURITIES' ? 'securities transfer' : 'account transfer', id);
  const event = await findLatestEventOf(tx, id);
  const live = (await listLiveSubscriptions(tx, transfer.tenantId)).map((s) => s.id);
  const queued = event === undefined ? 0 : await requeueEventForSubscriptions(tx, event.seq, live, write.at);
  if (event === undefined || queued === 0) {
    throw new AppError('NOT_FOUND', `transfer ${id} has no webhook delivery to send again`);
  }
  await recordHistory(tx, {
    tenantId: transfer.tenantId,
    kind: kind === 'SECURITIES' ? 'SECURITIES_TRANSFER' : 'ACCOUNT_TRANSFER',
    transferId: id,
    fromStatus: transfer.status,
    toStatus: transfer.status,
    actor: write.actor,
    at: write.at,
    reasonCode: 'WEBHOOK_REDELIVERY_REQUESTED',
    reason: write.reason,
    sourceMessage: `event ${event.id} (${event.type}) to ${queued} subscription(s)`,
  });
}

/** The console's multi-select redeliver: each transfer's latest event, one reason for the batch. */
export async function bulkRedeliver(
  tx: Executor,
  by: AuditActor,
  kind: AdminTransferKind,
  items: BulkItem[],
  write: OperatorWrite,
): Promise<BulkOutcome[]> {
  return await eachTransfer(
    tx,
    by,
    items,
    { action: 'transfer.redeliver', at: write.at, reason: write.reason },
    async (work, item) => redeliverLatest(work, kind, item.id, write),
  );
}
