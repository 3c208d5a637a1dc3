import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransfersClientError } from './client-http.js';
import { defaultRequiredComponents } from './default-components.js';
import { keys } from './test-support.js';
import { createTransfersClient } from './transfers-client.js';
import { verifyRequestSignature } from './verify-request.js';
import type { VerifyResult } from './verify-types.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  verified: VerifyResult;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];
let tokenLifetime = 3600;
const nonces = new Set<string>();

async function handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
  const verified = await verifyRequestSignature({
    method: req.method ?? 'GET',
    path,
    query: req.url?.includes('?') ? `?${query}` : '',
    headers: req.headers,
    body: raw,
    requiredComponents: defaultRequiredComponents,
    lookupKey: (keyId) =>
      keyId === 'client-key' ? { publicKey: keys['ecdsa-p256-sha512'].publicKey } : undefined,
    checkNonce: (nonce) => !nonces.has(nonce) && Boolean(nonces.add(nonce)),
  });
  seen.push({
    method: req.method ?? '',
    url: req.url ?? '',
    headers: req.headers,
    body: raw.toString(),
    verified,
  });
  if (!verified.ok) return { status: 401, body: { title: verified.code, detail: verified.message } };
  if (path === '/auth/token') {
    const form = new URLSearchParams(raw.toString());
    if (form.get('client_secret') !== 'secret') return { status: 401, body: { title: 'invalid_client' } };
    return {
      status: 200,
      body: { access_token: `tok-${seen.length}`, token_type: 'bearer', expires_in: tokenLifetime },
    };
  }
  return { status: 200, body: { echo: raw.length > 0 ? JSON.parse(raw.toString()) : null } };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void handle(req).then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (clientSecret = 'secret') =>
  createTransfersClient({
    baseUrl,
    clientId: 'tenant-1',
    clientSecret,
    keyId: 'client-key',
    privateKey: keys['ecdsa-p256-sha512'].privateKey,
    scope: 'transfers:read transfers:admin',
  });

describe('createTransfersClient against a verifying server', () => {
  it('gets a signed token, then sends signed requests with the standard headers', async () => {
    seen.length = 0;
    const api = client();
    const created = await api.request('POST', '/securities_transfers', {
      query: { direction: 'INCOMING', skip: undefined },
      body: { quantity: '10' },
    });
    expect(created).toMatchObject({ status: 200, body: { echo: { quantity: '10' } } });
    expect(created.rawBody).toBe('{"echo":{"quantity":"10"}}');
    expect(seen.map((s) => [s.method, s.url, s.verified.ok])).toEqual([
      ['POST', '/auth/token', true],
      ['POST', '/securities_transfers?direction=INCOMING', true],
    ]);
    const [token, post] = seen;
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      client_id: 'tenant-1',
      client_secret: 'secret',
      grant_type: 'client_credentials',
      scope: 'transfers:read transfers:admin',
    });
    expect(token?.headers.authorization).toBeUndefined();
    expect(post?.headers).toMatchObject({
      authorization: 'Bearer tok-1',
      'upvest-client-id': 'tenant-1',
      'upvest-api-version': '1',
      accept: 'application/json',
      'content-type': 'application/json',
      'upvest-signature-version': '15',
    });
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post?.verified.ok && post.verified.components).toContain('idempotency-key');
  });

  it('caches the token, shares one request between concurrent callers, and refreshes', async () => {
    seen.length = 0;
    const api = client();
    const [a, b] = await Promise.all([api.token(), api.token()]);
    expect(a).toBe(b);
    await api.request('GET', '/securities_transfers', { query: '?direction=OUTGOING' });
    await api.request('GET', '/securities_transfers/1');
    expect(seen.filter((s) => s.url === '/auth/token')).toHaveLength(1);
    expect(seen.every((s) => s.verified.ok)).toBe(true);
    expect(seen.at(-1)?.headers['idempotency-key']).toBeUndefined();
    api.invalidateToken();
    expect(await api.token()).not.toBe(a);
  });

  it('refreshes a short-lived token before it expires', async () => {
    tokenLifetime = 1;
    try {
      const api = client();
      const first = await api.token();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await api.token()).not.toBe(first);
    } finally {
      tokenLifetime = 3600;
    }
  });

  it('raises TransfersClientError when the token is refused', async () => {
    const error = await client('wrong')
      .token()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransfersClientError);
    expect((error as TransfersClientError).response).toMatchObject({
      status: 401,
      body: { title: 'invalid_client' },
    });
  });
});
