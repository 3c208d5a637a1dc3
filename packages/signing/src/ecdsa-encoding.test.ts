import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from './algorithms.js';
import { bytes, derInteger, integerContent, rawToDer, tlv } from './der-test-support.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';
import { rawSignatureCandidates, signBytes, verifyBytes, verifyBytesAsync } from './raw-signature.js';
import { keys } from './test-support.js';

const ECDSA = [
  ['ecdsa-p256-sha512', 32],
  ['ecdsa-p384-sha512', 48],
  ['ecdsa-p521-sha512', 66],
] as const;
const data = Buffer.from('"@method": POST\n"@signature-params": ("@method");created=1700000000');

/** Verifies with the sync and the async verifier, which must agree. */
async function verifyBoth(algorithm: Algorithm, key: KeyObject, signature: Uint8Array) {
  const sync = verifyBytes(algorithm, key, data, signature);
  const async = await verifyBytesAsync(algorithm, key, data, signature);
  expect(async, 'verifyBytesAsync agrees with verifyBytes').toBe(sync);
  return sync;
}

describe.each(ECDSA)('%s signatures', (algorithm, size) => {
  const privateKey = createPrivateKey(keys[algorithm].privateKey);
  const publicKey = createPublicKey(keys[algorithm].publicKey);
  const der = Buffer.from(signBytes(algorithm, privateKey, data));
  const raw = Buffer.from(signBytes(algorithm, privateKey, data, 'raw'));
  const halves = (signature: Uint8Array) => [signature.subarray(0, size), signature.subarray(size)] as const;

  it('are signed in canonical DER by default, and verify', async () => {
    const asRaw = ecdsaDerToRaw(der, size);
    expect(asRaw, 'the default signature is canonical DER').toBeDefined();
    expect(rawToDer(asRaw ?? new Uint8Array())).toEqual(der);
    expect(await verifyBoth(algorithm, publicKey, der)).toBe(true);
  });

  it('are signed as raw r‖s on request, and verify', async () => {
    expect(raw.length).toBe(2 * size);
    expect(await verifyBoth(algorithm, publicKey, raw)).toBe(true);
  });

  it('verify in either encoding, whichever was signed', async () => {
    expect(await verifyBoth(algorithm, publicKey, rawToDer(raw))).toBe(true);
    expect(await verifyBoth(algorithm, publicKey, ecdsaDerToRaw(der, size) ?? new Uint8Array())).toBe(true);
  });

  it('do not verify over other data or with another curve', async () => {
    expect(verifyBytes(algorithm, publicKey, Buffer.from('other'), der)).toBe(false);
    expect(await verifyBytesAsync(algorithm, publicKey, Buffer.from('other'), raw)).toBe(false);
    const other = ECDSA.find(([name]) => name !== algorithm)?.[0] ?? 'ed25519';
    const otherKey = createPublicKey(keys[other].publicKey);
    expect(await verifyBoth(other, otherKey, der)).toBe(false);
    expect(await verifyBoth(algorithm, otherKey, der)).toBe(false);
  });

  const [r, s] = halves(raw);
  const rInt = integerContent(r);
  const sInt = derInteger(s);
  const sequence = (content: Uint8Array) => tlv(0x30, content);
  const refused: Array<[string, Uint8Array]> = [
    ['truncated DER (last byte gone)', der.subarray(0, der.length - 1)],
    ['truncated DER (half gone)', der.subarray(0, der.length >> 1)],
    ['DER with a trailing zero byte', bytes(der, [0])],
    ['DER with a trailing copy of s', bytes(der, sInt)],
    ['DER zero-padded in front', bytes([0, 0], der)],
    ['DER zero-padded to twice the raw length', bytes(der, new Uint8Array(4 * size - der.length))],
    ['an extra leading zero in r', sequence(bytes(tlv(0x02, bytes([0], rInt)), sInt))],
    ['an extra leading zero in s', sequence(bytes(derInteger(r), tlv(0x02, bytes([0], integerContent(s)))))],
    [
      'a longer length form than needed',
      bytes([0x30], der[1] === 0x81 ? [0x82, 0] : [0x81], der.subarray(der[1] === 0x81 ? 2 : 1)),
    ],
    ['a negative r', sequence(bytes(tlv(0x02, bytes([0xff], rInt)), sInt))],
    ['a SET instead of a SEQUENCE', bytes([0x31], der.subarray(1))],
    ['a BIT STRING instead of the INTEGER r', sequence(bytes(tlv(0x03, rInt), sInt))],
    ['r and s as one INTEGER', sequence(tlv(0x02, integerContent(raw)))],
    ['raw one byte short', raw.subarray(0, raw.length - 1)],
    ['raw one byte long', bytes(raw, [0])],
    ['raw with a leading zero', bytes([0], raw)],
    ['nothing', new Uint8Array()],
    ...(size === 32 ? [] : [['an Ed25519-sized raw signature', raw.subarray(0, 64)] as [string, Uint8Array]]),
  ];

  it.each(refused)('refuses %s as malformed, sync and async', async (_name, signature) => {
    expect(rawSignatureCandidates(algorithm, signature)).toEqual([]);
    expect(await verifyBoth(algorithm, publicKey, signature)).toBe(false);
  });
});

