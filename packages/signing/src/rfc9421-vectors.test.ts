// RFC 9421 Appendix B test vectors against our signature base builder and signers.
//
// Coverage, and why not more: our builder does only what the transfers API signs (requests,
// bare component names). Not supported, so checked only as far as they go:
// - B.2.2 covers `"@query-param";name="Pet"`: component parameters (`;name`, `;sf`, `;key`,
//   `;bs`, `;req`, `;tr`) and `@query-param` itself are refused by our parser on purpose.
//   Its `@authority` and `content-digest` lines are checked.
// - B.2.4 signs a response and covers `@status`, a response-only component our request
//   builder does not derive. Its other lines and the `@signature-params` line come from our
//   builder; the `"@status": 200` line is written here. Its ECDSA P-256 signature uses SHA-256,
//   which we never accept (we verify ECDSA with SHA-512 only), so node:crypto checks it.
// `@authority`, `@target-uri`, `@request-target` and `@scheme` are supported, but only
// `@authority` occurs in these examples. B.2.5 (HMAC) is covered although we never sign with
// it: the base is ours and node:crypto's HMAC reproduces the RFC's value exactly.
import { constants, createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type HttpMessage, isComponentName } from './components.js';
import { contentDigest } from './content-digest.js';
import { rawToDer } from './der-test-support.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';
import { signBytes, verifyBytes } from './raw-signature.js';
import {
  B21,
  B22,
  B23,
  B24,
  B25,
  B26,
  type Rfc9421Example,
  TEST_KEY_ECC_P256_PRIVATE,
  TEST_KEY_ECC_P256_PUBLIC,
  TEST_KEY_ED25519_PRIVATE,
  TEST_KEY_ED25519_PUBLIC,
  TEST_KEY_RSA_PSS_PUBLIC,
  TEST_REQUEST,
  TEST_RESPONSE,
  TEST_SHARED_SECRET,
} from './rfc9421-fixtures.js';
import { buildSignatureBase } from './signature-base.js';
import { parseSignature, parseSignatureInput } from './signature-headers.js';
import { type SignatureParams, serializeSignatureParams } from './signature-params.js';

const request: HttpMessage = TEST_REQUEST;
const CREATED = 1618884473;

/** The base as our verifier rebuilds it: the RFC's Signature-Input parsed, then the base built. */
function verifierBase(example: Rfc9421Example, message: HttpMessage): string {
  const parsed = parseSignatureInput(example.signatureInput);
  if (!parsed.ok) throw new Error(parsed.error);
  const [entry] = parsed.value;
  if (entry === undefined || entry.label !== example.label) throw new Error('no entry');
  const base = buildSignatureBase(entry.components, entry.signatureParams, message);
  if (!base.ok) throw new Error(base.error);
  return base.base;
}

/** The base as our signer builds it from the components and parameters. */
function signerBase(components: string[], params: SignatureParams, message: HttpMessage): string {
  const base = buildSignatureBase(components, serializeSignatureParams(components, params), message);
  if (!base.ok) throw new Error(base.error);
  return base.base;
}

const signatureOf = (example: Rfc9421Example) => Buffer.from(example.signature, 'base64');

/** RFC 9421 Appendix B.1.2 key, rsa-pss-sha512 (section 3.3.1: SHA-512, MGF1, 64-byte salt). */
const rsaPssVerifies = (base: string, example: Rfc9421Example) =>
  verify(
    'sha512',
    Buffer.from(base),
    {
      key: createPublicKey(TEST_KEY_RSA_PSS_PUBLIC),
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 64,
    },
    signatureOf(example),
  );

describe('RFC 9421 Appendix B fixtures', () => {
  it('B.2 messages: the Content-Digest values are the digests of the bodies', () => {
    expect(contentDigest(TEST_REQUEST.body)).toBe(TEST_REQUEST.headers['content-digest']);
    expect(contentDigest(TEST_RESPONSE.body)).toBe(TEST_RESPONSE.headers['content-digest']);
  });

  it('B.1.3 and B.1.4: each private key belongs to its public key', () => {
    const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    expect(spki(TEST_KEY_ECC_P256_PRIVATE)).toEqual(spki(TEST_KEY_ECC_P256_PUBLIC));
    expect(spki(TEST_KEY_ED25519_PRIVATE)).toEqual(spki(TEST_KEY_ED25519_PUBLIC));
  });

  it('the Signature values parse as byte sequences', () => {
    for (const example of [B21, B22, B23, B24, B25, B26]) {
      const parsed = parseSignature(`${example.label}=:${example.signature}:`);
      expect(parsed.ok && Buffer.from(parsed.value[0]?.signature ?? []).toString('base64')).toBe(
        example.signature,
      );
    }
  });
});

