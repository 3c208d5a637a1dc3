import type { Db } from '../../db/client.js';
import { webhookDeliveries } from '../../db/tables.js';
import type { Executor } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import {
  type DeliveryState,
  findDeliveryWithEvent,
  listDeliveryPageRows,
  requeueDelivery,
} from '../../repositories/console-deliveries.js';
import { findTransferState } from '../../repositories/console-transfers.js';
import { recordHistory } from '../journal.js';
import { type KeysetOrder, type KeysetRequest, readKeysetPage } from './keyset-page.js';
import type { OperatorWrite } from './transfer-actions.js';

export const DELIVERY_STATES = ['failing', 'pending', 'delivered', 'all'] as const;
export type DeliveryStateFilter = (typeof DELIVERY_STATES)[number] & DeliveryState;

/**
 * Newest events first, then subscription: (event_seq, subscription_id) is the
 * delivery's key. Failing and pending read their partial indexes, delivered
 * and all the full one (pending deliveries are the few).
 */
type DeliveryOrder = KeysetOrder<{ delivery: typeof webhookDeliveries.$inferSelect }>;
const NEWEST_FIRST: DeliveryOrder = {
  // Read when a page is: the tables are bound when the database opens (db/tables.ts).
  get columns() {
    return [webhookDeliveries.eventSeq, webhookDeliveries.subscriptionId];
  },
  direction: 'DESC',
  keyOf: ({ delivery }) => [delivery.eventSeq, delivery.subscriptionId],
};

/** Webhook deliveries (one per subscription and event), a keyset page at a time. */
export async function listWebhookDeliveries(db: Db, state: DeliveryStateFilter, request: KeysetRequest) {
  const page = await readKeysetPage(NEWEST_FIRST, request, (walk) => listDeliveryPageRows(db, state, walk));
  return {
    ...page,
    rows: page.rows.map(({ delivery, event, url, tenantName }) => ({
      subscription_id: delivery.subscriptionId,
      event_seq: delivery.eventSeq,
      event_id: event.id,
      event_type: event.type,
      object_kind: event.objectKind,
      object_id: event.objectId,
      tenant_id: event.tenantId,
      tenant_name: tenantName,
      url,
      state: delivery.state,
      attempts: delivery.attempts,
      next_attempt_at: delivery.nextAttemptAt,
      delivered_at: delivery.deliveredAt,
      last_attempt_at: delivery.lastAttemptAt,
      last_status_code: delivery.lastStatusCode,
      last_error: delivery.lastError,
    })),
  };
}

/**
 * Queues a delivery again for now: a failing one skips its back-off, a
 * delivered one is sent once more (receivers deduplicate by event id). The
 * dispatcher sends it in order with the object's other events. The request
 * is noted in the transfer's history with the operator's reason.
 */
export async function redeliverAsOperator(
  tx: Executor,
  target: { subscriptionId: string; eventSeq: number },
  write: OperatorWrite,
): Promise<void> {
  const found = await findDeliveryWithEvent(tx, target);
  if (!found) throw new AppError('NOT_FOUND', 'no such webhook delivery');
  await requeueDelivery(tx, target, write.at);
  const { event } = found;
  const kind = event.objectKind === 'ACCOUNT_TRANSFER' ? 'ACCOUNT' : 'SECURITIES';
  const status = (await findTransferState(tx, kind, event.objectId))?.status;
  await recordHistory(tx, {
    tenantId: event.tenantId,
    kind: kind === 'ACCOUNT' ? 'ACCOUNT_TRANSFER' : 'SECURITIES_TRANSFER',
    transferId: event.objectId,
    fromStatus: status ?? null,
    toStatus: status ?? null,
    actor: write.actor,
    at: write.at,
    reasonCode: 'WEBHOOK_REDELIVERY_REQUESTED',
    reason: write.reason,
    sourceMessage: `event ${event.id} (${event.type}) to subscription ${target.subscriptionId}`,
  });
}
