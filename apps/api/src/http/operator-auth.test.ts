import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, SEED_SECURITIES_REQUEST, type TestDb } from '../../test/harness.js';
import { createApp } from '../app.js';

describe('console session over HTTP', () => {
  let t: TestDb;
  let server: Server;
  let base: string;
  beforeEach(async () => {
    t = await createTestDb();
    server = createApp({ db: t.db, clock: t.clock, admin: { cookieSecure: 'auto' } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  function login(password: string, headers: Record<string, string> = { 'x-requested-with': 'test' }) {
    return fetch(`${base}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: 'ops@example.com', password }),
    });
  }

  it('refuses a wrong password and a login without the custom header or from a foreign origin', async () => {
    expect((await login('wrong')).status).toBe(401);
    expect((await login('ops-demo-password', {})).status).toBe(403);
    expect(
      (await login('ops-demo-password', { 'x-requested-with': 'x', origin: 'https://evil.example' })).status,
    ).toBe(403);
  });

  it('sets an http-only SameSite=Strict cookie and requires the CSRF token on writes', async () => {
    const res = await login('ops-demo-password');
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const body = (await res.json()) as { csrf_token: string; operator: { role: string } };
    expect(body.operator.role).toBe('operator');
    const session = cookie.split(';')[0] ?? '';

    const me = await fetch(`${base}/admin/api/session`, { headers: { cookie: session } });
    expect(((await me.json()) as { csrf_token: string }).csrf_token).toBe(body.csrf_token);

    const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const cancel = (headers: Record<string, string>) =>
      fetch(`${base}/trpc/admin.transfers.cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: session, ...headers },
        body: JSON.stringify({ kind: 'SECURITIES', id: created.id, reason: 'duplicate request' }),
      });
    expect((await cancel({})).status).toBe(403);
    expect((await cancel({ 'x-csrf-token': body.csrf_token, origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await cancel({ 'x-csrf-token': body.csrf_token })).status).toBe(200);

    const logout = await fetch(`${base}/admin/api/logout`, {
      method: 'POST',
      headers: { cookie: session, 'x-requested-with': 'test', 'x-csrf-token': body.csrf_token },
    });
    expect(logout.status).toBe(204);
    expect((await fetch(`${base}/admin/api/session`, { headers: { cookie: session } })).status).toBe(204);
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const res = await login('ops-demo-password', { 'x-requested-with': 'x', 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});
