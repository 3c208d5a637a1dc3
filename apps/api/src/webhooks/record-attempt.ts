import type { Db } from '../db/client.js';
import { webhookAttempts } from '../db/schema/index.js';
import { backoffSeconds } from './backoff.js';
import type { Bundle } from './claim.js';
import { deliveryStatements } from './statements.js';

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | undefined;
  latencyMs: number;
  error: string | undefined;
  attemptedAt: Date;
}

/**
 * Writes the attempt to the log and moves the bundle's deliveries on:
 * delivered after a 2xx, otherwise due again after the back-off of the
 * attempt count. Returns the back-off in seconds (0 when delivered).
 */
export function recordAttempt(db: Db, bundle: Bundle, outcome: AttemptOutcome, now: Date): number {
  const seqs = bundle.events.map((e) => e.seq);
  const attempts = bundle.attempts + 1;
  const delay = outcome.ok ? 0 : backoffSeconds(attempts);
  const at = outcome.attemptedAt.toISOString();
  db.transaction(
    (tx) => {
      const attempt = tx
        .insert(webhookAttempts)
        .values({
          subscriptionId: bundle.subscriptionId,
          eventIds: JSON.stringify(bundle.events.map((e) => e.id)),
          attemptedAt: at,
          statusCode: outcome.statusCode ?? null,
          latencyMs: Math.round(outcome.latencyMs),
          error: outcome.error ?? null,
        })
        .returning({ id: webhookAttempts.id })
        .get();
      const statements = deliveryStatements(db);
      const status = outcome.statusCode ?? null;
      for (const seq of seqs) {
        statements.insertAttemptEvent.run(attempt.id, seq);
        if (outcome.ok)
          statements.markDelivered.run(now.toISOString(), at, status, bundle.subscriptionId, seq);
        else {
          const next = new Date(now.getTime() + delay * 1000).toISOString();
          statements.markFailed.run(
            attempts,
            next,
            at,
            status,
            outcome.error ?? null,
            bundle.subscriptionId,
            seq,
          );
        }
      }
    },
    { behavior: 'immediate' },
  );
  return delay;
}
