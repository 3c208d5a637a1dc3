import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/client.js';

/**
 * The dispatcher's hot statements, prepared once per connection: building
 * a 500-row Drizzle query costs more than running it, and the dispatcher
 * runs these thousands of times a second under load.
 */
export interface DeliveryStatements {
  insertDelivery: Statement<[string, number, string, string]>;
  /** now, subscriptions and tenants at their in-flight cap (JSON arrays), now, scan limit. */
  candidates: Statement<[string, string, string, string, number], CandidateRow>;
  lease: Statement<[string, string, number]>;
  eventsBySeq: Statement<[string], EventRow>;
  markDelivered: Statement<[string, string, number | null, string, number]>;
  markFailed: Statement<[number, string, string, number | null, string | null, string, number]>;
  insertAttemptEvent: Statement<[number, number]>;
}

export interface CandidateRow {
  subscription_id: string;
  tenant_id: string;
  event_seq: number;
  object_id: string;
  attempts: number;
}

export interface EventRow {
  seq: number;
  id: string;
  type: string;
  createdAt: string;
  payload: string;
}

const cache = new WeakMap<object, DeliveryStatements>();

export function deliveryStatements(db: Db): DeliveryStatements {
  const client = db.$client;
  const cached = cache.get(client);
  if (cached) return cached;
  const statements: DeliveryStatements = {
    insertDelivery: client.prepare(
      `INSERT INTO webhook_deliveries (subscription_id, event_seq, object_id, state, attempts, next_attempt_at)
       VALUES (?, ?, ?, 'pending', 0, ?) ON CONFLICT DO NOTHING`,
    ),
    // Eligible: due, its subscription and tenant below their in-flight caps (so a dead
    // endpoint's backlog cannot fill the scan), and no earlier pending delivery of the
    // same object (same subscription) is not due.
    candidates: client.prepare(
      `SELECT d.subscription_id, s.tenant_id, d.event_seq, d.object_id, d.attempts
       FROM webhook_deliveries d INDEXED BY webhook_deliveries_pending_seq_idx
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.state = 'pending' AND d.next_attempt_at <= ?
         AND s.enabled = 1 AND s.deleted_at IS NULL
         AND d.subscription_id NOT IN (SELECT value FROM json_each(?))
         AND s.tenant_id NOT IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (
           SELECT 1 FROM webhook_deliveries p
           WHERE p.subscription_id = d.subscription_id AND p.object_id = d.object_id
             AND p.event_seq < d.event_seq AND p.state = 'pending' AND p.next_attempt_at > ?)
       ORDER BY d.event_seq
       LIMIT ?`,
    ),
    lease: client.prepare(
      'UPDATE webhook_deliveries SET next_attempt_at = ? WHERE subscription_id = ? AND event_seq = ?',
    ),
    eventsBySeq: client.prepare(
      `SELECT seq, id, type, created_at AS createdAt, payload FROM outbox_events
       WHERE seq IN (SELECT value FROM json_each(?))`,
    ),
    markDelivered: client.prepare(
      `UPDATE webhook_deliveries SET state = 'delivered', delivered_at = ?, attempts = attempts + 1,
         last_attempt_at = ?, last_status_code = ?, last_error = NULL
       WHERE subscription_id = ? AND event_seq = ? AND state = 'pending'`,
    ),
    markFailed: client.prepare(
      `UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?,
         last_status_code = ?, last_error = ?
       WHERE subscription_id = ? AND event_seq = ? AND state = 'pending'`,
    ),
    insertAttemptEvent: client.prepare(
      'INSERT INTO webhook_attempt_events (attempt_id, event_seq) VALUES (?, ?)',
    ),
  };
  cache.set(client, statements);
  return statements;
}
