import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { perObject } from './ttl-cache.js';

/** Expired nonces are deleted at most this often (lazily, by the next request). */
const PURGE_INTERVAL_MS = 60_000;

interface NonceStore {
  record: Statement<[string, string, string, string]>;
  purge: Statement<[string]>;
  lastPurgeMs: number;
}

const storeOf = perObject(
  (db: Db): NonceStore => ({
    // A row that has expired may be taken again; a live one is a replay.
    record: db.$client.prepare(
      `INSERT INTO signature_nonces (tenant_id, nonce, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, nonce) DO UPDATE SET expires_at = excluded.expires_at
       WHERE signature_nonces.expires_at <= ?`,
    ),
    purge: db.$client.prepare('DELETE FROM signature_nonces WHERE expires_at <= ?'),
    lastPurgeMs: 0,
  }),
);

/**
 * Marks a signature nonce as used by the tenant until `expiresAt`; false when
 * it is already in use (a replayed request). Shared by every api instance on
 * the database, unlike an in-memory set.
 */
export function useNonce(db: Db, tenantId: string, nonce: string, expiresAt: Date, now: Date): boolean {
  const store = storeOf(db);
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  if (nowMs - store.lastPurgeMs > PURGE_INTERVAL_MS) {
    store.lastPurgeMs = nowMs;
    store.purge.run(nowIso);
  }
  return store.record.run(tenantId, nonce, expiresAt.toISOString(), nowIso).changes === 1;
}

/** Deletes expired nonces; returns how many. */
export function purgeExpiredNonces(db: Db, now: Date): number {
  return storeOf(db).purge.run(now.toISOString()).changes;
}
