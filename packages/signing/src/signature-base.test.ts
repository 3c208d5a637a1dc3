import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpMessage } from './components.js';
import { contentDigest } from './content-digest.js';
import { signRequest } from './sign-request.js';
import { buildSignatureBase } from './signature-base.js';
import { parseSignatureInput } from './signature-headers.js';
import { serializeSignatureParams } from './signature-params.js';

// draft-ietf-httpbis-message-signatures-15, Appendix B.1.4 (test-key-ed25519).
const DRAFT_ED25519_PRIVATE = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
-----END PRIVATE KEY-----
`;
const DRAFT_ED25519_PUBLIC = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
-----END PUBLIC KEY-----
`;

describe('signature base', () => {
  it('matches a hand-written base for a fixed transfers request, and the signature is over exactly it', () => {
    const body = '{"key": "value"}';
    const headers = {
      Accept: 'application/json',
      Authorization: 'Bearer c2VjcmV0Cg==',
      'Content-Type': 'application/json',
      'Idempotency-Key': 'ccb07f42-4104-44ad-8e1f-c660bb7b269c',
      'Upvest-Client-Id': 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
      'Upvest-API-Version': '1',
    };
    const added = signRequest({
      method: 'post',
      url: 'https://api.example.com/securities_transfers?direction=INCOMING&limit=10',
      headers,
      body,
      keyId: 'test-key-ed25519',
      privateKey: DRAFT_ED25519_PRIVATE,
      created: 1618884473,
      expires: 1618884533,
      nonce: 'b3k2pp5k7z-50gnwp.yemd',
    });

    // Written out by hand from draft 15 section 2.5: one line per covered component, in order.
    const expected = [
      '"@method": POST',
      '"@path": /securities_transfers',
      '"@query": ?direction=INCOMING&limit=10',
      '"accept": application/json',
      '"authorization": Bearer c2VjcmV0Cg==',
      '"content-type": application/json',
      '"idempotency-key": ccb07f42-4104-44ad-8e1f-c660bb7b269c',
      '"upvest-client-id": ebabcf4d-61c3-4942-875c-e265a7c2d062',
      '"upvest-api-version": 1',
      '"content-length": 16',
      '"content-digest": sha-512=:Hd9/AvGZkbjitW1+Ml8Fg1ux1mtcDYe6mLQjDyoowIWa3LM/PmwN2v9O+MjtQGrCA3EQWUL54dlgxKHyYbrucw==:',
      '"@signature-params": ("@method" "@path" "@query" "accept" "authorization" "content-type" "idempotency-key" "upvest-client-id" "upvest-api-version" "content-length" "content-digest");created=1618884473;expires=1618884533;keyid="test-key-ed25519";nonce="b3k2pp5k7z-50gnwp.yemd"',
    ].join('\n');

    expect(added['signature-input']).toBe(
      'sig1=("@method" "@path" "@query" "accept" "authorization" "content-type" "idempotency-key" "upvest-client-id" "upvest-api-version" "content-length" "content-digest");created=1618884473;expires=1618884533;keyid="test-key-ed25519";nonce="b3k2pp5k7z-50gnwp.yemd"',
    );
    expect(added['content-digest']).toBe(contentDigest(body));
    expect(added['content-length']).toBe('16');
    expect(added['upvest-signature-version']).toBe('15');
    // Ed25519 is deterministic: the signature must be the signature of the literal base.
    const literalSignature = sign(null, Buffer.from(expected), createPrivateKey(DRAFT_ED25519_PRIVATE));
    expect(added.signature).toBe(`sig1=:${literalSignature.toString('base64')}:`);

    // The verifier's rebuild from the received request gives the same literal.
    const entry = parseSignatureInput(added['signature-input'] ?? '');
    if (!entry.ok) throw new Error(entry.error);
    const received: HttpMessage = {
      method: 'POST',
      path: '/securities_transfers',
      query: '?direction=INCOMING&limit=10',
      headers: Object.fromEntries(
        Object.entries({ ...headers, ...added }).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    };
    const [first] = entry.value;
    expect(first && buildSignatureBase(first.components, first.signatureParams, received)).toEqual({
      ok: true,
      base: expected,
    });
  });

  it('reproduces the draft 15 Appendix B.2.6 Ed25519 signature', () => {
    const message: HttpMessage = {
      method: 'POST',
      path: '/foo',
      query: '?param=Value&Pet=dog',
      headers: {
        host: 'example.com',
        date: 'Tue, 20 Apr 2021 02:07:55 GMT',
        'content-type': 'application/json',
        'content-length': '18',
      },
    };
    const components = ['date', '@method', '@path', '@authority', 'content-type', 'content-length'];
    const params = serializeSignatureParams(components, { created: 1618884473, keyid: 'test-key-ed25519' });
    const base = buildSignatureBase(components, params, message);
    expect(base).toEqual({
      ok: true,
      base: [
        '"date": Tue, 20 Apr 2021 02:07:55 GMT',
        '"@method": POST',
        '"@path": /foo',
        '"@authority": example.com',
        '"content-type": application/json',
        '"content-length": 18',
        '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      ].join('\n'),
    });
    if (!base.ok) return;
    const draftSignature =
      'wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==';
    const ours = sign(null, Buffer.from(base.base), createPrivateKey(DRAFT_ED25519_PRIVATE));
    expect(ours.toString('base64')).toBe(draftSignature);
    expect(
      verify(
        null,
        Buffer.from(base.base),
        createPublicKey(DRAFT_ED25519_PUBLIC),
        Buffer.from(draftSignature, 'base64'),
      ),
    ).toBe(true);
  });

  it('derives @query as "?" without a query, trims and joins repeated header values', () => {
    const message: HttpMessage = {
      method: 'get',
      path: '',
      query: '',
      headers: { 'x-list': [' a ', 'b'], 'x-one': '  v  ' },
      authority: 'API.Example.com:8443',
      scheme: 'https',
    };
    const components = ['@method', '@path', '@query', '@authority', '@target-uri', 'x-list', 'x-one'];
    const base = buildSignatureBase(components, '()', message);
    expect(base.ok && base.base.split('\n')).toEqual([
      '"@method": GET',
      '"@path": /',
      '"@query": ?',
      '"@authority": api.example.com:8443',
      '"@target-uri": https://api.example.com:8443/',
      '"x-list": a, b',
      '"x-one": v',
      '"@signature-params": ()',
    ]);
  });

  it('refuses absent components and values that would forge base lines', () => {
    const message: HttpMessage = {
      method: 'GET',
      path: '/',
      query: '',
      headers: { evil: 'x\n"@method": POST' },
    };
    expect(buildSignatureBase(['missing'], '()', message)).toMatchObject({ ok: false, absent: true });
    expect(buildSignatureBase(['evil'], '()', message)).toMatchObject({ ok: false, absent: false });
    expect(buildSignatureBase(['@authority'], '()', message)).toMatchObject({ ok: false, absent: true });
  });
});
