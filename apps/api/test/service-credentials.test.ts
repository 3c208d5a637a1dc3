import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { parseServiceCredentials } from '../src/services/auth/service-credentials.js';
import { type HttpApp, rawRequest, startHttpApp } from './http-harness.js';

const RECONCILER_OLD = 'reconciler-old-token-0123456789';
const RECONCILER_NEW = 'reconciler-new-token-0123456789';
const MONITOR = 'monitor-token-0123456789abcdef';
const OVERLAP_ENDS = '2026-12-04T12:00:00Z';

describe('SERVICE_CREDENTIALS', () => {
  it('reads entries with and without the end of an overlap', () => {
    expect(
      parseServiceCredentials(
        `reconciler=${RECONCILER_OLD}@${OVERLAP_ENDS}, reconciler=${RECONCILER_NEW}\nmonitor=${MONITOR}`,
      ),
    ).toEqual([
      { service: 'reconciler', token: RECONCILER_OLD, notAfter: new Date(OVERLAP_ENDS) },
      { service: 'reconciler', token: RECONCILER_NEW },
      { service: 'monitor', token: MONITOR },
    ]);
    expect(parseServiceCredentials(undefined)).toEqual([]);
  });

  it.each([
    ['an unknown service', `billing=${MONITOR}`, "unknown service 'billing'"],
    ['a short token', 'monitor=short', 'the token must be 24 to 256'],
    ['a bad instant', `monitor=${MONITOR}@tomorrow`, "notAfter 'tomorrow'"],
    ['no token', 'monitor', 'service=token'],
  ])('refuses %s, naming the entry', (_name, text, message) => {
    expect(() => parseServiceCredentials(`reconciler=${RECONCILER_NEW},${text}`)).toThrow(
      new RegExp(`SERVICE_CREDENTIALS entry 2.*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });
});

/** Each internal service holds its own credential, reaching only the procedures granted to it. */
describe('internal services over /trpc', () => {
  let app: HttpApp;
  const clock = new ManualClock(new Date('2026-12-04T11:00:00Z'));
  beforeAll(async () => {
    app = await startHttpApp(
      {},
      {
        clock,
        auth: {
          serviceCredentials: parseServiceCredentials(
            `reconciler=${RECONCILER_OLD}@${OVERLAP_ENDS} reconciler=${RECONCILER_NEW} monitor=${MONITOR}`,
          ),
        },
      },
    );
  });
  afterAll(() => app.close());

  const call = (token: string, path: string, method: 'GET' | 'POST' = 'GET', input: unknown = undefined) =>
    rawRequest(app.baseUrl, {
      method,
      path:
        method === 'GET' && input !== undefined
          ? `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
          : `/trpc/${path}`,
      headers: { 'x-internal-token': token, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(input ?? {}) } : {}),
    });
  const claim = { owner: 'test', limit: 1, leaseSeconds: 1 };

  it('lets the reconciler claim work and the monitor only read status', async () => {
    expect((await call(RECONCILER_NEW, 'internal.claimWork', 'POST', claim)).status).toBe(200);
    expect((await call(RECONCILER_NEW, 'internal.status')).status).toBe(200);
    expect((await call(MONITOR, 'internal.status')).status).toBe(200);
    expect((await call(MONITOR, 'internal.deadlines', 'GET', { atRiskDays: 5 })).status).toBe(200);
    const refused = await call(MONITOR, 'internal.claimWork', 'POST', claim);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('the monitor service may not call internal.claimWork');
  });

  it('reaches no client or console procedure with a service credential', async () => {
    const list = await call(RECONCILER_NEW, 'securitiesTransfers.list', 'GET', { direction: 'INCOMING' });
    expect(list.status).toBe(401);
    const operatorList = await call(RECONCILER_NEW, 'admin.transfers.list', 'GET', {});
    expect(operatorList.status).toBe(401);
  });

  it('refuses an unknown token, and a shared name header grants nothing', async () => {
    const res = await rawRequest(app.baseUrl, {
      method: 'GET',
      path: '/trpc/internal.status',
      headers: { 'x-internal-token': 'not-a-configured-token-000000', 'x-service-name': 'reconciler' },
    });
    expect(res.status).toBe(401);
  });

  it('accepts the old and the new credential during a rotation, and only the new one after it', async () => {
    expect((await call(RECONCILER_OLD, 'internal.status')).status).toBe(200);
    expect((await call(RECONCILER_NEW, 'internal.status')).status).toBe(200);
    clock.set(new Date(OVERLAP_ENDS));
    expect((await call(RECONCILER_OLD, 'internal.status')).status).toBe(401);
    expect((await call(RECONCILER_NEW, 'internal.status')).status).toBe(200);
  });
});
