import type { KeyObject } from 'node:crypto';
import type { Algorithm } from './algorithms.js';
import type { HeaderMap } from './components.js';
import type { EcdsaEncoding } from './raw-signature.js';
import { type SignatureHeaders, signRequest } from './sign-request.js';
import { verifyRequestSignature } from './verify-request.js';
import type { VerifyResult } from './verify-types.js';

/** A published webhook key: a bare PEM / KeyObject (any keyid), or one bound to its keyid. */
export type WebhookPublicKey = string | KeyObject | { keyid: string; pem: string; algorithm?: Algorithm };

const isUpvestHeader = (name: string) => name.startsWith('upvest-') && name !== 'upvest-signature-version';

/** Components of a webhook delivery: method, path, body headers, then every `upvest-*` header present. */
export function webhookComponents(headerNames: Iterable<string>): string[] {
  const upvest = [...headerNames].map((n) => n.toLowerCase()).filter(isUpvestHeader);
  return ['@method', '@path', 'content-type', 'content-length', 'content-digest', ...upvest.sort()];
}

export interface SignWebhookOptions {
  url: string | URL;
  /** Defaults to POST. */
  method?: string;
  /** The headers to send; must include content-type. */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array | string;
  keyId: string;
  privateKey: KeyObject | string;
  created?: number;
  expires?: number | false;
  /** ECDSA keys only; default `der`. */
  ecdsaEncoding?: EcdsaEncoding;
}

/** Signs a webhook delivery (for the dispatcher); returns the headers to add. */
export function signWebhookDelivery(options: SignWebhookOptions): SignatureHeaders {
  return signRequest({
    method: options.method ?? 'POST',
    url: options.url,
    headers: options.headers,
    body: options.body,
    keyId: options.keyId,
    privateKey: options.privateKey,
    components: webhookComponents(Object.keys(options.headers)),
    ...(options.created === undefined ? {} : { created: options.created }),
    ...(options.expires === undefined ? {} : { expires: options.expires }),
    ...(options.ecdsaEncoding === undefined ? {} : { ecdsaEncoding: options.ecdsaEncoding }),
  });
}

export interface VerifyWebhookOptions {
  method: string;
  /** Path as received, without the query. */
  path: string;
  /** Raw query including `?`, or '' (default). */
  query?: string;
  headers: HeaderMap;
  /** The raw body bytes as received. */
  body: Uint8Array | string;
  /** The sender's published key(s). */
  publicKeys: WebhookPublicKey | readonly WebhookPublicKey[];
  now?: Date;
  maxSkewSeconds?: number;
  maxAgeSeconds?: number;
  /** Optional replay protection (receivers should also deduplicate by event id). */
  checkNonce?(nonce: string, expiresAt: Date): Promise<boolean> | boolean;
}

/**
 * Verifies a signed webhook delivery with the same verifier as the api. Keys bound to a keyid
 * are used for that keyid only; bare keys are tried in turn for any keyid.
 */
export async function verifyWebhookDelivery(options: VerifyWebhookOptions): Promise<VerifyResult> {
  const keys = Array.isArray(options.publicKeys) ? options.publicKeys : [options.publicKeys];
  const headerNames = Object.keys(options.headers);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
  const candidatesFor = (keyId: string): WebhookPublicKey[] => {
    const bound = keys.filter((k) => typeof k !== 'string' && 'pem' in k && k.keyid === keyId);
    return bound.length > 0 ? bound : keys.filter((k) => typeof k === 'string' || !('pem' in k));
  };
  let candidateCount = 0;
  const attempt = (index: number) =>
    verifyRequestSignature({
      method: options.method,
      path: options.path,
      query: options.query ?? '',
      headers: options.headers,
      body,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.maxSkewSeconds === undefined ? {} : { maxSkewSeconds: options.maxSkewSeconds }),
      ...(options.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: options.maxAgeSeconds }),
      ...(options.checkNonce === undefined ? {} : { checkNonce: options.checkNonce }),
      requiredComponents: () => webhookComponents(headerNames),
      lookupKey: (keyId) => {
        const candidates = candidatesFor(keyId);
        candidateCount = candidates.length;
        const key = candidates[index];
        if (key === undefined) return undefined;
        if (typeof key === 'string' || !('pem' in key)) return { publicKey: key };
        return { publicKey: key.pem, ...(key.algorithm === undefined ? {} : { algorithm: key.algorithm }) };
      },
    });
  let result = await attempt(0);
  // Only a key-dependent failure is worth another candidate; nonces are consumed only on success.
  for (let i = 1; !result.ok && retryable(result.code) && i < candidateCount; i++) result = await attempt(i);
  return result;
}

const retryable = (code: string) => code === 'SIGNATURE_MISMATCH' || code === 'ALGORITHM_MISMATCH';
