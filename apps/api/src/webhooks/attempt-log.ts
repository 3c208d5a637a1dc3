import type { Db } from '../db/client.js';
import { notFound } from '../domain/errors.js';
import { findAttemptWithUrl } from '../repositories/webhook-attempts.js';

const headersOf = (json: string | null): Record<string, string> | null =>
  json === null ? null : (JSON.parse(json) as Record<string, string>);

/**
 * One attempt with its exchange as kept (bounded, see attempt-exchange.ts):
 * for operators only. Attempts recorded before the exchange was kept answer
 * nulls.
 */
export async function attemptExchangeOf(db: Db, attemptId: number) {
  const row = await findAttemptWithUrl(db, attemptId);
  if (!row) throw notFound('webhook attempt', String(attemptId));
  const a = row.attempt;
  return {
    id: a.id,
    subscription_id: a.subscriptionId,
    url: row.url,
    attempted_at: a.attemptedAt,
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    error: a.error,
    event_ids: JSON.parse(a.eventIds) as string[],
    request: {
      headers: headersOf(a.requestHeaders),
      body: a.requestBody,
      body_truncated: a.requestBodyTruncated,
    },
    response:
      a.responseHeaders === null
        ? null
        : {
            headers: headersOf(a.responseHeaders),
            body: a.responseBody,
            body_truncated: a.responseBodyTruncated,
          },
  };
}
