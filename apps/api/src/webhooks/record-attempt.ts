import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { webhookAttempts, webhookSubscriptions } from '../db/schema/index.js';
import { writeTransaction } from '../db/transaction.js';
import type { Executor } from '../db/types.js';
import type { AttemptExchange } from './attempt-exchange.js';
import { backoffSeconds } from './backoff.js';
import type { Bundle } from './claim.js';
import { deliveryStatements } from './statements.js';

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | undefined;
  latencyMs: number;
  error: string | undefined;
  attemptedAt: Date;
  /** The request and response as kept for operators (bounded). */
  exchange?: AttemptExchange | undefined;
}

/**
 * Moves the subscription's health on. Two dispatchers may record out of
 * order, so each side only moves forward in time: a success clears
 * "failing since" unless a later failure is already recorded.
 */
function updateHealth(tx: Executor, subscriptionId: string, ok: boolean, at: string): void {
  const s = webhookSubscriptions;
  const set = ok
    ? {
        lastSuccessAt: sql`CASE WHEN ${s.lastSuccessAt} IS NULL OR ${s.lastSuccessAt} < ${at} THEN ${at} ELSE ${s.lastSuccessAt} END`,
        failingSince: sql`CASE WHEN ${s.lastFailureAt} > ${at}
          THEN CASE WHEN ${s.failingSince} > ${at} THEN ${s.failingSince} ELSE ${s.lastFailureAt} END
          ELSE NULL END`,
      }
    : {
        lastFailureAt: sql`CASE WHEN ${s.lastFailureAt} IS NULL OR ${s.lastFailureAt} < ${at} THEN ${at} ELSE ${s.lastFailureAt} END`,
        failingSince: sql`CASE WHEN ${s.lastSuccessAt} >= ${at} THEN ${s.failingSince}
          ELSE min(coalesce(${s.failingSince}, ${at}), ${at}) END`,
      };
  tx.update(s).set(set).where(eq(s.id, subscriptionId)).run();
}

/**
 * Writes the attempt to the log and moves the bundle's deliveries on:
 * delivered after a 2xx, otherwise due again after the back-off of the
 * attempt count. Returns the back-off in seconds (0 when delivered).
 */
export async function recordAttempt(
  db: Db,
  bundle: Bundle,
  outcome: AttemptOutcome,
  now: Date,
): Promise<number> {
  const seqs = bundle.events.map((e) => e.seq);
  const attempts = bundle.attempts + 1;
  const delay = outcome.ok ? 0 : backoffSeconds(attempts);
  const at = outcome.attemptedAt.toISOString();
  await writeTransaction(db, async (tx) => {
    const attempt = tx
      .insert(webhookAttempts)
      .values({
        subscriptionId: bundle.subscriptionId,
        eventIds: JSON.stringify(bundle.events.map((e) => e.id)),
        attemptedAt: at,
        statusCode: outcome.statusCode ?? null,
        latencyMs: Math.round(outcome.latencyMs),
        error: outcome.error ?? null,
        ...exchangeColumns(outcome.exchange),
      })
      .returning({ id: webhookAttempts.id })
      .get();
    updateHealth(tx, bundle.subscriptionId, outcome.ok, at);
    const statements = deliveryStatements(db);
    const status = outcome.statusCode ?? null;
    for (const seq of seqs) {
      statements.insertAttemptEvent.run(attempt.id, seq);
      if (outcome.ok) statements.markDelivered.run(now.toISOString(), at, status, bundle.subscriptionId, seq);
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
  });
  return delay;
}

function exchangeColumns(exchange: AttemptExchange | undefined) {
  if (!exchange) return {};
  return {
    requestHeaders: JSON.stringify(exchange.requestHeaders),
    requestBody: exchange.requestBody.text,
    requestBodyTruncated: exchange.requestBody.truncated,
    responseHeaders: exchange.response ? JSON.stringify(exchange.response.headers) : null,
    responseBody: exchange.response?.body.text ?? null,
    responseBodyTruncated: exchange.response?.body.truncated ?? false,
  };
}
