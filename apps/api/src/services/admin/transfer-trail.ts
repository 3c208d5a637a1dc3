import type { Db } from '../../db/client.js';
import {
  listAttemptsOfEvents,
  listDeliveriesOfEvents,
  listEventsOfObject,
  listHistory,
} from '../../repositories/transfer-trail.js';

/** The audit trail of one transfer: every status change and data change, oldest first. */
export async function historyOf(db: Db, transferId: string) {
  return (await listHistory(db, transferId)).map((h) => ({
    id: h.id,
    at: h.createdAt,
    actor: h.actor,
    from_status: h.fromStatus,
    to_status: h.toStatus,
    reason_code: h.reasonCode,
    reason: h.reason,
    source_message: h.sourceMessage,
  }));
}

/**
 * The webhook events of one object (outbox), each with its delivery per
 * subscription, and the HTTP attempts that carried any of them.
 */
export async function webhookTrailOf(db: Db, objectId: string) {
  const events = await listEventsOfObject(db, objectId);
  const seqs = events.map((e) => e.seq);
  const deliveries = await listDeliveriesOfEvents(db, seqs);
  const attempts = await listAttemptsOfEvents(db, seqs, 200);
  return {
    events: events.map((e) => ({
      seq: e.seq,
      id: e.id,
      type: e.type,
      created_at: e.createdAt,
      deliveries: deliveries
        .filter((d) => d.delivery.eventSeq === e.seq)
        .map(({ delivery, url }) => ({
          subscription_id: delivery.subscriptionId,
          url,
          state: delivery.state,
          attempts: delivery.attempts,
          next_attempt_at: delivery.nextAttemptAt,
          delivered_at: delivery.deliveredAt,
          last_attempt_at: delivery.lastAttemptAt,
          last_status_code: delivery.lastStatusCode,
          last_error: delivery.lastError,
        })),
    })),
    attempts: attempts.map((attempt) => ({
      id: attempt.id,
      subscription_id: attempt.subscriptionId,
      attempted_at: attempt.attemptedAt,
      status_code: attempt.statusCode,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
    })),
  };
}
