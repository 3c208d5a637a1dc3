import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS, detectAlgorithm, generateKeyPair } from './algorithms.js';
import { parseSignature } from './signature-headers.js';
import { CREATED, keys, signedRequest, verifyOptions } from './test-support.js';
import { verifyRequestSignature } from './verify-request.js';

describe.each(ALGORITHMS)('round trip with %s', (algorithm) => {
  it('detects the algorithm from either half of the key', () => {
    expect(detectAlgorithm(keys[algorithm].publicKey)).toBe(algorithm);
    expect(detectAlgorithm(createPrivateKey(keys[algorithm].privateKey))).toBe(algorithm);
  });

  it('verifies a signed POST with a body and reports what was covered', async () => {
    const request = signedRequest({ algorithm, includeAlg: true });
    const signatureBytes = parseSignature(request.headers.signature ?? '');
    const signature = signatureBytes.ok ? signatureBytes.value[0]?.signature : undefined;
    // ECDSA is signed in DER by default (a SEQUENCE); Ed25519 is always its 64 raw bytes.
    if (algorithm === 'ed25519') expect(signature?.length).toBe(64);
    else expect(signature?.[0]).toBe(0x30);
    const result = await verifyRequestSignature(verifyOptions(request));
    expect(result).toMatchObject({
      ok: true,
      keyId: `key-${algorithm}`,
      label: 'sig1',
      algorithm,
      created: CREATED,
      expires: CREATED + 60,
      components: [
        '@method',
        '@path',
        '@query',
        'accept',
        'authorization',
        'content-type',
        'idempotency-key',
        'upvest-client-id',
        'upvest-api-version',
        'content-length',
        'content-digest',
      ],
    });
    expect(result.ok && result.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('verifies a GET without body or query, with KeyObjects on both sides', async () => {
    const request = signedRequest({
      algorithm,
      method: 'GET',
      url: 'https://api.example.com/securities_transfers/3f1e',
      body: undefined,
      privateKey: createPrivateKey(keys[algorithm].privateKey),
      headers: { authorization: 'Bearer t', 'upvest-client-id': 'c', 'upvest-api-version': '1' },
    });
    expect(request.headers['content-digest']).toBeUndefined();
    const result = await verifyRequestSignature(
      verifyOptions(request, {
        lookupKey: () => ({ publicKey: createPublicKey(keys[algorithm].publicKey) }),
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      components: ['@method', '@path', 'authorization', 'upvest-client-id', 'upvest-api-version'],
    });
  });
});

describe('signing options', () => {
  it('generates distinct PEM key pairs', () => {
    const a = generateKeyPair('ed25519');
    const b = generateKeyPair('ed25519');
    expect(a.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(a.privateKey).toContain('BEGIN PRIVATE KEY');
    expect(a.publicKey).not.toBe(b.publicKey);
  });

  it('rejects unsupported keys and a key that does not match the algorithm', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => detectAlgorithm(rsa.publicKey)).toThrow(/unsupported key type rsa/);
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => detectAlgorithm(secp256k1.publicKey)).toThrow(/secp256k1/);
    expect(() =>
      signedRequest({ privateKey: keys.ed25519.privateKey, algorithm: 'ecdsa-p256-sha512' }),
    ).toThrow(/does not match/);
  });

  it('honours label, components, expires and nonce options', async () => {
    const request = signedRequest({
      label: 'webhook',
      components: ['@method', '@path', 'content-digest'],
      expires: false,
      nonce: 'fixed-nonce',
    });
    expect(request.headers['signature-input']).toBe(
      `webhook=("@method" "@path" "content-digest");created=${CREATED};keyid="key-ed25519";nonce="fixed-nonce"`,
    );
    const result = await verifyRequestSignature(
      verifyOptions(request, { requiredComponents: () => ['@method', '@path'] }),
    );
    expect(result).toMatchObject({ ok: true, label: 'webhook', expires: undefined, nonce: 'fixed-nonce' });
  });

  it('refuses to sign a component the request does not have', () => {
    expect(() => signedRequest({ components: ['@method', 'date'] })).toThrow(/cannot sign date/);
    expect(() => signedRequest({ components: ['@status'] })).toThrow(/invalid component/);
  });

  it('passes the nonce and the end of its validity to checkNonce, only for valid signatures', async () => {
    const seen: Array<[string, Date]> = [];
    const request = signedRequest({ nonce: 'n-1', expires: CREATED + 600 });
    const checkNonce = (nonce: string, until: Date) => {
      seen.push([nonce, until]);
      return true;
    };
    expect(await verifyRequestSignature(verifyOptions(request, { checkNonce }))).toMatchObject({ ok: true });
    // maxAge (300) is shorter than expires (600): the nonce must be kept until created + 300 + skew (30).
    expect(seen).toEqual([['n-1', new Date((CREATED + 330) * 1000)]]);
    const tampered = { ...request, path: '/other' };
    expect(await verifyRequestSignature(verifyOptions(tampered, { checkNonce }))).toMatchObject({
      ok: false,
    });
    expect(seen).toHaveLength(1);
  });

  it('accepts Node-style array headers and picks sig1 among several signatures', async () => {
    const request = signedRequest();
    const other = signedRequest({ label: 'proxy', nonce: 'other' });
    const headers = {
      ...request.headers,
      'signature-input': `${other.headers['signature-input']}, ${request.headers['signature-input']}`,
      signature: [other.headers.signature ?? '', request.headers.signature ?? ''],
    };
    const result = await verifyRequestSignature(verifyOptions({ ...request, headers: {} }, { headers }));
    expect(result).toMatchObject({ ok: true, label: 'sig1' });
  });
});
