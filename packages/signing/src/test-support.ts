// Helpers shared by the package's tests (not exported from the package).
import { type Algorithm, generateKeyPair } from './algorithms.js';
import { defaultRequiredComponents } from './default-components.js';
import { type SignRequestOptions, signRequest } from './sign-request.js';
import type { VerifyRequestOptions } from './verify-types.js';

export const CREATED = 1_700_000_000;
export const NOW = new Date((CREATED + 5) * 1000);

export const keys: Record<Algorithm, { publicKey: string; privateKey: string }> = {
  'ecdsa-p256-sha512': generateKeyPair('ecdsa-p256-sha512'),
  'ecdsa-p384-sha512': generateKeyPair('ecdsa-p384-sha512'),
  'ecdsa-p521-sha512': generateKeyPair('ecdsa-p521-sha512'),
  ed25519: generateKeyPair('ed25519'),
};

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export const baseHeaders = {
  Accept: 'application/json',
  Authorization: 'Bearer token-123',
  'Content-Type': 'application/json',
  'Idempotency-Key': 'ccb07f42-4104-44ad-8e1f-c660bb7b269c',
  'Upvest-Client-Id': 'ebabcf4d-61c3-4942-875c-e265a7c2d062',
  'Upvest-Api-Version': '1',
};

type SignInput = Partial<SignRequestOptions> & { algorithm?: Algorithm };

/** Signs a request and returns it as a server would receive it (lower-case headers, raw body bytes). */
export function signedRequest(input: SignInput = {}): ReceivedRequest {
  const algorithm = input.algorithm ?? 'ed25519';
  const options: SignRequestOptions = {
    method: 'POST',
    url: 'https://api.example.com/securities_transfers?direction=INCOMING',
    headers: baseHeaders,
    body: '{"direction":"INCOMING"}',
    keyId: `key-${algorithm}`,
    privateKey: keys[algorithm].privateKey,
    created: CREATED,
    ...input,
  };
  const added = signRequest(options);
  const url = new URL(options.url, 'http://relative.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...options.headers, ...added })) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return {
    method: options.method,
    path: url.pathname,
    query: url.search,
    headers,
    ...(options.body === undefined ? {} : { body: Buffer.from(options.body) }),
  };
}

/** Verifier options for a received request, with every key of `keys` registered under `key-<alg>`. */
export function verifyOptions(
  request: ReceivedRequest,
  overrides: Partial<VerifyRequestOptions> = {},
): VerifyRequestOptions {
  return {
    ...request,
    now: NOW,
    requiredComponents: defaultRequiredComponents,
    lookupKey: (keyId) => {
      const algorithm = keyId.replace(/^key-/, '') as Algorithm;
      const pair = keys[algorithm];
      return pair === undefined ? undefined : { publicKey: pair.publicKey, algorithm };
    },
    ...overrides,
  };
}
