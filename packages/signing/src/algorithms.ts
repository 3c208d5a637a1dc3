import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { toPublicKey } from './keys.js';

/** The signature algorithms the transfers API accepts. ECDSA always hashes with SHA-512. */
export const ALGORITHMS = ['ecdsa-p256-sha512', 'ecdsa-p384-sha512', 'ecdsa-p521-sha512', 'ed25519'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

const CURVES: Record<string, Algorithm> = {
  prime256v1: 'ecdsa-p256-sha512',
  secp384r1: 'ecdsa-p384-sha512',
  secp521r1: 'ecdsa-p521-sha512',
};

const CURVE_OF: Record<Exclude<Algorithm, 'ed25519'>, string> = {
  'ecdsa-p256-sha512': 'prime256v1',
  'ecdsa-p384-sha512': 'secp384r1',
  'ecdsa-p521-sha512': 'secp521r1',
};

/** Length in bytes of a raw signature (Ed25519, or ECDSA r||s as IEEE P1363). */
export const SIGNATURE_LENGTH: Record<Algorithm, number> = {
  'ecdsa-p256-sha512': 64,
  'ecdsa-p384-sha512': 96,
  'ecdsa-p521-sha512': 132,
  ed25519: 64,
};

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (ALGORITHMS as readonly string[]).includes(value);
}

/** The algorithm a key belongs to, or undefined for any other key type. Never throws. */
export function algorithmOfKey(key: KeyObject): Algorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === undefined ? undefined : CURVES[curve];
  }
  return undefined;
}

/** Detects the algorithm from a public or private key (PEM or KeyObject); throws for other key types. */
export function detectAlgorithm(key: KeyObject | string): Algorithm {
  const keyObject = typeof key === 'string' ? toPublicKey(key) : key;
  const algorithm = algorithmOfKey(keyObject);
  if (algorithm === undefined) {
    const detail =
      keyObject.asymmetricKeyDetails?.namedCurve ?? keyObject.asymmetricKeyType ?? keyObject.type;
    throw new Error(`unsupported key type ${detail}: use ECDSA P-256/P-384/P-521 or Ed25519`);
  }
  return algorithm;
}

export interface GeneratedKeyPair {
  algorithm: Algorithm;
  /** SPKI PEM */
  publicKey: string;
  /** PKCS #8 PEM */
  privateKey: string;
}

/** Generates a key pair as PEM strings (for seeding, tests and examples). */
export function generateKeyPair(algorithm: Algorithm): GeneratedKeyPair {
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const { publicKey, privateKey } =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('ec', { namedCurve: CURVE_OF[algorithm], publicKeyEncoding, privateKeyEncoding });
  return { algorithm, publicKey, privateKey };
}
