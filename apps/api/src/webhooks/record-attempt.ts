import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { webhookAttemptEvents, webhookAttempts, webhookDeliveries } from '../db/schema/index.js';
import { backoffSeconds } from './backoff.js';
import type { Bundle } from './claim.js';

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
      for (let i = 0; i < seqs.length; i += 500) {
        tx.insert(webhookAttemptEvents)
          .values(seqs.slice(i, i + 500).map((eventSeq) => ({ attemptId: attempt.id, eventSeq })))
          .run();
      }
      const where = and(
        eq(webhookDeliveries.subscriptionId, bundle.subscriptionId),
        inArray(webhookDeliveries.eventSeq, seqs),
        eq(webhookDeliveries.state, 'pending'),
      );
      const common = {
        lastAttemptAt: at,
        lastStatusCode: outcome.statusCode ?? null,
        lastError: outcome.error ?? null,
      };
      if (outcome.ok) {
        tx.update(webhookDeliveries)
          .set({
            ...common,
            state: 'delivered',
            deliveredAt: now.toISOString(),
            attempts: sql`${webhookDeliveries.attempts} + 1`,
          })
          .where(where)
          .run();
      } else {
        tx.update(webhookDeliveries)
          .set({ ...common, attempts, nextAttemptAt: new Date(now.getTime() + delay * 1000).toISOString() })
          .where(where)
          .run();
      }
    },
    { behavior: 'immediate' },
  );
  return delay;
}
