import type { Attempt, Delivery } from '@tbo/contracts';
import type { Db } from '../db/client.js';
import { listAttemptLog } from '../repositories/webhook-attempts.js';
import { listDeliveryLog } from '../repositories/webhook-deliveries.js';

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

/** Deliveries (one per subscription and event), newest event first. */
export async function listDeliveries(db: Db, filter: DeliveryLogFilter): Promise<Delivery[]> {
  const rows = await listDeliveryLog(db, { ...filter, limit: filter.limit ?? 100 });
  return rows.map(({ delivery: d, eventId, type }) => ({
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
export async function listAttempts(db: Db, filter: DeliveryLogFilter): Promise<Attempt[]> {
  const rows = await listAttemptLog(db, {
    tenantId: filter.tenantId,
    subscriptionId: filter.subscriptionId,
    eventId: filter.eventId,
    objectId: filter.objectId,
    limit: filter.limit ?? 100,
  });
  return rows.map((a) => ({
    id: a.id,
    webhook_id: a.subscriptionId,
    event_ids: JSON.parse(a.eventIds) as string[],
    attempted_at: a.attemptedAt,
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    error: a.error,
  }));
}
