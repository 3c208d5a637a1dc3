import { and, asc, desc, eq, isNull, min, sql } from 'drizzle-orm';
import {
  outboxEvents,
  tenants,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/tables.js';
import type { Executor } from '../db/types.js';

export interface SubscriptionHealthRow {
  subscription: typeof webhookSubscriptions.$inferSelect;
  tenantName: string | null;
  backlog: number;
  oldestPendingEventAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
}

const pendingOf = (subscriptionId: typeof webhookSubscriptions.id) =>
  and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.state, 'pending'));

/**
 * Live subscriptions, failing first (oldest failure first), then by tenant
 * and URL, each with its backlog (a range of the pending-only index), the
 * creation time of its oldest waiting event and its latest attempt; at most
 * `limit` of them.
 */
export async function listSubscriptionHealth(db: Executor, limit: number): Promise<SubscriptionHealthRow[]> {
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
  // Correlated scalar subqueries as columns and a NULLS-LAST term: Drizzle has no form for either.
  return await db
    .select({
      subscription: s,
      tenantName: tenants.name,
      // count(*) is a bigint on PostgreSQL, which node-postgres hands over as text.
      backlog: sql<number>`(${backlog})`.mapWith(Number),
      oldestPendingEventAt: sql<string | null>`(${oldestEventAt})`,
      lastStatusCode: webhookAttempts.statusCode,
      lastError: webhookAttempts.error,
      lastAttemptAt: webhookAttempts.attemptedAt,
    })
    .from(s)
    .leftJoin(tenants, eq(tenants.id, s.tenantId))
    .leftJoin(webhookAttempts, eq(webhookAttempts.id, sql`(${lastAttemptId})`))
    .where(isNull(s.deletedAt))
    .orderBy(sql`${s.failingSince} IS NULL`, asc(s.failingSince), asc(tenants.name), asc(s.url))
    .limit(limit);
}
