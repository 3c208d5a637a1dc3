import { type KeyObject, sign, verify } from 'node:crypto';
import { type Algorithm, SIGNATURE_LENGTH } from './algorithms.js';
import { ecdsaDerToRaw } from './ecdsa-der.js';

/**
 * How ECDSA signatures are encoded: `der` (ASN.1, what OpenSSL, Java, Go, Python's
 * `cryptography` and Node produce by default) or `raw` r‖s (IEEE P1363, as in RFC 9421's
 * examples and JOSE). Ed25519 has a single encoding.
 */
export type EcdsaEncoding = 'der' | 'raw';

export function isEcdsaEncoding(value: unknown): value is EcdsaEncoding {
  return value === 'der' || value === 'raw';
}

/** Signs bytes: Ed25519 as is, ECDSA with SHA-512 in DER (default) or raw r‖s. */
export function signBytes(
  algorithm: Algorithm,
  privateKey: KeyObject,
  data: Uint8Array,
  ecdsaEncoding: EcdsaEncoding = 'der',
): Uint8Array {
  if (algorithm === 'ed25519') return sign(null, data, privateKey);
  const dsaEncoding = ecdsaEncoding === 'raw' ? 'ieee-p1363' : 'der';
  return sign('sha512', data, { key: privateKey, dsaEncoding });
}

/**
 * The raw forms a received signature may stand for: Ed25519 and ECDSA r‖s by their exact
 * length, ECDSA DER only when canonical. A DER signature can (very rarely) be exactly as long
 * as a raw one, so such bytes are tried both ways; malformed bytes yield none. Never throws.
 */
export function rawSignatureCandidates(algorithm: Algorithm, signature: Uint8Array): Uint8Array[] {
  const rawLength = SIGNATURE_LENGTH[algorithm] as number | undefined;
  if (rawLength === undefined) return [];
  const candidates = signature.length === rawLength ? [signature] : [];
  if (algorithm !== 'ed25519') {
    const fromDer = ecdsaDerToRaw(signature, rawLength / 2);
    if (fromDer !== undefined) candidates.push(fromDer);
  }
  return candidates;
}

function verifyRaw(algorithm: Algorithm, publicKey: KeyObject, data: Uint8Array, raw: Uint8Array): boolean {
  if (algorithm === 'ed25519') return verify(null, data, publicKey, raw);
  return verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw);
}

/**
 * Verifies bytes; ECDSA signatures in canonical DER or raw r‖s. False for malformed bytes or
 * a key of another type. Never throws.
 */
export function verifyBytes(
  algorithm: Algorithm,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return rawSignatureCandidates(algorithm, signature).some((raw) =>
      verifyRaw(algorithm, publicKey, data, raw),
    );
  } catch {
    return false;
  }
}

function verifyRawAsync(
  algorithm: Algorithm,
  publicKey: KeyObject,
  data: Uint8Array,
  raw: Uint8Array,
): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (error: Error | null, ok: boolean) => resolve(error === null && ok);
    try {
      if (algorithm === 'ed25519') verify(null, data, publicKey, raw, done);
      else verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw, done);
    } catch {
      resolve(false);
    }
  });
}

/**
 * The same check on libuv's thread pool: the event loop of a server stays
 * free while the curve arithmetic runs on another core.
 */
export async function verifyBytesAsync(
  algorithm: Algorithm,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  for (const raw of rawSignatureCandidates(algorithm, signature)) {
    if (await verifyRawAsync(algorithm, publicKey, data, raw)) return true;
  }
  return false;
}
