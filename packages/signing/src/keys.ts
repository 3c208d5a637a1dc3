import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Parsed keys by PEM text: a verifier sees the same few keys thousands of times a second. */
const MAX_CACHED = 1000;
const publicKeys = new Map<string, KeyObject>();
const privateKeys = new Map<string, KeyObject>();

function cached(cache: Map<string, KeyObject>, pem: string, parse: (pem: string) => KeyObject): KeyObject {
  const hit = cache.get(pem);
  if (hit !== undefined) return hit;
  const key = parse(pem);
  if (cache.size >= MAX_CACHED) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(pem, key);
  return key;
}

/**
 * A public KeyObject from a PEM (SPKI public key, or a private key whose public half is used)
 * or a KeyObject. Parsed PEMs are cached. Throws on an unparseable PEM.
 */
export function toPublicKey(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  return cached(publicKeys, key, (pem) => createPublicKey(pem));
}

/** A private KeyObject from a PKCS #8 / SEC1 PEM or a KeyObject. Parsed PEMs are cached. */
export function toPrivateKey(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') {
    if (key.type !== 'private') throw new Error('signing needs a private key');
    return key;
  }
  return cached(privateKeys, key, (pem) => createPrivateKey(pem));
}
