import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { signRequest } from '@tbo/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SEED_SECURITIES_REQUEST } from './harness.js';
import {
  demoToken,
  type HttpApp,
  rawRequest,
  sendSigned,
  signedParts,
  startHttpApp,
} from './http-harness.js';

/**
 * /trpc is tRPC's own HTTP adapter: single and batched calls answer the same,
 * byte for byte where the request is the same.
 */
describe('tRPC over HTTP: single and batched calls agree', () => {
  let app: HttpApp;
  let token: string;
  beforeAll(async () => {
    app = await startHttpApp();
    token = await demoToken(app);
  });
  afterAll(() => app.close());

  /** A tenant's call over /trpc, signed as the REST edge requires. */
  async function call(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    extra: Record<string, string>,
  ) {
    const { authorization, ...headers } = extra;
    const res = await sendSigned(app, {
      method,
      path,
      ...(body !== undefined ? { body } : {}),
      ...(authorization === '' ? {} : { token }),
      headers,
    });
    return { status: res.status, body: res.json as Record<string, unknown>, headers: res.headers };
  }

  function single(method: 'GET' | 'POST', path: string, input: unknown, extra: Record<string, string> = {}) {
    return method === 'GET'
      ? call(method, `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, undefined, extra)
      : call(method, `/trpc/${path}`, JSON.stringify(input), extra);
  }

  async function batched(
    method: 'GET' | 'POST',
    path: string,
    input: unknown,
    extra: Record<string, string> = {},
  ) {
    const res =
      method === 'GET'
        ? await call(
            method,
            `/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`,
            undefined,
            extra,
          )
        : await call(method, `/trpc/${path}?batch=1`, JSON.stringify({ 0: input }), extra);
    const [first] = res.body as unknown as Record<string, unknown>[];
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
    expect(again.headers['idempotent-replayed']).toBe('true');
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
        const path = '/trpc/securitiesTransfers.create';
        const { headers } = signedParts(
          { method: 'POST', path, body, token, idempotencyKey: randomUUID() },
          app.keys.ed25519,
        );
        const req = httpRequest(`${app.baseUrl}${path}`, { method: 'POST', agent, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, socket: req.socket }));
        });
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

  it('refuses unknown paths, wrong methods and unparsable input as tRPC does', async () => {
    const unknown = await call('POST', '/trpc/nope.nothing', '{}', {});
    expect(unknown.status).toBe(404);
    const wrongMethod = await call('GET', '/trpc/securitiesTransfers.create', undefined, {});
    expect(wrongMethod.status).toBe(405);
    const badJson = await call('POST', '/trpc/securitiesTransfers.create', '{not json', {
      'idempotency-key': randomUUID(),
    });
    expect(badJson.status).toBe(400);
    const refused = (badJson.body as { error: { data: { code: string; problem: { code: string } } } }).error
      .data;
    expect([refused.code, refused.problem.code]).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
  });

  /** A signed POST as a client that sends no content-type header at all. */
  function postWithoutContentType(path: string, body: string) {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'upvest-client-id': DEMO.tenant.clientId,
      'upvest-api-version': '1',
      authorization: `Bearer ${token}`,
      'idempotency-key': randomUUID(),
    };
    const key = app.keys.ed25519;
    const added = signRequest({
      method: 'POST',
      url: `http://127.0.0.1${path}`,
      headers,
      body,
      keyId: key.keyId,
      privateKey: key.privateKey,
    });
    return rawRequest(app.baseUrl, { method: 'POST', path, headers: { ...headers, ...added }, body });
  }

  it('reads a POST without a content type as JSON, as a JSON client means it', async () => {
    const created = await postWithoutContentType(
      '/trpc/securitiesTransfers.create',
      JSON.stringify(SEED_SECURITIES_REQUEST),
    );
    expect(created.status).toBe(200);
    expect((created.json as { result: { data: { status: string } } }).result.data.status).toBe('NEW');
  });

  it('counts only real procedures against the one-write batch rule', async () => {
    const mixed = await call(
      'POST',
      '/trpc/securitiesTransfers.create,nope.nothing?batch=1',
      JSON.stringify({ 0: SEED_SECURITIES_REQUEST, 1: {} }),
      { 'idempotency-key': randomUUID() },
    );
    const [first, second] = mixed.body as unknown as {
      result?: unknown;
      error?: { data: { httpStatus: number } };
    }[];
    expect(first?.result).toBeDefined();
    expect(second?.error?.data.httpStatus).toBe(404);
  });

  it('streams a batch to a client that asks for jsonl, each call answered as in a plain batch', async () => {
    const created = await single('POST', 'securitiesTransfers.create', SEED_SECURITIES_REQUEST, {
      'idempotency-key': randomUUID(),
    });
    const id = (created.body as { result: { data: { id: string } } }).result.data.id;
    const input = encodeURIComponent(JSON.stringify({ 0: { id }, 1: { direction: 'INCOMING' } }));
    const path = `/trpc/securitiesTransfers.get,securitiesTransfers.list?batch=1&input=${input}`;
    const streamed = await sendSigned(app, {
      method: 'GET',
      path,
      token,
      headers: { 'trpc-accept': 'application/jsonl' },
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers['transfer-encoding']).toBe('chunked');
    const lines = streamed.text.trim().split('\n');
    // tRPC's jsonl: a head line, then one line per call's result.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(streamed.text).toContain(id);
    const plain = await sendSigned(app, { method: 'GET', path, token, headers: {} });
    const [got, listed] = plain.json as { result: { data: { id?: string; data?: unknown[] } } }[];
    expect(got?.result.data.id).toBe(id);
    expect(Array.isArray(listed?.result.data.data)).toBe(true);
  });

  it('answers a replayed create in a jsonl batch with the first answer, not an error', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ 0: SEED_SECURITIES_REQUEST });
    const first = await sendSigned(app, {
      method: 'POST',
      path: '/trpc/securitiesTransfers.create?batch=1',
      body,
      token,
      headers: { 'idempotency-key': key },
    });
    const [created] = first.json as { result: { data: { id: string } } }[];
    const replay = await sendSigned(app, {
      method: 'POST',
      path: '/trpc/securitiesTransfers.create?batch=1',
      body,
      token,
      headers: { 'idempotency-key': key, 'trpc-accept': 'application/jsonl' },
    });
    expect(replay.status).toBe(200);
    expect(replay.text).toContain(created?.result.data.id);
    expect(replay.text).not.toContain('"error"');
  });
});
