import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair } from '@tbo/signing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addClientKey, lookupClientKey } from '../src/services/auth/client-keys.js';
import { ensureDemoClientKey } from '../src/services/auth/demo-client-key.js';
import { createTestDb, DEMO, type TestDb } from './harness.js';

describe('client signing keys', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('registers public keys per client, refuses private keys, duplicates and unknown clients', async () => {
    const pair = generateKeyPair('ecdsa-p384-sha512');
    const now = new Date();
    const added = await addClientKey(t.db, {
      clientId: DEMO.tenant.clientId,
      keyId: 'k1',
      publicKeyPem: pair.publicKey,
      now,
    });
    expect(added.algorithm).toBe('ecdsa-p384-sha512');
    expect((await lookupClientKey(t.db, DEMO.tenant.id, 'k1', 0))?.algorithm).toBe('ecdsa-p384-sha512');
    expect(await lookupClientKey(t.db, DEMO.otherTenant.id, 'k1', 0)).toBeUndefined();
    await expect(
      addClientKey(t.db, { clientId: DEMO.tenant.clientId, keyId: 'k1', publicKeyPem: pair.publicKey, now }),
    ).rejects.toThrow(/already has a key/);
    await expect(
      addClientKey(t.db, { clientId: DEMO.tenant.clientId, keyId: 'k2', publicKeyPem: pair.privateKey, now }),
    ).rejects.toThrow(/PUBLIC key/);
    await expect(
      addClientKey(t.db, { clientId: 'nobody', keyId: 'k3', publicKeyPem: pair.publicKey, now }),
    ).rejects.toThrow(/no client/);
  });

  it('generates the demo key once and reuses the stored private key', async () => {
    const path = join(t.dir, 'demo-client-key.pem');
    const first = await ensureDemoClientKey(t.db, DEMO.tenant.clientId, path, new Date());
    const pem = readFileSync(path, 'utf8');
    const second = await ensureDemoClientKey(t.db, DEMO.tenant.clientId, path, new Date());
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe(pem);
    expect((await lookupClientKey(t.db, DEMO.tenant.id, first.keyId, 0))?.algorithm).toBe(
      'ecdsa-p256-sha512',
    );
  });
});