// P-521 halves never have the high bit set (n < 2^521), so only P-256 and P-384 can lose the 0x00.
describe.each(ECDSA.slice(0, 2))('%s integers with the high bit set', (algorithm, size) => {
  const privateKey = createPrivateKey(keys[algorithm].privateKey);
  const publicKey = createPublicKey(keys[algorithm].publicKey);

  it('are refused without their 0x00 (a negative number)', async () => {
    // Sign until r has its high bit set, so that its canonical form needs the 0x00.
    let raw = Buffer.from(signBytes(algorithm, privateKey, data, 'raw'));
    while (((raw[0] ?? 0) & 0x80) === 0) raw = Buffer.from(signBytes(algorithm, privateKey, data, 'raw'));
    expect(await verifyBoth(algorithm, publicKey, rawToDer(raw))).toBe(true);
    const negative = tlv(0x30, bytes(tlv(0x02, raw.subarray(0, size)), derInteger(raw.subarray(size))));
    expect(rawSignatureCandidates(algorithm, negative)).toEqual([]);
    expect(await verifyBoth(algorithm, publicKey, negative)).toBe(false);
  });
});

describe('encodings that overlap', () => {
  it('tries a DER-shaped signature of exactly the raw length both ways', async () => {
    // Canonical DER of 64 bytes (two 29-byte integers) is also 64 raw bytes for P-256.
    const ambiguous = tlv(
      0x30,
      bytes(derInteger(new Uint8Array(29).fill(1)), derInteger(new Uint8Array(29).fill(2))),
    );
    expect(ambiguous.length).toBe(64);
    const candidates = rawSignatureCandidates('ecdsa-p256-sha512', ambiguous);
    expect(candidates.map((c) => Buffer.from(c).toString('hex'))).toEqual([
      ambiguous.toString('hex'),
      `000000${'01'.repeat(29)}000000${'02'.repeat(29)}`,
    ]);
    const key = createPublicKey(keys['ecdsa-p256-sha512'].publicKey);
    expect(await verifyBoth('ecdsa-p256-sha512', key, ambiguous)).toBe(false);
  });
});

describe('Ed25519 signatures are unchanged', () => {
  const privateKey = createPrivateKey(keys.ed25519.privateKey);
  const publicKey = createPublicKey(keys.ed25519.publicKey);
  const signature = Buffer.from(signBytes('ed25519', privateKey, data, 'der'));

  it('are 64 bytes whatever the ECDSA encoding, and verify', async () => {
    expect(signature.length).toBe(64);
    expect(Buffer.from(signBytes('ed25519', privateKey, data, 'raw'))).toEqual(signature);
    expect(await verifyBoth('ed25519', publicKey, signature)).toBe(true);
  });

  it('are refused in any other length or wrapped in DER', async () => {
    for (const bad of [signature.subarray(1), bytes(signature, [0]), rawToDer(signature)]) {
      expect(rawSignatureCandidates('ed25519', bad)).toEqual([]);
      expect(await verifyBoth('ed25519', publicKey, bad)).toBe(false);
    }
  });

  it('never throw for an algorithm the key does not have, or none at all', async () => {
    expect(await verifyBoth('ecdsa-p256-sha512', publicKey, rawToDer(signature))).toBe(false);
    expect(await verifyBoth('nonsense' as Algorithm, publicKey, signature)).toBe(false);
  });
});