describe('RFC 9421 Appendix B.2 signature bases, byte for byte', () => {
  it('B.2.1 minimal signature (no components, with nonce)', () => {
    const params = { created: CREATED, keyid: 'test-key-rsa-pss', nonce: 'b3k2pp5k7z-50gnwp.yemd' };
    expect(signerBase([], params, request)).toBe(B21.base);
    expect(verifierBase(B21, request)).toBe(B21.base);
    expect(rsaPssVerifies(B21.base, B21)).toBe(true);
  });

  it('B.2.2 selective components: @authority and content-digest lines; @query-param is refused', () => {
    const lines = B22.base.split('\n');
    const covered = ['@authority', 'content-digest'];
    const ours = buildSignatureBase(covered, '()', request);
    expect(ours.ok && ours.base.split('\n').slice(0, 2)).toEqual(lines.slice(0, 2));
    expect(isComponentName('@query-param')).toBe(false);
    expect(parseSignatureInput(B22.signatureInput)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/component parameters are not supported \("@query-param"\)/),
    });
    // The transcription itself is sound: the RFC's signature verifies over the RFC's base.
    expect(rsaPssVerifies(B22.base, B22)).toBe(true);
  });

  it('B.2.3 full coverage', () => {
    const components = [
      'date',
      '@method',
      '@path',
      '@query',
      '@authority',
      'content-type',
      'content-digest',
      'content-length',
    ];
    expect(signerBase(components, { created: CREATED, keyid: 'test-key-rsa-pss' }, request)).toBe(B23.base);
    expect(verifierBase(B23, request)).toBe(B23.base);
    expect(rsaPssVerifies(B23.base, B23)).toBe(true);
  });

  it('B.2.4 response with ecdsa-p256-sha256: our lines, and the raw r‖s signature verifies over them', () => {
    expect(isComponentName('@status')).toBe(false);
    expect(parseSignatureInput(B24.signatureInput)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/"@status" is not a supported component identifier/),
    });
    // Only the header fields are read from the message; method, path and query are unused.
    const response: HttpMessage = { method: 'GET', path: '/', query: '', headers: TEST_RESPONSE.headers };
    const fields = ['content-type', 'content-digest', 'content-length'];
    const params = serializeSignatureParams(['@status', ...fields], {
      created: CREATED,
      keyid: 'test-key-ecc-p256',
    });
    const rest = buildSignatureBase(fields, params, response);
    const base = `"@status": ${TEST_RESPONSE.status}\n${rest.ok ? rest.base : rest.error}`;
    expect(base).toBe(B24.base);

    const publicKey = createPublicKey(TEST_KEY_ECC_P256_PUBLIC);
    const raw = signatureOf(B24);
    expect(raw).toHaveLength(64);
    expect(verify('sha256', Buffer.from(base), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(
      true,
    );
    // The same signature in DER verifies with Node's default encoding, and our strict reader
    // turns it back into the RFC's exact bytes.
    const der = rawToDer(raw);
    expect(verify('sha256', Buffer.from(base), publicKey, der)).toBe(true);
    expect(Buffer.from(ecdsaDerToRaw(der, 32) ?? [])).toEqual(raw);
    expect(
      verify('sha256', Buffer.from(`${base} `), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw),
    ).toBe(false);
  });

  it('B.2.5 hmac-sha256: our base, and the RFC MAC reproduced exactly', () => {
    const components = ['date', '@authority', 'content-type'];
    const base = signerBase(components, { created: CREATED, keyid: 'test-shared-secret' }, request);
    expect(base).toBe(B25.base);
    expect(verifierBase(B25, request)).toBe(B25.base);
    const mac = createHmac('sha256', Buffer.from(TEST_SHARED_SECRET, 'base64')).update(base).digest('base64');
    expect(mac).toBe(B25.signature);
  });

  it('B.2.6 ed25519: our base, and the RFC signature reproduced exactly by our signer', () => {
    const components = ['date', '@method', '@path', '@authority', 'content-type', 'content-length'];
    const base = signerBase(components, { created: CREATED, keyid: 'test-key-ed25519' }, request);
    expect(base).toBe(B26.base);
    expect(verifierBase(B26, request)).toBe(B26.base);
    const privateKey = createPrivateKey(TEST_KEY_ED25519_PRIVATE);
    const ours = Buffer.from(signBytes('ed25519', privateKey, Buffer.from(base)));
    expect(ours.toString('base64')).toBe(B26.signature);
    expect(sign(null, Buffer.from(base), privateKey).toString('base64')).toBe(B26.signature);
    const publicKey = createPublicKey(TEST_KEY_ED25519_PUBLIC);
    expect(verifyBytes('ed25519', publicKey, Buffer.from(base), signatureOf(B26))).toBe(true);
    expect(verifyBytes('ed25519', publicKey, Buffer.from(`${base} `), signatureOf(B26))).toBe(false);
  });
});
