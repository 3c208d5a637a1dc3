import type { Db } from '../../db/client.js';
import { findClientSettings, updateRequireSignedIdempotencyKey } from '../../repositories/clients.js';
import { perObject, TtlCache } from './ttl-cache.js';

/** What the HTTP edge needs to know about the client named by `upvest-client-id`. */
export interface ClientEntry {
  tenantId: string;
  clientId: string;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Strict signing: a sent `idempotency-key` must be covered by the signature. */
  requireSignedIdempotencyKey: boolean;
}

/** Changes to a tenant (e.g. its rate limit) apply within this time. */
export const CLIENT_CACHE_TTL_MS = 5_000;

const cacheOf = perObject((_db: Db) => new TtlCache<ClientEntry | null>(CLIENT_CACHE_TTL_MS));

/** The tenant behind a client id, from a short-lived cache; undefined for an unknown client. */
export async function findClient(db: Db, clientId: string, nowMs: number): Promise<ClientEntry | undefined> {
  const cache = cacheOf(db);
  const hit = cache.get(clientId, nowMs);
  if (hit !== undefined) return hit ?? undefined;
  const row = await findClientSettings(db, clientId);
  // Unknown ids are cached too (briefly), so junk client ids cost no query each.
  if (clientId.length <= 200) cache.set(clientId, row ?? null, nowMs);
  return row;
}

/** Forgets cached clients (tests that change a tenant's limits call this). */
export function forgetClients(db: Db): void {
  cacheOf(db).clear();
}

/**
 * Sets a client's signing policy: with `requireSignedIdempotencyKey` a sent
 * `idempotency-key` must be covered by the signature. Applies at once in this
 * process, within CLIENT_CACHE_TTL_MS in others. False for an unknown client.
 */
export async function setSigningPolicy(
  db: Db,
  clientId: string,
  policy: { requireSignedIdempotencyKey: boolean },
): Promise<boolean> {
  const changed = await updateRequireSignedIdempotencyKey(db, clientId, policy.requireSignedIdempotencyKey);
  cacheOf(db).clear();
  return changed === 1;
}
