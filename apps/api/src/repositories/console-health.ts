import { and, count, desc, eq, gt, isNull, max, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { first } from '../db/query.js';
import {
  outboxEvents,
  tenants,
  webhookDeliveries,
  webhookSubscriptions,
  workerPasses,
} from '../db/tables.js';
import type { Executor } from '../db/types.js';

/** The console's health panel: the workers' latest passes and the webhook backlog, each read bounded. */

export type WorkerPassRow = typeof workerPasses.$inferSelect;

/** The `limit` most recent worker passes. */
export async function listRecentWorkerPasses(db: Executor, limit: number): Promise<WorkerPassRow[]> {
  return db.select().from(workerPasses).orderBy(desc(workerPasses.lastPassAt)).limit(limit);
}

/** Pending deliveries (with `failingOnly`, those that failed at least once), counted through the pending index up to `cap`. */
export async function countPendingCapped(db: Executor, failingOnly: boolean, cap: number): Promise<number> {
  const rows = db
    .select({ one: sql`1` })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.state, 'pending'),
        failingOnly ? gt(webhookDeliveries.attempts, 0) : undefined,
      ),
    )
    .limit(cap)
    .as('capped');
  return (await first(db.select({ n: count() }).from(rows)))?.n ?? 0;
}

/** The newest published outbox position; 0 while none is. */
export async function findLastOutboxPosition(db: Executor): Promise<number> {
  return (await first(db.select({ position: max(outboxEvents.position) }).from(outboxEvents)))?.position ?? 0;
}

/** Events committed and not yet given a position (PostgreSQL only), counted through their partial index up to `cap`. */
export async function countUnpublishedCapped(db: Executor, cap: number): Promise<number> {
  const rows = db
    .select({ one: sql`1` })
    .from(outboxEvents)
    .where(isNull(outboxEvents.position))
    .limit(cap)
    .as('capped');
  return (await first(db.select({ n: count() }).from(rows)))?.n ?? 0;
}

/** When the pending delivery of the oldest event is due next. */
export async function findOldestPendingDue(db: Executor): Promise<string | null> {
  return (
    (
      await first(
        db
          .select({ at: webhookDeliveries.nextAttemptAt })
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.state, 'pending'))
          .orderBy(webhookDeliveries.eventSeq)
          .limit(1),
      )
    )?.at ?? null
  );
}

export interface FailingEndpointRow {
  subscriptionId: string;
  url: string | null;
  tenantName: string | null;
  failing: number;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
}

/**
 * Endpoints with a failed delivery still pending, most failing first: the
 * first `scanCap` failing rows, grouped; at most `limit` endpoints.
 */
export async function listFailingEndpoints(
  db: Executor,
  scanCap: number,
  limit: number,
): Promise<FailingEndpointRow[]> {
  const failingRows = db
    .select({
      subscriptionId: webhookDeliveries.subscriptionId,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      lastError: webhookDeliveries.lastError,
      lastStatusCode: webhookDeliveries.lastStatusCode,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.state, 'pending'), gt(webhookDeliveries.attempts, 0)))
    .limit(scanCap)
    .as('failing');
  return (
    db
      .select({
        subscriptionId: failingRows.subscriptionId,
        url: webhookSubscriptions.url,
        tenantName: tenants.name,
        failing: count(),
        lastAttemptAt: max(failingRows.lastAttemptAt),
        lastError: max(failingRows.lastError),
        lastStatusCode: max(failingRows.lastStatusCode),
      })
      .from(failingRows)
      .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, failingRows.subscriptionId))
      .leftJoin(tenants, eq(tenants.id, webhookSubscriptions.tenantId))
      // PostgreSQL wants every selected column grouped or aggregated; the endpoint's url and tenant
      // name follow from its id (joined by primary key), so the groups are the same.
      .groupBy(failingRows.subscriptionId, ...(isPostgres() ? [webhookSubscriptions.url, tenants.name] : []))
      .orderBy(desc(count()))
      .limit(limit)
  );
}
