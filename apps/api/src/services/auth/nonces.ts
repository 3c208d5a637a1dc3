import type { Db } from '../../db/client.js';
import { prepared } from '../../db/sql.js';
import type { Executor } from '../../db/types.js';
import { writerThreadOf } from '../../db/writer/thread.js';
import { AppError } from '../../domain/errors.js';
import { perObject } from './ttl-cache.js';

interface PendingNonce extends NonceUse {
  resolve: (fresh: boolean) => void;
  reject: (error: unknown) => void;
}

interface NonceStore {
  pending: PendingNonce[];
}

// A row that has expired may be taken again; a live one is a replay.
export const RECORD_NONCE_SQL = `INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)
  ON CONFLICT (tenant_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
  WHERE signature_nonces.expires_at <= ?`;

// Expired rows are deleted by the housekeeper (services/housekeeping.ts).
const storeOf = perObject((_db: Db): NonceStore => ({ pending: [] }));

/**
 * Marks a signature nonce as used by the tenant until `expiresAt`; false when
 * it is already in use (a replayed request). Shared by every api instance on
 * the database, unlike an in-memory set.
 */
export function useNonce(db: Db, use: NonceUse): boolean {
  return recordNonceIn(db, use);
}

/**
 * The same check, group-committed: the nonces of one event-loop turn are
 * recorded in one transaction instead of one commit each (on the writer
 * thread when there is one, so all client writes share one connection). Each request still
 * learns whether its nonce was fresh before it is processed.
 */
export function useNonceBatched(
  db: Db,
  tenantId: string,
  nonce: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  const thread = writerThreadOf(db);
  if (thread) {
    return thread
      .submit(undefined, {
        op: 'signatureNonce.use',
        tenantId,
        nonce,
        expiresAt: expiresAt.toISOString(),
        now: now.toISOString(),
      })
      .then((outcome) => outcome.value === true);
  }
  const store = storeOf(db);
  return new Promise((resolve, reject) => {
    store.pending.push({
      tenantId,
      nonce,
      expiresAt: expiresAt.toISOString(),
      now: now.toISOString(),
      resolve,
      reject,
    });
    if (store.pending.length === 1) setImmediate(() => flushNonces(db, store));
  });
}

function flushNonces(db: Db, store: NonceStore): void {
  const batch = store.pending;
  store.pending = [];
  let fresh: boolean[];
  try {
    fresh = db.$client.transaction(() => batch.map((p) => recordNonceIn(db, p))).immediate();
  } catch (error) {
    for (const p of batch) p.reject(error);
    return;
  }
  batch.forEach((p, i) => {
    p.resolve(fresh[i] === true);
  });
}

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
export function recordNonceIn(db: Executor, use: NonceUse): boolean {
  return prepared(db, RECORD_NONCE_SQL).run(use.tenantId, use.nonce, use.expiresAt, use.now).changes === 1;
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
