import type { Executor } from '../db/types.js';
import { PUBLICATION_BATCH, publishOutboxEvents } from '../repositories/journal.js';
import {
  findFanOutCheckpoint,
  insertPendingDelivery,
  saveFanOutCheckpoint,
} from '../repositories/webhook-deliveries.js';
import { listEventsAfter } from '../repositories/webhook-events.js';
import { listEnabledSubscriptionsOf } from '../repositories/webhook-subscriptions.js';
import { type SubscriptionRow, wantsEvent } from './subscriptions.js';

export const DISPATCHER_CHECKPOINT = 'webhooks';

/**
 * Publishes what has committed since (PostgreSQL), then moves the next
 * published events into the delivery queue: one row per
 * (matching subscription, event), and the checkpoint, in one transaction –
 * a crash either queues a batch completely or not at all. Runs in the
 * caller's write transaction (the `dispatch.fanOut` command).
 * Returns how many outbox events were read.
 */
export async function fanOut(tx: Executor, now: Date, batchSize = 1000): Promise<number> {
  await publishOutboxEvents(tx, PUBLICATION_BATCH);
  const lastPosition = await findFanOutCheckpoint(tx, DISPATCHER_CHECKPOINT);
  const events = await listEventsAfter(tx, lastPosition, batchSize);
  const last = events.at(-1);
  if (!last) return 0;
  const tenantIds = [...new Set(events.map((e) => e.tenantId))];
  const byTenant = new Map<string, SubscriptionRow[]>();
  const subscriptions = await listEnabledSubscriptionsOf(tx, tenantIds);
  for (const sub of subscriptions) byTenant.set(sub.tenantId, [...(byTenant.get(sub.tenantId) ?? []), sub]);
  const nowIso = now.toISOString();
  for (const event of events) {
    for (const sub of byTenant.get(event.tenantId) ?? []) {
      // A subscription receives the events written after it was created.
      if (sub.createdAt > event.createdAt || !wantsEvent(sub, event.type)) continue;
      await insertPendingDelivery(tx, {
        subscriptionId: sub.id,
        eventSeq: event.seq,
        objectId: event.objectId,
        dueAt: nowIso,
      });
    }
  }
  await saveFanOutCheckpoint(tx, DISPATCHER_CHECKPOINT, last.position);
  return events.length;
}
