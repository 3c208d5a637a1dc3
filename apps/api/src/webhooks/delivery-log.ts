import type { Attempt, Delivery } from '@tbo/contracts';
import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  outboxEvents,
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/schema/index.js';

export interface DeliveryLogFilter {
  /** Restrict to one tenant (client calls); operators may leave it out. */
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
  eventId?: string | undefined;
  /** A securities or account transfer id: every event about it. */
  objectId?: string | undefined;
  state?: 'pending' | 'delivered' | undefined;
  limit?: number | undefined;
}

function eventFilter(filter: DeliveryLogFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.tenantId !== undefined) where.push(eq(webhookSubscriptions.tenantId, filter.tenantId));
  if (filter.subscriptionId !== undefined) where.push(eq(webhookSubscriptions.id, filter.subscriptionId));
  if (filter.eventId !== undefined) where.push(eq(outboxEvents.id, filter.eventId));
  if (filter.objectId !== undefined) where.push(eq(outboxEvents.objectId, filter.objectId));
  return where;
}

/** Deliveries (one per subscription and event), newest event first. */
export function listDeliveries(db: Db, filter: DeliveryLogFilter): Delivery[] {
  const where = eventFilter(filter);
  if (filter.state !== undefined) where.push(eq(webhookDeliveries.state, filter.state));
  return db
    .select({ d: webhookDeliveries, eventId: outboxEvents.id, type: outboxEvents.type })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.seq, webhookDeliveries.eventSeq))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.eventSeq))
    .limit(filter.limit ?? 100)
    .all()
    .map(({ d, eventId, type }) => ({
      webhook_id: d.subscriptionId,
      event_id: eventId,
      event_type: type,
      object_id: d.objectId,
      state: d.state,
      attempts: d.attempts,
      next_attempt_at: d.state === 'pending' ? d.nextAttemptAt : null,
      delivered_at: d.deliveredAt,
      last_attempt_at: d.lastAttemptAt,
      last_status_code: d.lastStatusCode,
      last_error: d.lastError,
    }));
}

/** HTTP attempts (time, status, latency, error), newest first; per subscription, event or transfer. */
export function listAttempts(db: Db, filter: DeliveryLogFilter): Attempt[] {
  const byEvent = filter.eventId !== undefined || filter.objectId !== undefined;
  const where: SQL[] = [];
  if (filter.tenantId !== undefined) where.push(eq(webhookSubscriptions.tenantId, filter.tenantId));
  if (filter.subscriptionId !== undefined)
    where.push(eq(webhookAttempts.subscriptionId, filter.subscriptionId));
  if (byEvent) {
    const seqs = db
      .select({ seq: outboxEvents.seq })
      .from(outboxEvents)
      .where(and(...eventFilter({ eventId: filter.eventId, objectId: filter.objectId })));
    const ids = db
      .select({ id: webhookAttemptEvents.attemptId })
      .from(webhookAttemptEvents)
      .where(inArray(webhookAttemptEvents.eventSeq, seqs));
    where.push(inArray(webhookAttempts.id, ids));
  }
  return db
    .select({ a: webhookAttempts })
    .from(webhookAttempts)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookAttempts.subscriptionId))
    .where(and(...where, sql`1 = 1`))
    .orderBy(desc(webhookAttempts.id))
    .limit(filter.limit ?? 100)
    .all()
    .map(({ a }) => ({
      id: a.id,
      webhook_id: a.subscriptionId,
      event_ids: JSON.parse(a.eventIds) as string[],
      attempted_at: a.attemptedAt,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
    }));
}
