import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SEED_SECURITIES_REQUEST } from './harness.js';
import {
  demoToken,
  type HttpApp,
  type RawResponse,
  rawRequest,
  sendSigned,
  startHttpApp,
} from './http-harness.js';
import { sqlRow, sqlRun } from './inspect.js';

const CREATE = JSON.stringify(SEED_SECURITIES_REQUEST);
const LIST_INPUT = encodeURIComponent(JSON.stringify({ direction: 'INCOMING' }));

/** The tRPC error of a single call, or of each call of a batch. */
function errorsOf(res: RawResponse): { code: string; httpStatus: number }[] {
  const bodies = (Array.isArray(res.json) ? res.json : [res.json]) as {
    error?: { data: { code: string; httpStatus: number } };
  }[];
  return bodies.map((b) =>
    b.error
      ? { code: b.error.data.code, httpStatus: b.error.data.httpStatus }
      : { code: 'OK', httpStatus: 200 },
  );
}

/**
 * /trpc is no side door: a tenant's bearer token is taken there only with
 * the checks the REST edge applies – request signature, nonce, digest, rate
 * limit, idempotency key – single or batched.
 */
describe('tRPC over HTTP: a tenant passes the REST edge checks', () => {
  let app: HttpApp;
  let token: string;
  let bearer: Record<string, string>;
  beforeAll(async () => {
    app = await startHttpApp();
    token = await demoToken(app);
    bearer = {
      authorization: `Bearer ${token}`,
      'upvest-client-id': DEMO.tenant.clientId,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    };
  });
  afterAll(() => app.close());

  const transfers = async () =>
    (await sqlRow(app.t.db, 'SELECT count(*) AS n FROM securities_transfers')) as { n: number };

  it('refuses a bearer token alone: no create, read or list, single or batched', async () => {
    const before = (await transfers()).n;
    const attempts = [
      rawRequest(app.baseUrl, {
        method: 'POST',
        path: '/trpc/securitiesTransfers.create',
        headers: bearer,
        body: CREATE,
      }),
      rawRequest(app.baseUrl, {
        method: 'POST',
        path: '/trpc/securitiesTransfers.create?batch=1',
        headers: bearer,
        body: JSON.stringify({ 0: SEED_SECURITIES_REQUEST }),
      }),
      rawRequest(app.baseUrl, {
        method: 'GET',
        path: `/trpc/securitiesTransfers.list?input=${LIST_INPUT}`,
        headers: bearer,
      }),
      rawRequest(app.baseUrl, {
        method: 'GET',
        path: `/trpc/securitiesTransfers.list,securitiesTransfers.get?batch=1&input=${encodeURIComponent(
          JSON.stringify({ 0: { direction: 'INCOMING' }, 1: { id: randomUUID() } }),
        )}`,
        headers: bearer,
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      for (const error of errorsOf(res)) expect(error).toEqual({ code: 'UNAUTHORIZED', httpStatus: 401 });
      expect(res.text).toContain('SIGNATURE_MISSING');
    }
    expect((await transfers()).n).toBe(before);
  });

  it('serves a signed call, and refuses its replay (the nonce is single-use)', async () => {
    const input = {
      method: 'GET',
      path: `/trpc/securitiesTransfers.list?input=${LIST_INPUT}`,
      token,
    } as const;
    const signed = await sendSigned(app, { ...input, sign: { nonce: 'trpc-replay-nonce-1' } });
    expect(signed.status).toBe(200);
    const replay = await sendSigned(app, { ...input, sign: { nonce: 'trpc-replay-nonce-1' } });
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('NONCE_REPLAYED');
  });

  it('refuses a body that does not match its content-digest', async () => {
    const res = await sendSigned(
      app,
      {
        method: 'POST',
        path: '/trpc/securitiesTransfers.create',
        body: CREATE,
        token,
        idempotencyKey: randomUUID(),
      },
      (req) => {
        req.body = CREATE.replace('"INCOMING"', '"OUTGOING"');
      },
    );
    expect(res.status).toBe(401);
    expect(res.text).toContain('DIGEST_MISMATCH');
  });

  it('requires a UUID idempotency-key on writes, and one write per batch', async () => {
    const path = '/trpc/securitiesTransfers.create';
    const missing = await sendSigned(app, { method: 'POST', path, body: CREATE, token });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('idempotency-key');
    const malformed = await sendSigned(app, {
      method: 'POST',
      path,
      body: CREATE,
      token,
      idempotencyKey: 'abc',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('must be a UUID');

    const before = (await transfers()).n;
    const twoWrites = await sendSigned(app, {
      method: 'POST',
      path: '/trpc/securitiesTransfers.create,securitiesTransfers.create?batch=1',
      body: JSON.stringify({ 0: SEED_SECURITIES_REQUEST, 1: SEED_SECURITIES_REQUEST }),
      token,
      idempotencyKey: randomUUID(),
    });
    expect(errorsOf(twoWrites)).toEqual([
      { code: 'BAD_REQUEST', httpStatus: 400 },
      { code: 'BAD_REQUEST', httpStatus: 400 },
    ]);
    expect((await transfers()).n).toBe(before);

    const one = await sendSigned(app, {
      method: 'POST',
      path: '/trpc/securitiesTransfers.create?batch=1',
      body: JSON.stringify({ 0: SEED_SECURITIES_REQUEST }),
      token,
      idempotencyKey: randomUUID(),
    });
    expect(errorsOf(one)).toEqual([{ code: 'OK', httpStatus: 200 }]);
    expect((await transfers()).n).toBe(before + 1);
  });

  it('counts every call of a batch against the rate limit', async () => {
    await sqlRun(
      app.t.db,
      'UPDATE tenants SET rate_limit_per_second = 1, rate_limit_burst = 3 WHERE client_id = ?',
      DEMO.tenant.clientId,
    );
    const { forgetClients } = await import('../src/services/auth/client-directory.js');
    forgetClients(app.t.db);
    try {
      const calls = Array.from({ length: 5 }, () => 'securitiesTransfers.list').join(',');
      const inputs = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [i, { direction: 'INCOMING' }]));
      const res = await sendSigned(app, {
        method: 'GET',
        path: `/trpc/${calls}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`,
        token,
      });
      const codes = errorsOf(res).map((e) => e.httpStatus);
      expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(3);
      expect(codes).toContain(429);
    } finally {
      await sqlRun(
        app.t.db,
        'UPDATE tenants SET rate_limit_per_second = 200, rate_limit_burst = 400 WHERE client_id = ?',
        DEMO.tenant.clientId,
      );
      forgetClients(app.t.db);
    }
  });
});
