import { randomBytes } from 'node:crypto';
import type { PublicKeysResponse } from '@tbo/contracts';
import { type Algorithm, generateKeyPair } from '@tbo/signing';
import type { Db } from '../db/client.js';
import type { Executor } from '../db/types.js';
import { findNewestServiceKey, insertServiceKey, listServiceKeys } from '../repositories/service-keys.js';

export const WEBHOOK_KEY_ALGORITHM: Algorithm = 'ed25519';

export interface SigningKey {
  keyId: string;
  algorithm: string;
  privateKeyPem: string;
}

/**
 * The key deliveries are signed with: the newest row of `service_keys`,
 * generated on first use. Safe when the api and a dispatcher process start
 * together: the check and the insert share the caller's write transaction
 * (the `webhooks.ensureSigningKey` command).
 */
export async function ensureSigningKey(tx: Executor, now: Date): Promise<SigningKey> {
  const current = await findNewestServiceKey(tx);
  if (current) return current;
  const pair = generateKeyPair(WEBHOOK_KEY_ALGORITHM);
  const keyId = `tbo-webhooks-${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
  return await insertServiceKey(tx, {
    keyId,
    algorithm: pair.algorithm,
    privateKeyPem: pair.privateKey,
    publicKeyPem: pair.publicKey,
    createdAt: now.toISOString(),
  });
}

/**
 * Every published key (old ones stay listed so deliveries in flight during a
 * rotation verify); empty until the first key is generated.
 */
export async function listPublicKeys(db: Db): Promise<PublicKeysResponse> {
  const rows = await listServiceKeys(db);
  return {
    keys: rows.map((row) => ({
      keyid: row.keyId,
      alg: row.algorithm,
      pem: row.publicKeyPem,
      created_at: row.createdAt,
    })),
  };
}
