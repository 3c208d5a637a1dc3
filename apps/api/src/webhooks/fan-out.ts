import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { dispatcherState, outboxEvents, webhookSubscriptions } from '../db/schema/index.js';
import { writeTransaction } from '../db/transaction.js';
import { deliveryStatements } from './statements.js';
import { type SubscriptionRow, wantsEvent } from './subscriptions.js';

export const DISPATCHER_CHECKPOINT = 'webhooks';

/**
 * Moves the next outbox events into the delivery queue: one row per
 * (matching subscription, event), and the checkpoint, in one transaction –
 * a crash either queues a batch completely or not at all.
 * Returns how many outbox events were read.
 */
export async function fanOut(db: Db, now: Date, batchSize = 1000): Promise<number> {
  return await writeTransaction(db, async (tx) => {
    const state = tx
      .select()
      .from(dispatcherState)
      .where(eq(dispatcherState.name, DISPATCHER_CHECKPOINT))
      .get();
    const lastSeq = state?.lastSeq ?? 0;
    const events = tx
      .select({
        seq: outboxEvents.seq,
        tenantId: outboxEvents.tenantId,
        type: outboxEvents.type,
        objectId: outboxEvents.objectId,
        createdAt: outboxEvents.createdAt,
      })
      .from(outboxEvents)
      .where(gt(outboxEvents.seq, lastSeq))
      .orderBy(asc(outboxEvents.seq))
      .limit(batchSize)
      .all();
    const last = events.at(-1);
    if (!last) return 0;
    const tenantIds = [...new Set(events.map((e) => e.tenantId))];
    const byTenant = new Map<string, SubscriptionRow[]>();
    const subscriptions = tx
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          inArray(webhookSubscriptions.tenantId, tenantIds),
          eq(webhookSubscriptions.enabled, true),
          isNull(webhookSubscriptions.deletedAt),
        ),
      )
      .all();
    for (const sub of subscriptions) byTenant.set(sub.tenantId, [...(byTenant.get(sub.tenantId) ?? []), sub]);
    const nowIso = now.toISOString();
    const { insertDelivery } = deliveryStatements(db);
    for (const event of events) {
      for (const sub of byTenant.get(event.tenantId) ?? []) {
        // A subscription receives the events written after it was created.
        if (sub.createdAt > event.createdAt || !wantsEvent(sub, event.type)) continue;
        insertDelivery.run(sub.id, event.seq, event.objectId, nowIso);
      }
    }
    tx.insert(dispatcherState)
      .values({ name: DISPATCHER_CHECKPOINT, lastSeq: last.seq })
      .onConflictDoUpdate({ target: dispatcherState.name, set: { lastSeq: last.seq } })
      .run();
    return events.length;
  });
}
