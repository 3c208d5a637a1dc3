import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetClients } from '../src/services/auth/client-directory.js';
import { SEED_SECURITIES_REQUEST } from './harness.js';
import { DEMO, type HttpApp, startHttpApp } from './http-harness.js';
import { sqlRun } from './inspect.js';

function detailOf(body: unknown): string {
  return (body as { detail: string }).detail;
}

describe('REST edge: tokens, scopes, tenants, rate limits', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await startHttpApp();
    // The other tenant may only read.
    await sqlRun(
      app.t.db,
      'UPDATE tenants SET allowed_scopes = ? WHERE id = ?',
      'transfers:read',
      DEMO.otherTenant.id,
    );
  });
  afterAll(() => app.close());

  it('refuses at the token endpoint a scope the client is not configured for (401)', async () => {
    const client = app.client({ tenant: 'other', scope: 'transfers:admin' });
    const error = await client.token().then(
      () => ({ status: 200, body: undefined as unknown }),
      (e: { response: { status: number; body: unknown } }) => e.response,
    );
    expect(error.status).toBe(401);
    expect(detailOf(error.body)).toMatch(/not allowed the scope\(s\): transfers:admin/);
  });

  it('refuses wrong client credentials and malformed token requests', async () => {
    const wrong = app.client();
    const bad = await wrong.request('POST', '/auth/token', {
      body: 'client_id=x',
      headers: { 'content-type': 'application/json' },
      idempotencyKey: false,
    });
    expect(bad.status).toBe(415);
    const form = await wrong.request('POST', '/auth/token', {
      body: new TextEncoder().encode(
        `client_id=${DEMO.tenant.clientId}&client_secret=wrong&grant_type=client_credentials`,
      ),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotencyKey: false,
    });
    expect(form.status).toBe(401);
    expect(detailOf(form.body)).toBe('invalid client credentials');
    const grant = await wrong.request('POST', '/auth/token', {
      body: new TextEncoder().encode(`client_id=${DEMO.tenant.clientId}&client_secret=x&grant_type=password`),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      idempotencyKey: false,
    });
    expect(grant.status).toBe(400);
    expect((grant.body as { invalid_params: { name: string }[] }).invalid_params[0]?.name).toBe('grant_type');
  });

  it('answers 403 when the token lacks the endpoint scope, 200 when it has it', async () => {
    const reader = app.client({ tenant: 'other', scope: 'transfers:read' });
    const list = await reader.request('GET', '/securities_transfers', { query: { direction: 'INCOMING' } });
    expect(list.status).toBe(200);
    const create = await reader.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    expect(create.status).toBe(403);
    expect(detailOf(create.body)).toBe('the access token lacks the scope transfers:admin');
    const demoReader = app.client({ scope: 'transfers:read' });
    const forbidden = await demoReader.request('POST', '/account_transfers', { body: {} });
    expect(forbidden.status).toBe(403);
  });

  it('answers 401 when upvest-client-id is missing or names another tenant than the token', async () => {
    const api = app.client();
    const token = await api.token();
    const mismatch = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING' },
      headers: { 'upvest-client-id': DEMO.otherTenant.clientId },
    });
    expect(mismatch.status).toBe(401);
    expect(detailOf(mismatch.body)).toBe('upvest-client-id does not match the access token');
    const noToken = await api.request('GET', '/securities_transfers', {
      query: { direction: 'INCOMING' },
      headers: { authorization: 'Bearer nope' },
    });
    expect(noToken.status).toBe(401);
    expect(detailOf(noToken.body)).toBe('the access token is unknown');
    expect(token).toBeTruthy();
  });

  it('hides one tenant’s transfers from another (404)', async () => {
    const demo = app.client();
    const created = await demo.request('POST', '/securities_transfers', { body: SEED_SECURITIES_REQUEST });
    const id = (created.body as { id: string }).id;
    const other = app.client({ tenant: 'other', scope: 'transfers:read' });
    const res = await other.request('GET', `/securities_transfers/${id}`);
    expect(res.status).toBe(404);
  });

  it('rate-limits a client with its tenant’s token bucket (429 + Retry-After)', async () => {
    const api = app.client();
    await api.token();
    await sqlRun(
      app.t.db,
      'UPDATE tenants SET rate_limit_per_second = 1, rate_limit_burst = 3 WHERE id = ?',
      DEMO.tenant.id,
    );
    forgetClients(app.t.db);
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: unknown } | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await api.request('GET', '/securities_transfers', { query: { direction: 'INCOMING' } });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses).toContain(429);
    expect(limited?.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(limited?.headers['content-type']).toBe('application/problem+json');
    expect((limited?.body as { type?: string } | undefined)?.type).toBe('/problems/rate-limited');
    // Other clients keep their own bucket.
    const other = app.client({ tenant: 'other', scope: 'transfers:read' });
    expect(
      (await other.request('GET', '/securities_transfers', { query: { direction: 'INCOMING' } })).status,
    ).toBe(200);
    await sqlRun(
      app.t.db,
      'UPDATE tenants SET rate_limit_per_second = 200, rate_limit_burst = 400 WHERE id = ?',
      DEMO.tenant.id,
    );
    forgetClients(app.t.db);
  });
});
