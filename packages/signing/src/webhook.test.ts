import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CREATED, keys, NOW } from './test-support.js';
import { signWebhookDelivery, verifyWebhookDelivery, webhookComponents } from './webhook.js';

const body = JSON.stringify([{ id: 'evt-1', type: 'SECURITIES_TRANSFER.SETTLED', object: {} }]);

function delivery(overrides: { keyId?: string; headers?: Record<string, string> } = {}) {
  const headers = {
    'Content-Type': 'application/json',
    'Upvest-Client-Id': 'tenant-1',
    'Upvest-Webhook-Id': 'wh-1',
    ...overrides.headers,
  };
  const added = signWebhookDelivery({
    url: 'https://receiver.example/hooks/upvest',
    headers,
    body,
    keyId: overrides.keyId ?? 'webhook-key-1',
    privateKey: keys.ed25519.privateKey,
    created: CREATED,
  });
  const received = Object.fromEntries(
    Object.entries({ ...headers, ...added }).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { method: 'POST', path: '/hooks/upvest', headers: received, body: Buffer.from(body), now: NOW };
}

describe('webhook deliveries', () => {
  it('covers method, path, body headers and upvest-* headers', () => {
    expect(
      webhookComponents([
        'Content-Type',
        'upvest-webhook-id',
        'upvest-signature-version',
        'upvest-client-id',
      ]),
    ).toEqual([
      '@method',
      '@path',
      'content-type',
      'content-length',
      'content-digest',
      'upvest-client-id',
      'upvest-webhook-id',
    ]);
  });

  it('verifies with a bare PEM, a KeyObject, or a keyid-bound key among several', async () => {
    const d = delivery();
    expect(await verifyWebhookDelivery({ ...d, publicKeys: keys.ed25519.publicKey })).toMatchObject({
      ok: true,
      keyId: 'webhook-key-1',
    });
    expect(
      await verifyWebhookDelivery({ ...d, publicKeys: createPublicKey(keys.ed25519.publicKey) }),
    ).toMatchObject({
      ok: true,
    });
    const published = [
      { keyid: 'webhook-key-0', pem: keys['ecdsa-p256-sha512'].publicKey },
      { keyid: 'webhook-key-1', pem: keys.ed25519.publicKey },
    ];
    expect(await verifyWebhookDelivery({ ...d, publicKeys: published })).toMatchObject({ ok: true });
  });

  it('tries bare keys in turn (key rotation)', async () => {
    const d = delivery();
    const rotated = [keys['ecdsa-p384-sha512'].publicKey, keys.ed25519.publicKey];
    expect(await verifyWebhookDelivery({ ...d, publicKeys: rotated })).toMatchObject({ ok: true });
  });

  it('rejects a tampered body, an unknown keyid, an uncovered upvest header and a replay', async () => {
    const d = delivery();
    const publicKeys = [{ keyid: 'webhook-key-1', pem: keys.ed25519.publicKey }];
    expect(
      await verifyWebhookDelivery({ ...d, body: body.replace('SETTLED', 'CANCELLED'), publicKeys }),
    ).toMatchObject({
      ok: false,
      code: 'DIGEST_MISMATCH',
    });
    expect(await verifyWebhookDelivery({ ...delivery({ keyId: 'other' }), publicKeys })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_KEY',
    });
    const injected = { ...d, headers: { ...d.headers, 'upvest-client-id': 'tenant-2', 'upvest-extra': 'x' } };
    expect(await verifyWebhookDelivery({ ...injected, publicKeys })).toMatchObject({
      ok: false,
      code: 'COMPONENT_MISSING',
      message: 'signature does not cover upvest-extra',
    });
    const wrongKey = await verifyWebhookDelivery({ ...d, publicKeys: keys['ecdsa-p256-sha512'].publicKey });
    expect(wrongKey).toMatchObject({ ok: false, code: 'SIGNATURE_MISMATCH' });
    const seen = new Set<string>();
    const checkNonce = (nonce: string) => !seen.has(nonce) && Boolean(seen.add(nonce));
    expect(await verifyWebhookDelivery({ ...d, publicKeys, checkNonce })).toMatchObject({ ok: true });
    expect(await verifyWebhookDelivery({ ...d, publicKeys, checkNonce })).toMatchObject({
      ok: false,
      code: 'NONCE_REPLAYED',
    });
  });
});
