import { and, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import { changedRows } from '../db/query.js';
import {
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/tables.js';
import type { Executor } from '../db/types.js';

/** Deliveries sent again on request: pending, due at a given time, their back-off restarted. */

/** Which subscriptions a redelivery may touch: live ones, of one tenant and/or one id when given. */
export interface SubscriptionScope {
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
}

function liveSubscriptionIds(db: Executor, scope: SubscriptionScope) {
  const s = webhookSubscriptions;
  return db
    .select({ id: s.id })
    .from(s)
    .where(
      and(
        isNull(s.deletedAt),
        scope.tenantId === undefined ? undefined : eq(s.tenantId, scope.tenantId),
        scope.subscriptionId === undefined ? undefined : eq(s.id, scope.subscriptionId),
      ),
    );
}

const sendAgain = (dueAt: string) =>
  ({ state: 'pending', attempts: 0, nextAttemptAt: dueAt, deliveredAt: null }) as const;

/** Every delivery of one event (delivered or not) pending again, due at `dueAt`. Returns how many. */
export async function requeueEventDeliveries(
  db: Executor,
  eventSeq: number,
  scope: SubscriptionScope,
  dueAt: string,
): Promise<number> {
  const result = await db
    .update(webhookDeliveries)
    .set(sendAgain(dueAt))
    .where(
      and(
        eq(webhookDeliveries.eventSeq, eventSeq),
        inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(db, scope)),
      ),
    );
  return changedRows(result);
}

/** Every delivery of one object (delivered or not) pending again, due at `dueAt`. Returns how many. */
export async function requeueObjectDeliveries(
  db: Executor,
  objectId: string,
  scope: SubscriptionScope,
  dueAt: string,
): Promise<number> {
  const result = await db
    .update(webhookDeliveries)
    .set(sendAgain(dueAt))
    .where(
      and(
        inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(db, scope)),
        eq(webhookDeliveries.objectId, objectId),
      ),
    );
  return changedRows(result);
}

/**
 * Pending deliveries with a failed attempt at or after `since`: due at `dueAt`
 * with their attempt count reset. Returns how many.
 */
export async function requeueFailedSince(
  db: Executor,
  since: string,
  scope: SubscriptionScope,
  dueAt: string,
): Promise<number> {
  const failedSeqs = db
    .selectDistinct({ seq: webhookAttemptEvents.eventSeq })
    .from(webhookAttemptEvents)
    .innerJoin(webhookAttempts, eq(webhookAttempts.id, webhookAttemptEvents.attemptId))
    .where(
      and(
        gte(webhookAttempts.attemptedAt, since),
        isNotNull(webhookAttempts.error),
        inArray(webhookAttempts.subscriptionId, liveSubscriptionIds(db, scope)),
      ),
    );
  const result = await db
    .update(webhookDeliveries)
    .set({ attempts: 0, nextAttemptAt: dueAt })
    .where(
      and(
        eq(webhookDeliveries.state, 'pending'),
        inArray(webhookDeliveries.eventSeq, failedSeqs),
        inArray(webhookDeliveries.subscriptionId, liveSubscriptionIds(db, scope)),
      ),
    );
  return changedRows(result);
}
