import type { KeyObject } from 'node:crypto';
import type { Algorithm } from './algorithms.js';
import type { HeaderMap } from './components.js';
import type { ComponentContext } from './default-components.js';

export const VERIFY_ERROR_CODES = [
  'SIGNATURE_MISSING',
  'SIGNATURE_MALFORMED',
  'SIGNATURE_VERSION_UNSUPPORTED',
  'COMPONENT_MISSING',
  'DIGEST_MISSING',
  'DIGEST_MISMATCH',
  'CONTENT_LENGTH_MISMATCH',
  'SIGNATURE_EXPIRED',
  'SIGNATURE_NOT_YET_VALID',
  'NONCE_MISSING',
  'NONCE_REPLAYED',
  'UNKNOWN_KEY',
  'ALGORITHM_MISMATCH',
  'SIGNATURE_MISMATCH',
] as const;
export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

export interface VerificationKey {
  publicKey: KeyObject | string;
  /** The algorithm registered for the key; detected from the key when omitted. */
  algorithm?: Algorithm;
}

export interface VerifyRequestOptions {
  method: string;
  /** Path as received (percent-encoded), without the query. */
  path: string;
  /** Raw query string as received, including the leading `?`, or ''. */
  query: string;
  /** Lower-case header name → value, as received. */
  headers: HeaderMap;
  /** The raw body bytes as received (the digest is checked against these). */
  body?: Uint8Array;
  /** For `@authority` / `@target-uri`; defaults to the `host` header. */
  authority?: string;
  /** For `@scheme` / `@target-uri`; default `https`. */
  scheme?: string;
  now?: Date;
  /** Tolerated clock difference in seconds (default 30). */
  maxSkewSeconds?: number;
  /** Oldest acceptable `created`, in seconds before now (default 300). */
  maxAgeSeconds?: number;
  /** Which signature to check; default `sig1`, else the first label of `signature-input`. */
  label?: string;
  /** Reject signatures without a nonce (default true). */
  requireNonce?: boolean;
  /** The components the signature must cover (the caller's policy, e.g. `defaultRequiredComponents`). */
  requiredComponents(ctx: ComponentContext): readonly string[];
  lookupKey(keyId: string): Promise<VerificationKey | undefined> | VerificationKey | undefined;
  /** Records the nonce; returns false when it was seen before. Called only for valid signatures. */
  checkNonce?(nonce: string, expiresAt: Date): Promise<boolean> | boolean;
}

export interface VerifySuccess {
  ok: true;
  keyId: string;
  label: string;
  algorithm: Algorithm;
  /** Unix seconds. */
  created: number;
  expires: number | undefined;
  nonce: string | undefined;
  components: string[];
}

export interface VerifyFailure {
  ok: false;
  code: VerifyErrorCode;
  message: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

export const fail = (code: VerifyErrorCode, message: string): VerifyFailure => ({ ok: false, code, message });
