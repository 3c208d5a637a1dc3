import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from './algorithms.js';
import { CREATED, keys, type ReceivedRequest, signedRequest, verifyOptions } from './test-support.js';
import { verifyRequestSignature } from './verify-request.js';
import type { VerifyErrorCode, VerifyRequestOptions } from './verify-types.js';

async function expectFailure(options: VerifyRequestOptions, code: VerifyErrorCode, message?: RegExp) {
  const result = await verifyRequestSignature(options);
  expect(result).toMatchObject({ ok: false, code });
  if (message && !result.ok) expect(result.message).toMatch(message);
}

const withHeaders = (
  request: ReceivedRequest,
  changes: Record<string, string | undefined>,
): ReceivedRequest => {
  const headers = { ...request.headers };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...request, headers };
};

describe('verifyRequestSignature failures', () => {
  const request = signedRequest();

  it('SIGNATURE_MISSING without signature or signature-input', async () => {
    await expectFailure(verifyOptions(withHeaders(request, { signature: undefined })), 'SIGNATURE_MISSING');
    await expectFailure(
      verifyOptions(withHeaders(request, { 'signature-input': undefined })),
      'SIGNATURE_MISSING',
    );
  });

  it('SIGNATURE_VERSION_UNSUPPORTED unless upvest-signature-version is 15', async () => {
    await expectFailure(
      verifyOptions(withHeaders(request, { 'upvest-signature-version': undefined })),
      'SIGNATURE_VERSION_UNSUPPORTED',
      /is missing; expected 15/,
    );
    const v14 = withHeaders(request, { 'upvest-signature-version': '14' });
    await expectFailure(verifyOptions(v14), 'SIGNATURE_VERSION_UNSUPPORTED');
  });

  it.each([
    ['signature-input', 'sig1=("@method"'],
    ['signature-input', 'sig1=("@method");created=1'],
    ['signature-input', `sig1=("@method");keyid="k"`],
    ['signature-input', `sig1=("@method");created=${CREATED};expires=${CREATED - 1};keyid="k"`],
    ['signature-input', 'other=("@method");created=1;keyid="k"'],
    ['signature', 'sig1=:not base64:'],
    ['signature', 'sig1="abc"'],
    ['signature', 'other=:AAAA:'],
  ])('SIGNATURE_MALFORMED for %s: %s', async (name, value) => {
    await expectFailure(verifyOptions(withHeaders(request, { [name]: value })), 'SIGNATURE_MALFORMED');
  });

  it('DIGEST_MISMATCH when the body changed, DIGEST_MISSING without content-digest', async () => {
    const body = Buffer.from('{"direction":"OUTGOING"}');
    await expectFailure(verifyOptions({ ...request, body }), 'DIGEST_MISMATCH', /does not match the body/);
    const noDigest = withHeaders(request, { 'content-digest': undefined });
    await expectFailure(verifyOptions(noDigest), 'DIGEST_MISSING');
    const sha256Only = withHeaders(request, { 'content-digest': 'sha-256=:AAAA:' });
    await expectFailure(verifyOptions(sha256Only), 'DIGEST_MISSING', /no sha-512/);
  });

  it('CONTENT_LENGTH_MISMATCH when content-length disagrees with the body', async () => {
    await expectFailure(
      verifyOptions(withHeaders(request, { 'content-length': '999' })),
      'CONTENT_LENGTH_MISMATCH',
    );
    await expectFailure(
      verifyOptions(withHeaders(request, { 'content-length': '1e3' })),
      'CONTENT_LENGTH_MISMATCH',
    );
  });

  it('SIGNATURE_MISMATCH when the path, query, method or a covered header changed', async () => {
    await expectFailure(verifyOptions({ ...request, path: '/account_transfers' }), 'SIGNATURE_MISMATCH');
    await expectFailure(verifyOptions({ ...request, query: '?direction=OUTGOING' }), 'SIGNATURE_MISMATCH');
    await expectFailure(verifyOptions({ ...request, method: 'PUT' }), 'SIGNATURE_MISMATCH');
    const header = withHeaders(request, { 'upvest-client-id': 'another-tenant' });
    await expectFailure(verifyOptions(header), 'SIGNATURE_MISMATCH');
    const flipped = Buffer.from(/:(.*):/.exec(request.headers.signature ?? '')?.[1] ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const badSignature = withHeaders(request, { signature: `sig1=:${flipped.toString('base64')}:` });
    await expectFailure(verifyOptions(badSignature), 'SIGNATURE_MISMATCH');
  });

  it('COMPONENT_MISSING when a required component is not covered, naming it', async () => {
    const partial = signedRequest({
      components: ['@method', '@path', '@query', 'authorization', 'content-length', 'content-digest'],
    });
    await expectFailure(verifyOptions(partial), 'COMPONENT_MISSING', /signature does not cover content-type/);
    const noDigest = signedRequest({ components: ['@method', '@path'] });
    await expectFailure(
      verifyOptions(noDigest, { requiredComponents: () => ['@method'] }),
      'COMPONENT_MISSING',
      /signature does not cover content-digest/,
    );
    const dropped = withHeaders(request, { 'idempotency-key': undefined });
    await expectFailure(
      verifyOptions(dropped, { requiredComponents: () => [] }),
      'COMPONENT_MISSING',
      /idempotency-key is not in the request/,
    );
  });

  it('SIGNATURE_EXPIRED when expires passed or created is older than maxAge', async () => {
    const expired = signedRequest({ created: CREATED - 100, expires: CREATED - 40 });
    await expectFailure(verifyOptions(expired), 'SIGNATURE_EXPIRED', /expired/);
    const old = signedRequest({ created: CREATED - 400, expires: false });
    await expectFailure(verifyOptions(old), 'SIGNATURE_EXPIRED', /max age 300s/);
    const withinSkew = signedRequest({ created: CREATED - 100, expires: CREATED - 20 });
    expect(await verifyRequestSignature(verifyOptions(withinSkew))).toMatchObject({ ok: true });
  });

  it('SIGNATURE_NOT_YET_VALID when created is in the future beyond the skew', async () => {
    await expectFailure(verifyOptions(signedRequest({ created: CREATED + 60 })), 'SIGNATURE_NOT_YET_VALID');
    expect(
      await verifyRequestSignature(verifyOptions(signedRequest({ created: CREATED + 30 }))),
    ).toMatchObject({
      ok: true,
    });
  });

  it('NONCE_MISSING without a nonce, NONCE_REPLAYED on the second use', async () => {
    await expectFailure(verifyOptions(signedRequest({ nonce: false })), 'NONCE_MISSING');
    const used = new Set<string>();
    const checkNonce = (nonce: string) => !used.has(nonce) && Boolean(used.add(nonce));
    expect(await verifyRequestSignature(verifyOptions(request, { checkNonce }))).toMatchObject({ ok: true });
    await expectFailure(verifyOptions(request, { checkNonce }), 'NONCE_REPLAYED');
  });

  it('UNKNOWN_KEY for an unknown keyid, or a registered key that cannot be loaded', async () => {
    await expectFailure(verifyOptions(signedRequest({ keyId: 'nobody' })), 'UNKNOWN_KEY', /'nobody'/);
    await expectFailure(
      verifyOptions(request, { lookupKey: () => ({ publicKey: 'not a pem' }) }),
      'UNKNOWN_KEY',
    );
  });

  it('ALGORITHM_MISMATCH when alg or the registered algorithm disagrees with the key', async () => {
    const wrongAlg = signedRequest({ includeAlg: true });
    const input = (wrongAlg.headers['signature-input'] ?? '').replace(
      'alg="ed25519"',
      'alg="ecdsa-p256-sha512"',
    );
    await expectFailure(
      verifyOptions(withHeaders(wrongAlg, { 'signature-input': input })),
      'ALGORITHM_MISMATCH',
    );
    const registered = { publicKey: keys.ed25519.publicKey, algorithm: 'ecdsa-p384-sha512' as const };
    await expectFailure(verifyOptions(request, { lookupKey: () => registered }), 'ALGORITHM_MISMATCH');
  });

  it('SIGNATURE_MISMATCH with the wrong key of the same type, or a key of another type', async () => {
    const p256 = signedRequest({ algorithm: 'ecdsa-p256-sha512' });
    const otherP256 = { publicKey: generateKeyPair('ecdsa-p256-sha512').publicKey };
    await expectFailure(verifyOptions(p256, { lookupKey: () => otherP256 }), 'SIGNATURE_MISMATCH');
    const ed25519 = { publicKey: keys.ed25519.publicKey };
    await expectFailure(verifyOptions(p256, { lookupKey: () => ed25519 }), 'SIGNATURE_MISMATCH');
    const p384 = { publicKey: keys['ecdsa-p384-sha512'].publicKey };
    await expectFailure(verifyOptions(p256, { lookupKey: () => p384 }), 'SIGNATURE_MISMATCH');
  });

  it('never throws on random header values (fuzz)', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('sig1=', 'sig1=()', 'sig1=(""', 'sig1=:', 'sig1=("@method");created=1;keyid="k"'),
    );
    await fc.assert(
      fc.asyncProperty(value, value, fc.string({ maxLength: 50 }), async (input, signature, digest) => {
        const fuzzed = withHeaders(request, {
          'signature-input': input,
          signature,
          'content-digest': digest,
        });
        const result = await verifyRequestSignature(verifyOptions(fuzzed));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
