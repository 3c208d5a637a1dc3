import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/services/auth/tokens.js';
import { DEMO, SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, startHttpApp } from './http-harness.js';

/**
 * Single tRPC calls take the direct node:http path; batched ones go through
 * tRPC's own adapter. Both must answer the same, byte for byte where the
 * request is the same.
 */
describe('tRPC over HTTP: direct path and standard adapter agree', () => {
  let app: HttpApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    app = await startHttpApp();
    const { accessToken } = await issueAccessToken(
      app.t.db,
      { clientId: DEMO.tenant.clientId, clientSecret: DEMO.tenant.clientSecret },
      new Date(),
    );
    headers = {
      authorization: `Bearer ${accessToken}`,
      'upvest-client-id': DEMO.tenant.clientId,
      'content-type': 'application/json',
    };
  });
  afterAll(() => app.close());

  async function single(
    method: 'GET' | 'POST',
    path: string,
    input: unknown,
    extra: Record<string, string> = {},
  ) {
    const url =
      method === 'GET'
        ? `${app.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
        : `${app.baseUrl}/trpc/${path}`;
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...extra },
      ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  async function batched(
    method: 'GET' | 'POST',
    path: string,
    input: unknown,
    extra: Record<string, string> = {},
  ) {
    const url =
      method === 'GET'
        ? `${app.baseUrl}/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`
        : `${app.baseUrl}/trpc/${path}?batch=1`;
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...extra },
      ...(method === 'POST' ? { body: JSON.stringify({ 0: input }) } : {}),
    });
    const [first] = (await res.json()) as Record<string, unknown>[];
    return { status: res.status, body: first ?? {} };
  }

  it('creates and reads the same way, replaying with the idempotency header', async () => {
    const key = randomUUID();
    const created = await single('POST', 'securitiesTransfers.create', SEED_SECURITIES_REQUEST, {
      'idempotency-key': key,
    });
    expect(created.status).toBe(200);
    const replay = await batched('POST', 'securitiesTransfers.create', SEED_SECURITIES_REQUEST, {
      'idempotency-key': key,
    });
    expect(replay).toEqual({ status: 200, body: created.body });
    const again = await single('POST', 'securitiesTransfers.create', SEED_SECURITIES_REQUEST, {
      'idempotency-key': key,
    });
    expect(again.body).toEqual(created.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const id = (created.body as { result: { data: { id: string } } }).result.data.id;
    const viaAdapter = await batched('GET', 'securitiesTransfers.get', { id });
    expect((await single('GET', 'securitiesTransfers.get', { id })).body).toEqual(viaAdapter.body);
  });

  for (const [name, method, path, input, extra] of [
    [
      'invalid input',
      'POST',
      'securitiesTransfers.create',
      { ...SEED_SECURITIES_REQUEST, quantity: '1e3' },
      {},
    ],
    ['an unknown id', 'GET', 'securitiesTransfers.get', { id: '00000000-0000-4000-8000-000000000000' }, {}],
    ['a missing token', 'GET', 'securitiesTransfers.list', { direction: 'INCOMING' }, { authorization: '' }],
    ['a final transfer cancelled', 'POST', 'securitiesTransfers.cancel', { id: 'not-a-uuid' }, {}],
  ] as const) {
    it(`answers ${name} with the same error shape and status`, async () => {
      const direct = await single(method, path, input, extra);
      const adapter = await batched(method, path, input, extra);
      expect(direct.status).toBeGreaterThanOrEqual(400);
      expect(direct.status).toBe(adapter.status);
      const strip = (body: Record<string, unknown>) => {
        const error = body.error as { data: { problem: Record<string, unknown> } };
        const { request_id: _r, instance: _i, ...problem } = error.data.problem;
        return { ...error, data: { ...error.data, problem } };
      };
      expect(strip(direct.body)).toEqual(strip(adapter.body));
    });
  }

  it('refuses a body over 1 MiB with 413 and keeps the connection usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<{ status: number; text: string; socket: unknown }>((resolve, reject) => {
        const req = httpRequest(
          `${app.baseUrl}/trpc/securitiesTransfers.create`,
          { method: 'POST', agent, headers: { ...headers, 'idempotency-key': randomUUID() } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, socket: req.socket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const huge = await post(
        JSON.stringify({ ...SEED_SECURITIES_REQUEST, settlement_reference: 'a'.repeat(1024 * 1024) }),
      );
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.text).error.data.code).toBe('PAYLOAD_TOO_LARGE');
      const next = await post(JSON.stringify(SEED_SECURITIES_REQUEST));
      expect(next.status).toBe(200);
      expect(next.socket).toBe(huge.socket);
    } finally {
      agent.destroy();
    }
  });

  it('declines what it does not serve: unknown paths and wrong methods reach the adapter', async () => {
    const unknown = await fetch(`${app.baseUrl}/trpc/nope.nothing`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${app.baseUrl}/trpc/securitiesTransfers.create`, { headers });
    expect(wrongMethod.status).toBe(405);
    const badJson = await fetch(`${app.baseUrl}/trpc/securitiesTransfers.create`, {
      method: 'POST',
      headers,
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { data: { code: string } } }).error.data.code).toBe(
      'PARSE_ERROR',
    );
  });
});
