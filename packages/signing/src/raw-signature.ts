import { type KeyObject, sign, verify } from 'node:crypto';
import { type Algorithm, SIGNATURE_LENGTH } from './algorithms.js';

/** Signs bytes: Ed25519 as is, ECDSA with SHA-512 and a raw r||s (IEEE P1363) signature. */
export function signBytes(algorithm: Algorithm, privateKey: KeyObject, data: Uint8Array): Uint8Array {
  if (algorithm === 'ed25519') return sign(null, data, privateKey);
  return sign('sha512', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

/** Verifies bytes; false for a wrong length or a key of another type. Never throws. */
export function verifyBytes(
  algorithm: Algorithm,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_LENGTH[algorithm]) return false;
  try {
    if (algorithm === 'ed25519') return verify(null, data, publicKey, signature);
    return verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/**
 * The same check on libuv's thread pool: the event loop of a server stays
 * free while the curve arithmetic runs on another core.
 */
export function verifyBytesAsync(
  algorithm: Algorithm,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signature.length !== SIGNATURE_LENGTH[algorithm]) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (error: Error | null, ok: boolean) => resolve(error === null && ok);
    try {
      if (algorithm === 'ed25519') verify(null, data, publicKey, signature, done);
      else verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature, done);
    } catch {
      resolve(false);
    }
  });
}
