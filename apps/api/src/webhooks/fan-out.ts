import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  dispatcherState,
  outboxEvents,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/schema/index.js';
import { type SubscriptionRow, wantsEvent } from './subscriptions.js';

export const DISPATCHER_CHECKPOINT = 'webhooks';
const INSERT_CHUNK = 500;

/**
 * Moves the next outbox events into the delivery queue: one row per
 * (matching subscription, event), and the checkpoint, in one transaction –
 * a crash either queues a batch completely or not at all.
 * Returns how many outbox events were read.
 */
export function fanOut(db: Db, now: Date, batchSize = 1000): number {
  return db.transaction(
    (tx) => {
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
      for (const sub of subscriptions)
        byTenant.set(sub.tenantId, [...(byTenant.get(sub.tenantId) ?? []), sub]);
      const nowIso = now.toISOString();
      const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
      for (const event of events) {
        for (const sub of byTenant.get(event.tenantId) ?? []) {
          // A subscription receives the events written after it was created.
          if (sub.createdAt > event.createdAt || !wantsEvent(sub, event.type)) continue;
          rows.push({
            subscriptionId: sub.id,
            eventSeq: event.seq,
            objectId: event.objectId,
            state: 'pending',
            nextAttemptAt: nowIso,
          });
        }
      }
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        tx.insert(webhookDeliveries)
          .values(rows.slice(i, i + INSERT_CHUNK))
          .onConflictDoNothing()
          .run();
      }
      tx.insert(dispatcherState)
        .values({ name: DISPATCHER_CHECKPOINT, lastSeq: last.seq })
        .onConflictDoUpdate({ target: dispatcherState.name, set: { lastSeq: last.seq } })
        .run();
      return events.length;
    },
    { behavior: 'immediate' },
  );
}
