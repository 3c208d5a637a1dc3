import { and, asc, desc, eq, isNull, min, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  outboxEvents,
  tenants,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../../db/schema/index.js';

/** More subscriptions than any deployment has (25 per tenant); the page says when it is cut. */
const MAX_SUBSCRIPTIONS = 500;

const pendingOf = (subscriptionId: typeof webhookSubscriptions.id) =>
  and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.state, 'pending'));

/**
 * Per subscription: is it failing and since when, its last success, its
 * backlog (pending deliveries) and how old the oldest waiting event is, and
 * its latest attempt. The times are kept on the subscription by every
 * recorded attempt; the backlog is a range of the pending-only index.
 */
export function webhookHealth(db: Db) {
  const s = webhookSubscriptions;
  const backlog = db.select({ n: sql<number>`count(*)` }).from(webhookDeliveries).where(pendingOf(s.id));
  const oldestSeq = db
    .select({ seq: min(webhookDeliveries.eventSeq) })
    .from(webhookDeliveries)
    .where(pendingOf(s.id));
  const oldestEventAt = db
    .select({ at: outboxEvents.createdAt })
    .from(outboxEvents)
    .where(eq(outboxEvents.seq, sql`(${oldestSeq})`));
  const lastAttemptId = db
    .select({ id: webhookAttempts.id })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.subscriptionId, s.id))
    .orderBy(desc(webhookAttempts.id))
    .limit(1);
  const rows = db
    .select({
      subscription: s,
      tenantName: tenants.name,
      backlog: sql<number>`(${backlog})`,
      oldestPendingEventAt: sql<string | null>`(${oldestEventAt})`,
      lastStatusCode: webhookAttempts.statusCode,
      lastError: webhookAttempts.error,
      lastAttemptAt: webhookAttempts.attemptedAt,
    })
    .from(s)
    .leftJoin(tenants, eq(tenants.id, s.tenantId))
    .leftJoin(webhookAttempts, eq(webhookAttempts.id, sql`(${lastAttemptId})`))
    .where(isNull(s.deletedAt))
    // Failing first (oldest failure first), then by tenant and URL.
    .orderBy(sql`${s.failingSince} IS NULL`, asc(s.failingSince), asc(tenants.name), asc(s.url))
    .limit(MAX_SUBSCRIPTIONS + 1)
    .all();
  return {
    truncated: rows.length > MAX_SUBSCRIPTIONS,
    subscriptions: rows.slice(0, MAX_SUBSCRIPTIONS).map((r) => ({
      id: r.subscription.id,
      tenant_id: r.subscription.tenantId,
      tenant_name: r.tenantName,
      url: r.subscription.url,
      enabled: r.subscription.enabled,
      health: !r.subscription.enabled
        ? ('disabled' as const)
        : r.subscription.failingSince !== null
          ? ('failing' as const)
          : r.subscription.lastSuccessAt !== null
            ? ('healthy' as const)
            : ('unknown' as const),
      failing_since: r.subscription.failingSince,
      last_success_at: r.subscription.lastSuccessAt,
      last_failure_at: r.subscription.lastFailureAt,
      last_attempt_at: r.lastAttemptAt,
      last_status_code: r.lastStatusCode,
      last_error: r.lastError,
      backlog: r.backlog,
      oldest_pending_event_at: r.oldestPendingEventAt,
    })),
  };
}
