import type { Executor } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { insertOrRenewNonce } from '../../repositories/signature-nonces.js';

// Expired rows are deleted by the housekeeper (services/housekeeping.ts); a
// request's nonce is recorded through the write path (services/write).

/** A verified signature's nonce, to be marked used by the tenant until `expiresAt` (ISO times). */
export interface NonceUse {
  tenantId: string;
  nonce: string;
  expiresAt: string;
  now: string;
}

/**
 * A nonce whose recording waits for the request's write: the write records it
 * in its own transaction (`takeDeferredNonce`), so a signed create commits
 * once, not twice. `taken` tells whether a write has it.
 */
export interface DeferredNonce {
  use: NonceUse;
  taken: boolean;
}

/** The nonce a write must record along with its work, if the request deferred one not yet taken. */
export function takeDeferredNonce(deferred: DeferredNonce | undefined): NonceUse | undefined {
  if (deferred === undefined || deferred.taken) return undefined;
  deferred.taken = true;
  return deferred.use;
}

/** Marks the nonce used inside the caller's transaction; false when it is live already (a replay). */
export async function recordNonceIn(db: Executor, use: NonceUse): Promise<boolean> {
  // A row that has expired may be taken again; a live one is a replay.
  return await insertOrRenewNonce(db, use);
}

/** The 401 of a request signature that failed `code`; the same wording wherever it is found. */
export function signatureRefused(code: string, message: string): AppError {
  return new AppError('UNAUTHENTICATED', `request signature refused (${code}): ${message}`, {
    headers: { 'www-authenticate': 'Signature realm="transfers", error="invalid_signature"' },
  });
}

export function nonceReplayed(): AppError {
  return signatureRefused('NONCE_REPLAYED', 'the nonce was already used');
}
