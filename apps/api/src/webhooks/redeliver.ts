import { and, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  outboxEvents,
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/schema/index.js';
import { writeTransaction } from '../db/transaction.js';
import type { Executor } from '../db/types.js';
import { notFound } from '../domain/errors.js';

export interface RedeliverScope {
  /** Restrict to one tenant (client calls); operators may leave it out. */
  tenantId?: string | undefined;
  /** One subscription; without it, every subscription that received the event. */
  subscriptionId?: string | undefined;
}

function liveSubscriptionIds(db: Executor, scope: RedeliverScope) {
  return db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        isNull(webhookSubscriptions.deletedAt),
        scope.tenantId === undefined ? undefined : eq(webhookSubscriptions.tenantId, scope.tenantId),
        scope.subscriptionId === undefined ? undefined : eq(webhookSubscriptions.id, scope.subscriptionId),
      ),
    );
}

/**
 * Queues one event again (delivered or not), due now with a fresh back-off.
 * It goes out in order with any later pending events of its object.
 * Returns how many deliveries were queued.
 */
export async function redeliverEvent(
  db: Db,
  eventId: string,
  scope: RedeliverScope,
  now: Date,
): Promise<number> {
  return await writeTransaction(db, (tx) => {
    const event = tx
      .select({ seq: outboxEvents.seq, tenantId: outboxEvents.tenantId })
      .from(outboxEvents)
      .where(eq(outboxEvents.id, eventId))
      .get();
    if (!event || (scope.tenantId !== undefined && event.tenantId !== scope.tenantId)) {
      throw notFound('event', eventId);
    }
    return tx
      .update(webhookDeliveries)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), deliveredAt: null })
      .where(
        and(
          eq(webhookDeliveries.eventSeq, event.seq),
          inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(tx, scope)),
        ),
      )
      .run().changes;
  });
}

/**
 * After a receiver outage: every delivery still pending that had a failed
 * attempt at or after `since` is due now, its back-off restarted from 1 s.
 */
export async function redeliverFailedSince(
  db: Db,
  since: Date,
  scope: RedeliverScope,
  now: Date,
): Promise<number> {
  return await writeTransaction(db, (tx) => {
    const failedSeqs = tx
      .selectDistinct({ seq: webhookAttemptEvents.eventSeq })
      .from(webhookAttemptEvents)
      .innerJoin(webhookAttempts, eq(webhookAttempts.id, webhookAttemptEvents.attemptId))
      .where(
        and(
          gte(webhookAttempts.attemptedAt, since.toISOString()),
          isNotNull(webhookAttempts.error),
          inArray(webhookAttempts.subscriptionId, liveSubscriptionIds(tx, scope)),
        ),
      );
    return tx
      .update(webhookDeliveries)
      .set({ attempts: 0, nextAttemptAt: now.toISOString() })
      .where(
        and(
          eq(webhookDeliveries.state, 'pending'),
          inArray(webhookDeliveries.eventSeq, failedSeqs),
          inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(tx, scope)),
        ),
      )
      .run().changes;
  });
}

/**
 * Every event of one transfer sent again (delivered or not): its deliveries
 * are due now with a fresh back-off, in outbox order as always. Only events
 * the subscription was already queued for are sent (a subscription created
 * later never received the earlier ones). Returns how many were queued.
 */
export async function redeliverObject(
  db: Db,
  objectId: string,
  scope: RedeliverScope,
  now: Date,
): Promise<number> {
  return await writeTransaction(db, (tx) => queueObjectAgain(tx, objectId, scope, now));
}

/** `redeliverObject` inside a transaction the caller holds (e.g. one that also writes an audit row). */
export function queueObjectAgain(tx: Executor, objectId: string, scope: RedeliverScope, now: Date): number {
  return tx
    .update(webhookDeliveries)
    .set({ state: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), deliveredAt: null })
    .where(
      and(
        inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(tx, scope)),
        eq(webhookDeliveries.objectId, objectId),
      ),
    )
    .run().changes;
}
