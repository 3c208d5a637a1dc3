import { asc, desc, eq, inArray } from 'drizzle-orm';
import {
  outboxEvents,
  transferHistory,
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/schema/index.js';
import type { Executor } from '../db/types.js';

// The trail of one transfer on its console page: history, webhook events, deliveries, attempts.
// Synchronous (the `Sync` suffix): the securities transfer's page is still read in one synchronous
// call (services/admin/transfer-detail.ts, spread by its procedure).

export type HistoryRow = typeof transferHistory.$inferSelect;
export type OutboxEventRow = typeof outboxEvents.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Every status and data change of a transfer, oldest first. */
export function listHistorySync(db: Executor, transferId: string): HistoryRow[] {
  return db
    .select()
    .from(transferHistory)
    .where(eq(transferHistory.transferId, transferId))
    .orderBy(asc(transferHistory.id))
    .all();
}

/** The outbox events of one object, in outbox order. */
export function listEventsOfObjectSync(db: Executor, objectId: string): OutboxEventRow[] {
  return db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.objectId, objectId))
    .orderBy(asc(outboxEvents.seq))
    .all();
}

/** The deliveries of the given events, each with its subscription's URL. */
export function listDeliveriesOfEventsSync(
  db: Executor,
  seqs: number[],
): { delivery: DeliveryRow; url: string | null }[] {
  if (seqs.length === 0) return [];
  return db
    .select({ delivery: webhookDeliveries, url: webhookSubscriptions.url })
    .from(webhookDeliveries)
    .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(inArray(webhookDeliveries.eventSeq, seqs))
    .all();
}

/** The newest `limit` HTTP attempts that carried any of the given events. */
export function listAttemptsOfEventsSync(db: Executor, seqs: number[], limit: number): AttemptRow[] {
  if (seqs.length === 0) return [];
  return db
    .selectDistinct({ attempt: webhookAttempts })
    .from(webhookAttemptEvents)
    .innerJoin(webhookAttempts, eq(webhookAttempts.id, webhookAttemptEvents.attemptId))
    .where(inArray(webhookAttemptEvents.eventSeq, seqs))
    .orderBy(desc(webhookAttempts.id))
    .limit(limit)
    .all()
    .map(({ attempt }) => attempt);
}
