import { describe, expect, it } from 'vitest';
import type { Algorithm } from './algorithms.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';
import type { EcdsaEncoding } from './raw-signature.js';
import { parseSignature } from './signature-headers.js';
import { CREATED, keys, NOW, signedRequest, verifyOptions } from './test-support.js';
import { createTransfersClient } from './transfers-client.js';
import { verifyRequestSignature } from './verify-request.js';
import { signWebhookDelivery, verifyWebhookDelivery } from './webhook.js';

const HALF: Record<Exclude<Algorithm, 'ed25519'>, number> = {
  'ecdsa-p256-sha512': 32,
  'ecdsa-p384-sha512': 48,
  'ecdsa-p521-sha512': 66,
};

function signatureOf(headers: Readonly<Record<string, string | undefined>>): Uint8Array {
  const parsed = parseSignature(headers.signature ?? '');
  const signature = parsed.ok ? parsed.value[0]?.signature : undefined;
  if (signature === undefined) throw new Error(`no signature in ${headers.signature}`);
  return signature;
}

/** Which encoding a signature is in, judged by shape alone. */
function encodingOf(algorithm: keyof typeof HALF, signature: Uint8Array): EcdsaEncoding | 'neither' {
  if (ecdsaDerToRaw(signature, HALF[algorithm]) !== undefined) return 'der';
  return signature.length === 2 * HALF[algorithm] ? 'raw' : 'neither';
}

describe.each(Object.keys(HALF) as Array<keyof typeof HALF>)('signRequest with %s', (algorithm) => {
  it('signs in DER by default and the verifier accepts it', async () => {
    const request = signedRequest({ algorithm });
    expect(encodingOf(algorithm, signatureOf(request.headers))).toBe('der');
    expect(await verifyRequestSignature(verifyOptions(request))).toMatchObject({ ok: true, algorithm });
  });

  it.each(['der', 'raw'] as const)(
    'signs with ecdsaEncoding %s and the verifier accepts it',
    async (encoding) => {
      const request = signedRequest({ algorithm, ecdsaEncoding: encoding });
      expect(encodingOf(algorithm, signatureOf(request.headers))).toBe(encoding);
      expect(await verifyRequestSignature(verifyOptions(request))).toMatchObject({ ok: true, algorithm });
    },
  );

  it('refuses malformed signature bytes as SIGNATURE_MISMATCH, saying what was expected', async () => {
    const request = signedRequest({ algorithm });
    const der = Buffer.from(signatureOf(request.headers));
    for (const bad of [Buffer.concat([der, Buffer.from([0])]), der.subarray(0, der.length - 1)]) {
      const headers = { ...request.headers, signature: `sig1=:${bad.toString('base64')}:` };
      const result = await verifyRequestSignature(verifyOptions({ ...request, headers }));
      expect(result).toMatchObject({ ok: false, code: 'SIGNATURE_MISMATCH' });
      expect(!result.ok && result.message).toBe(
        `the ${algorithm} signature is neither canonical DER nor raw r‖s of ${2 * HALF[algorithm]} bytes`,
      );
    }
    const flipped = Buffer.from(der);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    const headers = { ...request.headers, signature: `sig1=:${flipped.toString('base64')}:` };
    const result = await verifyRequestSignature(verifyOptions({ ...request, headers }));
    expect(!result.ok && result.message).toBe('the signature does not match the request');
  });
});

describe('the ecdsaEncoding option', () => {
  it('is ignored for Ed25519, which has one encoding', () => {
    const der = signedRequest({ ecdsaEncoding: 'der', nonce: 'n' });
    const raw = signedRequest({ ecdsaEncoding: 'raw', nonce: 'n' });
    expect(signatureOf(der.headers)).toHaveLength(64);
    expect(der.headers.signature).toBe(raw.headers.signature);
  });

  it('refuses a value that is neither der nor raw', () => {
    const ecdsaEncoding = 'p1363' as EcdsaEncoding;
    expect(() => signedRequest({ algorithm: 'ecdsa-p256-sha512', ecdsaEncoding })).toThrow(
      /invalid ecdsaEncoding p1363/,
    );
  });

  it.each(['der', 'raw'] as const)('reaches webhook deliveries (%s)', async (encoding) => {
    const headers = { 'content-type': 'application/json', 'upvest-webhook-id': 'wh-1' };
    const body = '[{"id":"evt-1"}]';
    const added = signWebhookDelivery({
      url: 'https://receiver.example/hooks',
      headers,
      body,
      keyId: 'webhook-key',
      privateKey: keys['ecdsa-p384-sha512'].privateKey,
      created: CREATED,
      ecdsaEncoding: encoding,
    });
    expect(encodingOf('ecdsa-p384-sha512', signatureOf(added))).toBe(encoding);
    const result = await verifyWebhookDelivery({
      method: 'POST',
      path: '/hooks',
      headers: { ...headers, ...added },
      body,
      publicKeys: keys['ecdsa-p384-sha512'].publicKey,
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true });
  });

  it.each([undefined, 'der', 'raw'] as const)('reaches the transfers client (%s)', async (encoding) => {
    const sent: Array<Record<string, string>> = [];
    const client = createTransfersClient({
      baseUrl: 'https://api.example.com',
      clientId: 'client',
      clientSecret: 'secret',
      keyId: 'key',
      privateKey: keys['ecdsa-p521-sha512'].privateKey,
      ...(encoding === undefined ? {} : { ecdsaEncoding: encoding }),
      fetch: async (_url, init) => {
        sent.push(init?.headers as Record<string, string>);
        return Response.json({ access_token: 't', expires_in: 60 });
      },
    });
    await client.request('GET', '/securities_transfers');
    expect(sent).toHaveLength(2);
    for (const headers of sent)
      expect(encodingOf('ecdsa-p521-sha512', signatureOf(headers))).toBe(encoding ?? 'der');
  });
});
