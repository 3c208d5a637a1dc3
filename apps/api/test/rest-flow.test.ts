import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ACCOUNT_REQUEST, SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, startHttpApp } from './http-harness.js';
import { sqlRun } from './inspect.js';

const PROBLEM = 'application/problem+json';

describe('REST edge: token → create → get → list → cancel', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
  });
  afterAll(() => app.close());

  it('issues a bearer token for form-encoded client credentials', async () => {
    const client = app.client();
    const token = await client.token();
    expect(token).toMatch(/^at_/);
  });

  it('runs the whole lifecycle of a securities transfer', async () => {
    const api = app.client();
    const created = await api.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    expect(created.status).toBe(200);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    const transfer = created.body as Record<string, unknown>;
    expect(transfer).toMatchObject({
      status: 'NEW',
      direction: 'INCOMING',
      instrument_id: 'US0378331005',
      quantity: '10',
      place_of_settlement: 'DAKVDEFFXXX',
      counterparty: SEED_SECURITIES_REQUEST.counterparty,
    });
    expect(transfer.trade_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(created.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const got = await api.request('GET', `/securities_transfers/${transfer.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(transfer);

    const list = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING', limit: 10, order: 'DESC' },
    });
    expect(list.status).toBe(200);
    const page = list.body as { meta: unknown; data: { id: string }[] };
    expect(page.meta).toEqual({
      offset: 0,
      limit: 10,
      count: 1,
      total_count: 1,
      sort: 'created_at',
      order: 'DESC',
    });
    expect(page.data[0]?.id).toBe(transfer.id);

    const cancelled = await api.request('POST', `/securities_transfers/${transfer.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: transfer.id, status: 'CANCELLED' });

    const again = await api.request('POST', `/securities_transfers/${transfer.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe(PROBLEM);
  });

  it('runs the whole lifecycle of an account transfer', async () => {
    const api = app.client({ algorithm: 'ecdsa-p256-sha512' });
    const created = await api.request('POST', '/account_transfers', { body: SEED_ACCOUNT_REQUEST });
    expect(created.status).toBe(200);
    const transfer = created.body as { id: string; status: string; instruments: { status: string }[] };
    expect(transfer.status).toBe('NEW');
    expect(transfer.instruments).toHaveLength(2);

    const got = await api.request('GET', `/account_transfers/${transfer.id}`);
    expect(got.body).toEqual(transfer);

    const list = await api.request('GET', '/account_transfers', { query: { direction: 'INCOMING' } });
    expect(list.status).toBe(200);
    expect((list.body as { meta: { total_count: number } }).meta.total_count).toBe(1);

    const cancelled = await api.request('POST', `/account_transfers/${transfer.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
  });

  it('replays a create with the same idempotency-key byte for byte', async () => {
    const api = app.client();
    for (const [path, body] of [
      ['/securities_transfers', SEED_SECURITIES_REQUEST],
      ['/account_transfers', SEED_ACCOUNT_REQUEST],
    ] as const) {
      const key = randomUUID();
      const first = await api.request('POST', path, { body, idempotencyKey: key });
      const second = await api.request('POST', path, { body, idempotencyKey: key });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.rawBody).toBe(first.rawBody);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(second.headers['idempotent-replayed']).toBe('true');

      const different = await api.request('POST', path, {
        body: { ...body, settlement_reference: 'OTHER' },
        idempotencyKey: key,
      });
      expect(different.status).toBe(422);
      expect(different.headers['content-type']).toBe(PROBLEM);
    }
  });

  it('answers 409 while a request with the same key is in flight', async () => {
    const key = randomUUID();
    await sqlRun(
      app.t.db,
      `INSERT INTO idempotency_keys (tenant_id, key, operation, request_hash, state, created_at, expires_at)
         VALUES (?, ?, 'securitiesTransfers.create', 'x', 'in_flight', ?, ?)`,
      DEMO.tenant.id,
      key,
      new Date().toISOString(),
      new Date(Date.now() + 3_600_000).toISOString(),
    );
    const api = app.client();
    const res = await api.request('POST', '/securities_transfers', {
      body: SEED_SECURITIES_REQUEST,
      idempotencyKey: key,
    });
    // A different hash for the same key is reported first (422); same request in flight → 409.
    expect([409, 422]).toContain(res.status);
    await sqlRun(
      app.t.db,
      'UPDATE idempotency_keys SET request_hash = ? WHERE key = ?',
      (await import('../src/services/idempotency.js')).requestHash(
        'securitiesTransfers.create',
        SEED_SECURITIES_REQUEST,
      ),
      key,
    );
    const inFlight = await api.request('POST', '/securities_transfers', {
      body: SEED_SECURITIES_REQUEST,
      idempotencyKey: key,
    });
    expect(inFlight.status).toBe(409);
    expect((inFlight.body as { type: string }).type).toBe('/problems/idempotency-in-flight');
  });

  it('refuses POSTs without a UUID idempotency-key and unsupported api versions', async () => {
    const api = app.client();
    const missing = await api.request('POST', '/securities_transfers', {
      body: SEED_SECURITIES_REQUEST,
      idempotencyKey: false,
    });
    expect(missing.status).toBe(400);
    expect((missing.body as { detail: string }).detail).toMatch(/idempotency-key header is required/);
    const notUuid = await api.request('POST', '/securities_transfers', {
      body: SEED_SECURITIES_REQUEST,
      idempotencyKey: 'abc',
    });
    expect(notUuid.status).toBe(400);
    const version = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING' },
      headers: { 'upvest-api-version': '2' },
    });
    expect(version.status).toBe(400);
    expect((version.body as { invalid_params: unknown }).invalid_params).toEqual([
      { name: 'upvest-api-version', reason: 'must be 1' },
    ]);
  });

  it('reports invalid fields and unknown query parameters as 400 with invalid_params', async () => {
    const api = app.client();
    const bad = await api.request('POST', '/securities_transfers', {
      body: { ...SEED_SECURITIES_REQUEST, quantity: 10, counterparty: { bic: 'nope' } },
    });
    expect(bad.status).toBe(400);
    const problem = bad.body as { invalid_params: { name: string }[]; request_id: string };
    expect(problem.invalid_params.map((p) => p.name).sort()).toEqual(['counterparty.bic', 'quantity']);
    expect(problem.request_id).toBe(bad.headers['x-request-id']);
    const unknown = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING', foo: '1' },
    });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { invalid_params: unknown }).invalid_params).toEqual([
      { name: 'foo', reason: 'is not a known field' },
    ]);
    const missing = await api.request('GET', '/securities_transfers');
    expect(missing.status).toBe(400);
    const notFound = await api.request('GET', `/securities_transfers/${randomUUID()}`);
    expect(notFound.status).toBe(404);
  });

  it('answers 406 when accept excludes JSON, still as problem+json', async () => {
    const api = app.client();
    const res = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING' },
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(406);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect((res.body as { request_id: string }).request_id).toBe(res.headers['x-request-id']);
  });
});
