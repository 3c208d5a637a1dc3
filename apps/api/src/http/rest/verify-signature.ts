import { verifyRequestSignature } from '@tbo/signing';
import type { Db } from '../../db/client.js';
import type { ClientEntry } from '../../services/auth/client-directory.js';
import { lookupClientKey } from '../../services/auth/client-keys.js';
import { type DeferredNonce, nonceReplayed, signatureRefused } from '../../services/auth/nonces.js';
import { useNonce, type WritePort } from '../../services/write/port.js';
import type { ReceivedRequest } from './received-request.js';
import { requiredComponents } from './signature-policy.js';

export interface SignatureLimits {
  /** Tolerated clock difference, seconds. */
  maxSkewSeconds: number;
  /** Oldest acceptable `created`, seconds. */
  maxAgeSeconds: number;
}

/**
 * Verifies the request's HTTP message signature (draft 15, label sig1) against
 * the bytes as received, with the tenant's registered keys and under its
 * signing policy; a used nonce is remembered until the signature expires.
 * Every failure is a 401 naming it.
 *
 * With `deferNonce` the nonce of a valid signature is not recorded here but
 * handed back: the request's write records it in its own transaction, and
 * `settleDeferredNonce` records it when no write did.
 */
export async function verifyClientSignature(
  edge: { db: Db; writes: WritePort },
  request: ReceivedRequest,
  client: ClientEntry,
  tokenRequest: boolean,
  limits: SignatureLimits,
  deferNonce = false,
): Promise<DeferredNonce | undefined> {
  const { tenantId } = client;
  const policy = { tokenRequest, idempotencyKeyCovered: client.requireSignedIdempotencyKey };
  const now = request.now;
  const nowMs = now.getTime();
  let deferred: DeferredNonce | undefined;
  const result = await verifyRequestSignature({
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
    now,
    maxSkewSeconds: limits.maxSkewSeconds,
    maxAgeSeconds: limits.maxAgeSeconds,
    label: 'sig1',
    requireNonce: true,
    requiredComponents: (ctx) => requiredComponents(ctx, policy),
    lookupKey: (keyId) => lookupClientKey(edge.db, tenantId, keyId, nowMs),
    checkNonce: (nonce, expiresAt) => {
      if (!deferNonce) return useNonce(edge.writes, tenantId, nonce, expiresAt, now);
      const use = { tenantId, nonce, expiresAt: expiresAt.toISOString(), now: now.toISOString() };
      deferred = { use, taken: false };
      return true;
    },
  });
  if (!result.ok) throw signatureRefused(result.code, result.message);
  // Required (docs/api.md): a signature without an end could be replayed for as long as its nonce is kept.
  if (result.expires === undefined) {
    throw signatureRefused('SIGNATURE_MALFORMED', 'signature-input sig1 must carry an expires parameter');
  }
  return deferred;
}

/**
 * Records a deferred nonce that no write took (the request was refused or
 * only read); a replay then answers 401, as it would have before any other
 * check.
 */
export async function settleDeferredNonce(
  writes: WritePort,
  deferred: DeferredNonce | undefined,
): Promise<void> {
  if (deferred === undefined || deferred.taken) return;
  deferred.taken = true;
  const { tenantId, nonce, expiresAt, now } = deferred.use;
  if (!(await useNonce(writes, tenantId, nonce, new Date(expiresAt), new Date(now)))) throw nonceReplayed();
}

/** Runs the rest of a request whose nonce was deferred, and settles the nonce whatever the outcome. */
export async function withDeferredNonce<T>(
  writes: WritePort,
  deferred: DeferredNonce | undefined,
  work: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await settleDeferredNonce(writes, deferred);
    throw error;
  }
  await settleDeferredNonce(writes, deferred);
  return result;
}
