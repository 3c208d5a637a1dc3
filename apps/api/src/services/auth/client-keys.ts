import { createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { type Algorithm, detectAlgorithm } from '@tbo/signing';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../domain/errors.js';
import {
  findActiveClientKey,
  findClientKeyId,
  findTenantByClientId,
  insertClientKey,
  replaceClientKey,
} from '../../repositories/clients.js';
import { perObject, TtlCache } from './ttl-cache.js';

export interface RegisteredKey {
  publicKey: KeyObject;
  algorithm: Algorithm;
}

/** A newly registered (or revoked) key is seen by the verifier within this time. */
export const KEY_CACHE_TTL_MS = 5_000;

const KEY_ID_PATTERN = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Registers a client's public signing key under `keyId`. Only public keys are
 * accepted (a private key PEM is refused so that it never lands in the database).
 */
export async function addClientKey(
  db: Db,
  input: { clientId: string; keyId: string; publicKeyPem: string; now: Date; replace?: boolean },
): Promise<{ tenantId: string; keyId: string; algorithm: Algorithm }> {
  const tenant = await findTenantByClientId(db, input.clientId);
  if (!tenant) throw new AppError('NOT_FOUND', `no client with client_id ${input.clientId}`);
  if (!KEY_ID_PATTERN.test(input.keyId)) {
    throw new AppError('VALIDATION_FAILED', 'key id must be 1-128 characters of A-Z a-z 0-9 . _ : @ / + = -');
  }
  if (/PRIVATE KEY/.test(input.publicKeyPem)) {
    throw new AppError('VALIDATION_FAILED', 'expected a PUBLIC key PEM; never hand out the private key');
  }
  let algorithm: Algorithm;
  let pem: string;
  try {
    const key = createPublicKey(input.publicKeyPem);
    algorithm = detectAlgorithm(key);
    pem = key.export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `the public key cannot be used: ${(error as Error).message}`);
  }
  const at = input.now.toISOString();
  const material = { algorithm, publicKeyPem: pem, createdAt: at, revokedAt: null };
  const existingId = await findClientKeyId(db, tenant.id, input.keyId);
  const alreadyHas = () =>
    new AppError('CONFLICT', `client ${input.clientId} already has a key ${input.keyId}`);
  if (existingId !== undefined && !input.replace) throw alreadyHas();
  if (existingId !== undefined) {
    await replaceClientKey(db, existingId, material);
  } else {
    try {
      await insertClientKey(db, { id: randomUUID(), tenantId: tenant.id, keyId: input.keyId, ...material });
    } catch (error) {
      // Another process registered the key between our look and our insert
      // (instances starting together on one PostgreSQL database): replace it, or refuse as above.
      const racedId = isUniqueViolation(error)
        ? await findClientKeyId(db, tenant.id, input.keyId)
        : undefined;
      if (racedId === undefined) throw error;
      if (!input.replace) throw alreadyHas();
      await replaceClientKey(db, racedId, material);
    }
  }
  return { tenantId: tenant.id, keyId: input.keyId, algorithm };
}

const cacheOf = perObject((_db: Db) => new TtlCache<RegisteredKey | null>(KEY_CACHE_TTL_MS));

/** The client's active key `keyId` as a parsed KeyObject (cached), or undefined. */
export async function lookupClientKey(
  db: Db,
  tenantId: string,
  keyId: string,
  nowMs: number,
): Promise<RegisteredKey | undefined> {
  const cacheKey = `${tenantId}\n${keyId}`;
  const cache = cacheOf(db);
  const hit = cache.get(cacheKey, nowMs);
  if (hit !== undefined) return hit ?? undefined;
  const row = await findActiveClientKey(db, tenantId, keyId);
  let key: RegisteredKey | null = null;
  if (row) {
    try {
      const publicKey = createPublicKey(row.publicKeyPem);
      key = { publicKey, algorithm: detectAlgorithm(publicKey) };
    } catch {
      key = null;
    }
  }
  if (keyId.length <= 128) cache.set(cacheKey, key, nowMs);
  return key ?? undefined;
}
