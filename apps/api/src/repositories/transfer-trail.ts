import { asc, desc, eq, inArray } from 'drizzle-orm';
import {
  outboxEvents,
  transferHistory,
  webhookAttemptEvents,
  webhookAttempts,
  webhookDeliveries,
  webhookSubscriptions,
} from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The trail of one transfer on its console page: history, webhook events, deliveries, attempts.

export type HistoryRow = typeof transferHistory.$inferSelect;
export type OutboxEventRow = typeof outboxEvents.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** Every status and data change of a transfer, oldest first. */
export async function listHistory(db: Executor, transferId: string): Promise<HistoryRow[]> {
  return db
    .select()
    .from(transferHistory)
    .where(eq(transferHistory.transferId, transferId))
    .orderBy(asc(transferHistory.id));
}

/** The outbox events of one object, in outbox order. */
export async function listEventsOfObject(db: Executor, objectId: string): Promise<OutboxEventRow[]> {
  return db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.objectId, objectId))
    .orderBy(asc(outboxEvents.seq));
}

/** The deliveries of the given events, each with its subscription's URL. */
export async function listDeliveriesOfEvents(
  db: Executor,
  seqs: number[],
): Promise<{ delivery: DeliveryRow; url: string | null }[]> {
  if (seqs.length === 0) return [];
  return db
    .select({ delivery: webhookDeliveries, url: webhookSubscriptions.url })
    .from(webhookDeliveries)
    .leftJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(inArray(webhookDeliveries.eventSeq, seqs));
}

/** The newest `limit` HTTP attempts that carried any of the given events. */
export async function listAttemptsOfEvents(
  db: Executor,
  seqs: number[],
  limit: number,
): Promise<AttemptRow[]> {
  if (seqs.length === 0) return [];
  const rows = await db
    .selectDistinct({ attempt: webhookAttempts })
    .from(webhookAttemptEvents)
    .innerJoin(webhookAttempts, eq(webhookAttempts.id, webhookAttemptEvents.attemptId))
    .where(inArray(webhookAttemptEvents.eventSeq, seqs))
    .orderBy(desc(webhookAttempts.id))
    .limit(limit);
  return rows.map(({ attempt }) => attempt);
}
