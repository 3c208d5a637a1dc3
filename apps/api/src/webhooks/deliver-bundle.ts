import { signWebhookDelivery } from '@tbo/signing';
import type { Clock } from '../lib/clock.js';
import { runWrite, type WritePort } from '../services/write/port.js';
import { boundedText, REQUEST_BODY_LIMIT_BYTES, storedRequestHeaders } from './attempt-exchange.js';
import type { Bundle } from './claim.js';
import { deliveryBody } from './event-json.js';
import type { HttpSender } from './http-sender.js';
import type { SigningKey } from './service-keys.js';

export const USER_AGENT = 'tbo-webhooks/1';

export interface DeliverDeps {
  writes: WritePort;
  clock: Clock;
  sender: HttpSender;
  key: SigningKey;
}

export interface BundleResult {
  ok: boolean;
  /** Seconds until the retry; 0 when delivered. */
  backoffSeconds: number;
  statusCode: number | undefined;
  error: string | undefined;
}

/** Builds the signed request body `{"payload":[…]}` and its headers. */
export function signedDelivery(bundle: Bundle, key: SigningKey, now: Date) {
  const body = deliveryBody(bundle.events, bundle.subscriptionId);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
  const signature = signWebhookDelivery({
    url: bundle.url,
    headers: { 'content-type': headers['content-type'] as string },
    body,
    keyId: key.keyId,
    privateKey: key.privateKeyPem,
    created: Math.floor(now.getTime() / 1000),
  });
  return { body, headers: { ...headers, ...signature } };
}

/**
 * Sends one bundle and records the outcome. Marked delivered only after the
 * 2xx is recorded: a crash in between leaves the lease to expire, and the
 * bundle is sent again (at least once, never lost).
 */
export async function deliverBundle(
  deps: DeliverDeps,
  bundle: Bundle,
  signal?: AbortSignal,
): Promise<BundleResult> {
  const attemptedAt = deps.clock.now();
  const { body, headers } = signedDelivery(bundle, deps.key, attemptedAt);
  const sent = await deps.sender.post(bundle.url, headers, body, signal);
  const exchange = {
    requestHeaders: storedRequestHeaders(headers, body),
    requestBody: boundedText(Buffer.from(body, 'utf8'), REQUEST_BODY_LIMIT_BYTES),
    response: sent.response,
  };
  const backoff = await runWrite(deps.writes, {
    op: 'dispatch.recordAttempt',
    bundle: {
      subscriptionId: bundle.subscriptionId,
      attempts: bundle.attempts,
      events: bundle.events.map((event) => ({ id: event.id, seq: event.seq })),
    },
    outcome: {
      ok: sent.ok,
      statusCode: sent.statusCode,
      latencyMs: sent.latencyMs,
      error: sent.error,
      attemptedAt: attemptedAt.toISOString(),
      exchange,
    },
    now: deps.clock.now().toISOString(),
  });
  return { ok: sent.ok, backoffSeconds: backoff, statusCode: sent.statusCode, error: sent.error };
}
