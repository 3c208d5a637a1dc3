import type { Executor } from '../db/types.js';
import { insertAttempt } from '../repositories/webhook-attempts.js';
import { markDeliveryDelivered, markDeliveryFailed } from '../repositories/webhook-deliveries.js';
import { recordSubscriptionHealth } from '../repositories/webhook-subscriptions.js';
import type { AttemptExchange } from './attempt-exchange.js';
import { backoffSeconds } from './backoff.js';

/** What the record needs of the bundle sent: its subscription, failed attempts so far, and events. */
export interface AttemptedBundle {
  subscriptionId: string;
  attempts: number;
  events: readonly { id: string; seq: number }[];
}

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | undefined;
  latencyMs: number;
  error: string | undefined;
  /** ISO timestamp. */
  attemptedAt: string;
  /** The request and response as kept for operators (bounded). */
  exchange?: AttemptExchange | undefined;
}

/**
 * Writes the attempt to the log and moves the bundle's deliveries on:
 * delivered after a 2xx, otherwise due again after the back-off of the
 * attempt count, in the caller's write transaction (the
 * `dispatch.recordAttempt` command). Returns the back-off in seconds (0 when
 * delivered).
 */
export async function recordAttempt(
  tx: Executor,
  bundle: AttemptedBundle,
  outcome: AttemptOutcome,
  now: string,
): Promise<number> {
  const seqs = bundle.events.map((e) => e.seq);
  const attempts = bundle.attempts + 1;
  const delay = outcome.ok ? 0 : backoffSeconds(attempts);
  const at = outcome.attemptedAt;
  const nowMs = Date.parse(now);
  await insertAttempt(
    tx,
    {
      subscriptionId: bundle.subscriptionId,
      eventIds: JSON.stringify(bundle.events.map((e) => e.id)),
      attemptedAt: at,
      statusCode: outcome.statusCode ?? null,
      latencyMs: Math.round(outcome.latencyMs),
      error: outcome.error ?? null,
      ...exchangeColumns(outcome.exchange),
    },
    seqs,
  );
  // Two dispatchers may record out of order: the health only moves forward in time.
  await recordSubscriptionHealth(tx, bundle.subscriptionId, outcome.ok, at);
  const statusCode = outcome.statusCode ?? null;
  for (const eventSeq of seqs) {
    const key = { subscriptionId: bundle.subscriptionId, eventSeq };
    if (outcome.ok) {
      await markDeliveryDelivered(tx, key, { deliveredAt: now, attemptedAt: at, statusCode });
    } else {
      await markDeliveryFailed(tx, key, {
        attempts,
        nextAttemptAt: new Date(nowMs + delay * 1000).toISOString(),
        attemptedAt: at,
        statusCode,
        error: outcome.error ?? null,
      });
    }
  }
  return delay;
}

/** The exchange's columns; an attempt without one (never recorded) keeps them empty. */
function exchangeColumns(exchange: AttemptExchange | undefined) {
  if (!exchange) {
    return {
      requestHeaders: null,
      requestBody: null,
      requestBodyTruncated: false,
      responseHeaders: null,
      responseBody: null,
      responseBodyTruncated: false,
    };
  }
  return {
    requestHeaders: JSON.stringify(exchange.requestHeaders),
    requestBody: exchange.requestBody.text,
    requestBodyTruncated: exchange.requestBody.truncated,
    responseHeaders: exchange.response ? JSON.stringify(exchange.response.headers) : null,
    responseBody: exchange.response?.body.text ?? null,
    responseBodyTruncated: exchange.response?.body.truncated ?? false,
  };
}
