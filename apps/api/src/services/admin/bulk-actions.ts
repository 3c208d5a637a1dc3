import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  accountTransfers,
  outboxEvents,
  securitiesTransfers,
  webhookDeliveries,
  webhookSubscriptions,
} from '../../db/schema/index.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { asAppError } from '../../domain/problem.js';
import { type AuditAction, audited } from '../audit/operator-audit.js';
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

/** Who acts: a procedure's context (database, clock, operator). */
type Acting = Parameters<typeof audited>[0];

/**
 * Runs `action` for each transfer in a transaction of its own, with its own
 * row in the operator audit log: one that fails (changed meanwhile, nothing
 * left to cancel) is reported and does not hold back the others. Each
 * success writes its own history row too.
 */
async function eachTransfer(
  acting: Acting,
  items: BulkItem[],
  audit: { action: AuditAction; reason: string },
  action: (tx: Executor, item: BulkItem) => Promise<unknown>,
): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const item of items) {
    try {
      await audited(
        acting,
        { action: audit.action, subjectKind: 'TRANSFER', subjectId: item.id, reason: audit.reason },
        (tx) => action(tx, item),
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
  acting: Acting,
  kind: AdminTransferKind,
  items: BulkItem[],
  write: OperatorWrite,
): Promise<BulkOutcome[]> {
  return await eachTransfer(
    acting,
    items,
    { action: 'transfer.cancel', reason: write.reason },
    async (tx, item) =>
      cancelAsOperator(tx, kind, item.id, { ...write, expectedUpdatedAt: item.expected_updated_at }),
  );
}

/**
 * Queues the transfer's latest event again to every live subscription of its
 * tenant that had it (due now, fresh back-off); receivers deduplicate by
 * event id. Noted in the transfer's history with the operator's reason.
 */
async function redeliverLatest(
  db: Executor,
  kind: AdminTransferKind,
  id: string,
  write: OperatorWrite,
): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const table = kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
    const transfer = tx
      .select({ tenantId: table.tenantId, status: table.status })
      .from(table)
      .where(eq(table.id, id))
      .get();
    if (!transfer) throw notFound(kind === 'SECURITIES' ? 'securities transfer' : 'account transfer', id);
    const event = tx
      .select({ seq: outboxEvents.seq, id: outboxEvents.id, type: outboxEvents.type })
      .from(outboxEvents)
      .where(eq(outboxEvents.objectId, id))
      .orderBy(desc(outboxEvents.seq))
      .limit(1)
      .get();
    const live = tx
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(
        and(eq(webhookSubscriptions.tenantId, transfer.tenantId), isNull(webhookSubscriptions.deletedAt)),
      )
      .all()
      .map((s) => s.id);
    const queued =
      event === undefined || live.length === 0
        ? 0
        : tx
            .update(webhookDeliveries)
            .set({ state: 'pending', nextAttemptAt: write.at })
            .where(
              and(inArray(webhookDeliveries.subscriptionId, live), eq(webhookDeliveries.eventSeq, event.seq)),
            )
            .run().changes;
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
  });
}

/** The console's multi-select redeliver: each transfer's latest event, one reason for the batch. */
export async function bulkRedeliver(
  acting: Acting,
  kind: AdminTransferKind,
  items: BulkItem[],
  write: OperatorWrite,
): Promise<BulkOutcome[]> {
  return await eachTransfer(
    acting,
    items,
    { action: 'transfer.redeliver', reason: write.reason },
    async (tx, item) => redeliverLatest(tx, kind, item.id, write),
  );
}
