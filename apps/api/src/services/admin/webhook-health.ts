import type { Db } from '../../db/client.js';
import { listSubscriptionHealth } from '../../repositories/webhook-health.js';

/** More subscriptions than any deployment has (25 per tenant); the page says when it is cut. */
const MAX_SUBSCRIPTIONS = 500;

/**
 * Per subscription: is it failing and since when, its last success, its
 * backlog (pending deliveries) and how old the oldest waiting event is, and
 * its latest attempt. The times are kept on the subscription by every
 * recorded attempt; the backlog is a range of the pending-only index.
 */
export async function webhookHealth(db: Db) {
  const rows = await listSubscriptionHealth(db, MAX_SUBSCRIPTIONS + 1);
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
