import { type KeyObject, randomUUID } from 'node:crypto';
import type { Algorithm } from './algorithms.js';
import {
  type QueryInput,
  queryString,
  readResponse,
  TransfersClientError,
  type TransfersResponse,
} from './client-http.js';
import type { EcdsaEncoding } from './raw-signature.js';
import { signAndSend } from './sign-and-send.js';

export interface TransfersClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  keyId: string;
  privateKey: KeyObject | string;
  /** Space-separated scopes asked for at the token endpoint. */
  scope?: string;
  apiVersion?: string;
  algorithm?: Algorithm;
  /** ECDSA keys only; default `der`. */
  ecdsaEncoding?: EcdsaEncoding;
  fetch?: typeof fetch;
}

export interface TransfersRequestOptions {
  query?: QueryInput;
  /** JSON-serialized; a string or Uint8Array is sent as is (still as application/json). */
  body?: unknown;
  /** Writes get a random UUID unless given; `false` sends none. */
  idempotencyKey?: string | false;
  headers?: Record<string, string>;
}

export interface TransfersClient {
  token(): Promise<string>;
  invalidateToken(): void;
  request(method: string, path: string, options?: TransfersRequestOptions): Promise<TransfersResponse>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A signing client of the transfers API (tests, examples, benchmarks). */
export function createTransfersClient(options: TransfersClientOptions): TransfersClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const apiVersion = options.apiVersion ?? '1';
  const signing = {
    keyId: options.keyId,
    privateKey: options.privateKey,
    ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
    ...(options.ecdsaEncoding === undefined ? {} : { ecdsaEncoding: options.ecdsaEncoding }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'client_credentials',
      ...(options.scope === undefined ? {} : { scope: options.scope }),
    });
    const headers = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'upvest-client-id': options.clientId,
      'upvest-api-version': apiVersion,
    };
    const url = `${baseUrl}/auth/token`;
    const response = await readResponse(
      await signAndSend({ ...signing, method: 'POST', url, headers, body: form.toString() }),
    );
    const body = response.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (response.status !== 200 || typeof body?.access_token !== 'string') {
      throw new TransfersClientError(`token request failed with status ${response.status}`, response);
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    // Refresh shortly before expiry: 30 s early, or half-way for short-lived tokens.
    cached = {
      token: body.access_token,
      refreshAt: Date.now() + (lifetime - Math.min(30, lifetime / 2)) * 1000,
    };
    return body.access_token;
  }

  async function token(): Promise<string> {
    if (cached !== undefined && Date.now() < cached.refreshAt) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function request(method: string, path: string, opts: TransfersRequestOptions = {}) {
    const verb = method.toUpperCase();
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${await token()}`,
      'upvest-client-id': options.clientId,
      'upvest-api-version': apiVersion,
    };
    let body: Uint8Array | string | undefined;
    if (opts.body !== undefined) {
      body =
        typeof opts.body === 'string' || opts.body instanceof Uint8Array
          ? opts.body
          : JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const key = opts.idempotencyKey ?? (WRITES.has(verb) ? randomUUID() : false);
    if (key !== false) headers['idempotency-key'] = key;
    for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
    const url = `${baseUrl}${path.startsWith('/') ? path : `/${path}`}${queryString(opts.query)}`;
    const response = await signAndSend({
      ...signing,
      method: verb,
      url,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return readResponse(response);
  }

  return {
    token,
    request,
    invalidateToken: () => {
      cached = undefined;
    },
  };
}
