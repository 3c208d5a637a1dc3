import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SECURITIES_REQUEST } from './harness.js';
import { type HttpApp, type RawResponse, rawRequest, sendSigned, startHttpApp } from './http-harness.js';
import { sqlRun } from './inspect.js';

function expectProblem(res: RawResponse, status: number): { detail: string; type: string } {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const problem = res.json as Record<string, unknown>;
  expect(problem).toMatchObject({ status, request_id: res.headers['x-request-id'] });
  expect(typeof problem.type).toBe('string');
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.instance).toBe('string');
  expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return problem as { detail: string; type: string };
}

describe('REST edge: error surface', () => {
  let app: HttpApp;
  let token: string;
  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    sendSigned(app, {
      method: 'POST',
      path: '/securities_transfers',
      body,
      token,
      idempotencyKey: randomUUID(),
      headers,
    });

  beforeAll(async () => {
    app = await startHttpApp({ rateLimiting: false });
    token = await app.client().token();
  });
  afterAll(() => app.close());

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expectProblem(await rawRequest(app.baseUrl, { method: 'GET', path: '/nope' }), 404);
    expectProblem(await rawRequest(app.baseUrl, { method: 'GET', path: '/securities_transfers/x/y/z' }), 404);
    const wrong = await rawRequest(app.baseUrl, { method: 'DELETE', path: '/securities_transfers' });
    expectProblem(wrong, 405);
    expect(wrong.headers.allow).toBe('GET, POST');
    const cancel = await rawRequest(app.baseUrl, { method: 'GET', path: '/account_transfers/abc/cancel' });
    expect(cancel.headers.allow).toBe('POST');
    expectProblem(await rawRequest(app.baseUrl, { method: 'PUT', path: '/auth/token' }), 405);
  });

  it('refuses malformed JSON, non-JSON content types, invalid UTF-8 and empty bodies', async () => {
    expect(expectProblem(await post('{"direction":'), 400).detail).toMatch(/not valid JSON/);
    expectProblem(await post('direction=INCOMING', { 'content-type': 'text/plain' }), 415);
    expectProblem(
      await post(JSON.stringify(SEED_SECURITIES_REQUEST), {
        'content-type': 'application/json; charset=latin1',
      }),
      415,
    );
    const badUtf8 = Buffer.concat([
      Buffer.from('{"settlement_reference":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(expectProblem(await post(badUtf8), 400).detail).toBe('the request body is not valid UTF-8');
    expectProblem(await post('[1,2,3]'), 400);
    expectProblem(await post('null'), 400);
  });

  it('refuses bodies over 1 MiB with 413 and keeps the connection usable', async () => {
    const huge = `{"x":"${'a'.repeat(1024 * 1024 + 10)}"}`;
    expectProblem(
      await rawRequest(app.baseUrl, {
        method: 'POST',
        path: '/securities_transfers',
        body: huge,
        headers: { 'content-type': 'application/json' },
      }),
      413,
    );
    expectProblem(await post(huge), 413);
    const ok = await sendSigned(app, {
      method: 'GET',
      path: '/securities_transfers?direction=INCOMING',
      token,
    });
    expect(ok.status).toBe(200);
  });

  it('serves the problem type pages named by every type URI', async () => {
    const res = await rawRequest(app.baseUrl, { method: 'GET', path: '/problems/unauthenticated' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('signature');
    const index = await rawRequest(app.baseUrl, { method: 'GET', path: '/problems' });
    for (const type of index.text.matchAll(/href="(\/problems\/[a-z-]+)"/g)) {
      expect((await rawRequest(app.baseUrl, { method: 'GET', path: type[1] ?? '' })).status).toBe(200);
    }
    expectProblem(await rawRequest(app.baseUrl, { method: 'GET', path: '/problems/nope' }), 404);
  });

  it('serves an OpenAPI 3.1 document generated from the contracts and a self-contained reference page', async () => {
    const res = await rawRequest(app.baseUrl, { method: 'GET', path: '/openapi.json' });
    expect(res.status).toBe(200);
    const doc = res.json as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/account_transfers',
      '/account_transfers/validate',
      '/account_transfers/{id}',
      '/account_transfers/{id}/cancel',
      '/auth/token',
      '/securities_transfers',
      '/securities_transfers/validate',
      '/securities_transfers/{id}',
      '/securities_transfers/{id}/cancel',
      '/webhooks',
      '/webhooks/events',
      '/webhooks/public_keys',
      '/webhooks/{id}',
      '/webhooks/{id}/attempts',
      '/webhooks/{id}/deliveries',
      '/webhooks/{id}/redeliver',
    ]);
    expect(Object.keys(doc.components.schemas.SecuritiesTransfer?.properties ?? {})).toEqual(
      expect.arrayContaining(['status_reason', 'deadline', 'cancellation']),
    );
    expect(doc.components.schemas.AccountTransferValidation?.properties).toHaveProperty('instruments');
    expect(doc.components.schemas.CreateSecuritiesTransferRequest?.properties.quantity).toEqual({
      type: 'string',
      pattern: '^[0-9]{0,63}(\\.[0-9]{1,27})?$',
    });
    const docs = await rawRequest(app.baseUrl, { method: 'GET', path: '/docs' });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/securities_transfers/{id}/cancel');
    expect(docs.text).toContain('counterparty.bic');
    // Self-contained: every file the page loads is the api's own.
    const loads = [...docs.text.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(loads.filter((target) => !/^(\/|#|data:)/.test(target))).toEqual([]);
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self';.*connect-src 'self'/);
    for (const script of docs.text.matchAll(/<script src="([^"]+)"/g)) {
      const file = await rawRequest(app.baseUrl, { method: 'GET', path: script[1] ?? '' });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expectProblem(
      await rawRequest(app.baseUrl, { method: 'GET', path: '/docs/assets/0.0.0/swagger-ui-bundle.js' }),
      404,
    );
  });

  it('answers 500 without internals when a stored transfer breaks the response contract', async () => {
    const created = await post(JSON.stringify(SEED_SECURITIES_REQUEST));
    expect(created.status).toBe(200);
    const id = (created.json as { id: string }).id;
    await sqlRun(app.t.db, "UPDATE securities_transfers SET counterparty_bic = 'not a bic' WHERE id = ?", id);
    const read = await sendSigned(app, { method: 'GET', path: `/securities_transfers/${id}`, token });
    const problem = expectProblem(read, 500);
    expect(problem.detail).not.toMatch(/bic/i);
    // The same over tRPC: a 500 problem, not a 400 naming the stored field.
    const input = encodeURIComponent(JSON.stringify({ id }));
    const viaTrpc = await sendSigned(app, {
      method: 'GET',
      path: `/trpc/securitiesTransfers.get?input=${input}`,
      token,
    });
    expect(viaTrpc.status).toBe(500);
    expect(viaTrpc.json).toMatchObject({ error: { data: { problem: { status: 500, code: 'INTERNAL' } } } });
  });
});
