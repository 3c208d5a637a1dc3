import type { Db } from '../db/client.js';
import { writeTransaction } from '../db/transaction.js';
import type { Executor } from '../db/types.js';
import { notFound } from '../domain/errors.js';
import { findEventPosition } from '../repositories/webhook-events.js';
import {
  requeueEventDeliveries,
  requeueFailedSince,
  requeueObjectDeliveries,
} from '../repositories/webhook-redeliveries.js';

export interface RedeliverScope {
  /** Restrict to one tenant (client calls); operators may leave it out. */
  tenantId?: string | undefined;
  /** One subscription; without it, every subscription that received the event. */
  subscriptionId?: string | undefined;
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
  return await writeTransaction(db, async (tx) => {
    const event = await findEventPosition(tx, eventId);
    if (!event || (scope.tenantId !== undefined && event.tenantId !== scope.tenantId)) {
      throw notFound('event', eventId);
    }
    return await requeueEventDeliveries(tx, event.seq, scope, now.toISOString());
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
  return await writeTransaction(db, (tx) =>
    requeueFailedSince(tx, since.toISOString(), scope, now.toISOString()),
  );
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
export async function queueObjectAgain(
  tx: Executor,
  objectId: string,
  scope: RedeliverScope,
  now: Date,
): Promise<number> {
  return await requeueObjectDeliveries(tx, objectId, scope, now.toISOString());
}
