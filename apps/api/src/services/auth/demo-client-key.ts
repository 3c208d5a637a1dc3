import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import type { Db } from '../../db/client.js';
import { addClientKey } from './client-keys.js';

export const DEMO_KEY_ID = 'demo-key-1';

/**
 * The demo tenant's signing key: generated once (ECDSA P-256) and stored as a
 * PKCS #8 PEM at `path` (mode 0600), its public half registered under
 * DEMO_KEY_ID. Later boots reuse the file, so curl/SDK examples keep working.
 */
export async function ensureDemoClientKey(
  db: Db,
  clientId: string,
  path: string,
  now: Date,
): Promise<{ keyId: string; path: string; created: boolean }> {
  let created = false;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, generateKeyPair('ecdsa-p256-sha512').privateKey, { mode: 0o600 });
    created = true;
  }
  const publicKeyPem = createPublicKey(readFileSync(path, 'utf8'))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  await addClientKey(db, { clientId, keyId: DEMO_KEY_ID, publicKeyPem, now, replace: true });
  return { keyId: DEMO_KEY_ID, path, created };
}
