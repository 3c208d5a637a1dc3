import { describe, expect, it } from 'vitest';
import { checkContentDigest, contentDigest } from './content-digest.js';

const VECTOR =
  'sha-512=:Hd9/AvGZkbjitW1+Ml8Fg1ux1mtcDYe6mLQjDyoowIWa3LM/PmwN2v9O+MjtQGrCA3EQWUL54dlgxKHyYbrucw==:';

describe('contentDigest', () => {
  it('matches the known vector for {"key": "value"}', () => {
    const body = '{"key": "value"}';
    expect(Buffer.byteLength(body)).toBe(16);
    expect(contentDigest(body)).toBe(VECTOR);
    expect(contentDigest(new TextEncoder().encode(body))).toBe(VECTOR);
  });

  it('digests bytes exactly (no re-encoding)', () => {
    expect(contentDigest(new Uint8Array([0xff, 0x00]))).not.toBe(contentDigest('\u00ff\u0000'));
  });
});

describe('checkContentDigest', () => {
  const body = new TextEncoder().encode('{"key": "value"}');
  it('accepts the matching digest, also next to other algorithms', () => {
    expect(checkContentDigest(VECTOR, body)).toEqual({ ok: true });
    expect(
      checkContentDigest(`sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, ${VECTOR}`, body).ok,
    ).toBe(true);
  });
  it('reports a mismatch, a missing sha-512 member and malformed values', () => {
    expect(checkContentDigest(VECTOR, new TextEncoder().encode('{"key": "valuE"}'))).toMatchObject({
      ok: false,
      reason: 'mismatch',
    });
    expect(checkContentDigest('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', body)).toMatchObject({
      reason: 'missing',
    });
    expect(checkContentDigest('sha-512="abc"', body)).toMatchObject({ reason: 'malformed' });
    expect(checkContentDigest('sha-512=:not base64!:', body)).toMatchObject({ reason: 'malformed' });
    expect(checkContentDigest('sha-512=:AAAA:', body)).toMatchObject({ reason: 'mismatch' });
  });
});
