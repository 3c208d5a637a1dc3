import { verifyRequestSignature } from '@tbo/signing';
import type { Db } from '../../db/client.js';
import { AppError } from '../../domain/errors.js';
import { lookupClientKey } from '../../services/auth/client-keys.js';
import { useNonceBatched } from '../../services/auth/nonces.js';
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
 * the bytes as received, with the tenant's registered keys; a used nonce is
 * remembered until the signature expires. Every failure is a 401 naming it.
 */
export async function verifyClientSignature(
  db: Db,
  request: ReceivedRequest,
  tenantId: string,
  tokenRequest: boolean,
  limits: SignatureLimits,
): Promise<void> {
  const now = request.now;
  const nowMs = now.getTime();
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
    requiredComponents: (ctx) => requiredComponents(ctx, tokenRequest),
    lookupKey: (keyId) => lookupClientKey(db, tenantId, keyId, nowMs),
    checkNonce: (nonce, expiresAt) => useNonceBatched(db, tenantId, nonce, expiresAt, now),
  });
  if (!result.ok) {
    throw new AppError('UNAUTHENTICATED', `request signature refused (${result.code}): ${result.message}`, {
      headers: { 'www-authenticate': 'Signature realm="transfers", error="invalid_signature"' },
    });
  }
}
