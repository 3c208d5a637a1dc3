import { and, desc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { changedRows, first } from '../db/query.js';
import { outboxEvents, tenants, webhookDeliveries, webhookSubscriptions } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Webhook deliveries as the console lists them and an operator sends them
// again: due now, the back-off skipped, the attempt count kept (unlike a
// client's redelivery, webhook-redeliveries.ts, which starts the count afresh).

export type OutboxEventRow = typeof outboxEvents.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

export interface DeliveryKey {
  subscriptionId: string;
  eventSeq: number;
}

const deliveryIs = (key: DeliveryKey) =>
  and(eq(webhookDeliveries.subscriptionId, key.subscriptionId), eq(webhookDeliveries.eventSeq, key.eventSeq));

/** One delivery and the event it carries. */
export async function findDeliveryWithEvent(
  db: Executor,
  key: DeliveryKey,
): Promise<{ delivery: WebhookDeliveryRow; event: OutboxEventRow } | undefined> {
  return await first(
    db
      .select({ delivery: webhookDeliveries, event: outboxEvents })
      .from(webhookDeliveries)
      .innerJoin(outboxEvents, eq(outboxEvents.seq, webhookDeliveries.eventSeq))
      .where(deliveryIs(key)),
  );
}

/** One delivery pending again, due at `dueAt`. */
export async function requeueDelivery(db: Executor, key: DeliveryKey, dueAt: string): Promise<void> {
  await db.update(webhookDeliveries).set({ state: 'pending', nextAttemptAt: dueAt }).where(deliveryIs(key));
}

/** The deliveries of one event to these subscriptions pending again, due at `dueAt`; how many. */
export async function requeueEventForSubscriptions(
  db: Executor,
  eventSeq: number,
  subscriptionIds: readonly string[],
  dueAt: string,
): Promise<number> {
  if (subscriptionIds.length === 0) return 0;
  const result = await db
    .update(webhookDeliveries)
    .set({ state: 'pending', nextAttemptAt: dueAt })
    .where(
      and(
        inArray(webhookDeliveries.subscriptionId, [...subscriptionIds]),
        eq(webhookDeliveries.eventSeq, eventSeq),
      ),
    );
  return changedRows(result);
}

/** The latest event about an object (a transfer), if any. */
export async function findLatestEventOf(
  db: Executor,
  objectId: string,
): Promise<Pick<OutboxEventRow, 'seq' | 'id' | 'type'> | undefined> {
  return await first(
    db
      .select({ seq: outboxEvents.seq, id: outboxEvents.id, type: outboxEvents.type })
      .from(outboxEvents)
      .where(eq(outboxEvents.objectId, objectId))
      .orderBy(desc(outboxEvents.seq))
      .limit(1),
  );
}

/** Whether subscription `id` belongs to the tenant (deleted or not). */
export async function isSubscriptionOfTenant(db: Executor, id: string, tenantId: string): Promise<boolean> {
  const found = await first(
    db
      .select({ id: webhookSubscriptions.id })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.tenantId, tenantId))),
  );
  return found !== undefined;
}

export type DeliveryState = 'failing' | 'pending' | 'delivered' | 'all';

function stateWhere(state: DeliveryState): SQL | undefined {
  switch (state) {
    case 'failing':
      return and(eq(webhookDeliveries.state, 'pending'), gt(webhookDeliveries.attempts, 0));
    case 'pending':
      return eq(webhookDeliveries.state, 'pending');
    case 'delivered':
      return eq(webhookDeliveries.state, 'delivered');
    default:
      return undefined;
  }
}

/** One walk of a keyset pager: where to start, the order, how many rows. */
export interface PageWalk {
  from: SQL | undefined;
  orderBy: SQL[];
  take: number;
}

export interface DeliveryPageRow {
  delivery: WebhookDeliveryRow;
  event: OutboxEventRow;
  url: string | null;
  tenantName: string | null;
}

/**
 * One walk of the delivery list with each delivery's event, URL and tenant.
 */
export async function listDeliveryPageRows(
  db: Executor,
  state: DeliveryState,
  walk: PageWalk,
): Promise<DeliveryPageRow[]> {
  return await db
    .select({
      delivery: webhookDeliveries,
      event: outboxEvents,
      url: webhookSubscriptions.url,
      tenantName: tenants.name,
    })
    .from(webhookDeliveries)
    .innerJoin(outboxEvents, eq(outboxEvents.seq, webhookDeliveries.eventSeq))
    .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .leftJoin(tenants, eq(tenants.id, outboxEvents.tenantId))
    .where(and(stateWhere(state), walk.from))
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}
