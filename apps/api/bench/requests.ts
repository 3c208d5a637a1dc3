import { randomUUID } from 'node:crypto';
import { createTransfersClient, signRequest } from '@tbo/signing';
import { BENCH, CREATE_BODY } from './bench-data.js';
import type { LoadRequest } from './load.js';

export interface BenchRequests {
  /** A signed request with its own nonce, created time and (for a body) idempotency key. */
  signed(method: string, path: string, body?: string): LoadRequest;
  restCreate(): LoadRequest;
  trpcCreate(): LoadRequest;
}

/** Request makers for the bench tenant against the api at `url` (takes a token first). */
export async function benchRequests(url: string, privateKeyPem: string): Promise<BenchRequests> {
  const client = createTransfersClient({
    baseUrl: url,
    clientId: BENCH.clientId,
    clientSecret: BENCH.clientSecret,
    keyId: BENCH.keyId,
    privateKey: privateKeyPem,
  });
  const common = {
    accept: 'application/json',
    authorization: `Bearer ${await client.token()}`,
    'upvest-client-id': BENCH.clientId,
    'upvest-api-version': '1',
  };
  const signed = (method: string, path: string, body?: string): LoadRequest => {
    const headers: Record<string, string> = { ...common };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomUUID();
    }
    const added = signRequest({
      method,
      url: path,
      headers,
      ...(body !== undefined ? { body } : {}),
      keyId: BENCH.keyId,
      privateKey: privateKeyPem,
    });
    return { method, path, headers: { ...headers, ...added }, ...(body !== undefined ? { body } : {}) };
  };
  return {
    signed,
    restCreate: () => signed('POST', '/securities_transfers', CREATE_BODY),
    // Tenants' tRPC calls pass the same signature checks as REST.
    trpcCreate: () => signed('POST', '/trpc/securitiesTransfers.create', CREATE_BODY),
  };
}

/**
 * Signing costs the load generator about as much CPU as verifying costs the
 * api, and both share this machine's cores: measured runs take requests made
 * just before (each still with its own nonce, created time and idempotency
 * key, valid 60 s) and make more on the fly if they run out.
 */
export function prepared(count: number, make: () => LoadRequest): () => LoadRequest {
  const ready = Array.from({ length: count }, make);
  let next = 0;
  return () => ready[next++] ?? make();
}
