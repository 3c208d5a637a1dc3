import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerFor, createTestDb, type TestDb } from '../../test/harness.js';
import { createApp } from '../app.js';
import type { Actor } from '../context.js';
import { first } from '../db/query.js';
import { operators } from '../db/tables.js';
import { base32Decode, totpAt } from '../lib/totp.js';

const NEW_PASSWORD = 'plum-tractor-harbour-41';

describe('operators managed by an admin, signing in over HTTP', () => {
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

  async function actorOf(email: string): Promise<Actor> {
    const row = await first(t.db.select().from(operators).where(eq(operators.email, email)));
    if (!row) throw new Error(`no operator ${email}`);
    return { kind: 'operator', operatorId: row.id, email: row.email, role: row.role };
  }

  const admin = async () => callerFor(t, { actor: await actorOf('admin@example.com') }).admin;

  async function login(email: string, password: string, totp_code?: string) {
    const res = await fetch(`${base}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
      body: JSON.stringify({ email, password, ...(totp_code === undefined ? {} : { totp_code }) }),
    });
    return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  }

  const tenants = (cookie: string) => fetch(`${base}/trpc/admin.tenants`, { headers: { cookie } });

  it('an admin creates an operator who signs in; disabling them ends the session at once', async () => {
    await expect(
      (await admin()).operators.create({
        email: 'nina@example.com',
        name: 'Nina',
        role: 'operator',
        password: 'short',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least 12') });
    await expect(
      (await admin()).operators.create({
        email: 'nina@example.com',
        name: 'Nina',
        role: 'operator',
        password: 'password1234',
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('commonly used') });
    const nina = await (await admin()).operators.create({
      email: 'Nina@Example.com',
      name: 'Nina New',
      role: 'viewer',
      password: NEW_PASSWORD,
    });
    expect(nina).toMatchObject({ email: 'nina@example.com', role: 'viewer', disabled_at: null });

    const session = await login('nina@example.com', NEW_PASSWORD);
    expect(session.status).toBe(200);
    expect((await tenants(session.cookie)).status).toBe(200);

    await (await admin()).operators.setRole({
      id: nina.id,
      role: 'operator',
      reason: 'joined the settlement desk',
    });
    await (await admin()).operators.setDisabled({ id: nina.id, disabled: true, reason: 'left the company' });
    expect((await tenants(session.cookie)).status).toBe(401);
    expect((await fetch(`${base}/admin/api/session`, { headers: { cookie: session.cookie } })).status).toBe(
      204,
    );
    expect((await login('nina@example.com', NEW_PASSWORD)).status).toBe(401);

    const log = await (await admin()).audit.list({});
    expect(log.rows.map((r) => [r.action, r.actor, r.subject_id])).toEqual([
      ['operator.disable', 'operator:admin@example.com', nina.id],
      ['operator.role', 'operator:admin@example.com', nina.id],
      ['operator.create', 'operator:admin@example.com', nina.id],
    ]);
  });

  it('keeps one enabled admin and refuses self-disabling', async () => {
    const self = await actorOf('admin@example.com');
    if (self.kind !== 'operator') throw new Error('unreachable');
    await expect(
      (await admin()).operators.setDisabled({
        id: self.operatorId,
        disabled: true,
        reason: 'testing the guard',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      (await admin()).operators.setRole({
        id: self.operatorId,
        role: 'operator',
        reason: 'testing the guard',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('last enabled admin') });
  });

  it('with TOTP enrolled, a sign-in needs a fresh code; a used one is refused and throttling still counts', async () => {
    const ops = callerFor(t, { actor: await actorOf('ops@example.com') }).admin;
    const enrolment = await ops.totp.begin();
    expect(enrolment.otpauth_uri).toMatch(
      /^otpauth:\/\/totp\/Transfers%20back%20office:ops%40example\.com\?secret=[A-Z2-7]{32}&issuer=/,
    );
    const key = base32Decode(enrolment.secret);
    const codeNow = () => totpAt(key, t.clock.now().getTime());
    await expect(
      ops.totp.confirm({ code: codeNow() === '000000' ? '000001' : '000000' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await ops.totp.confirm({ code: codeNow() });

    // The code that confirmed the enrolment is spent; the next step's is not.
    expect((await login('ops@example.com', 'ops-demo-password')).status).toBe(401);
    expect((await login('ops@example.com', 'ops-demo-password', codeNow())).status).toBe(401);
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    const first = codeNow();
    expect((await login('ops@example.com', 'ops-demo-password', first)).status).toBe(200);
    expect((await login('ops@example.com', 'ops-demo-password', first)).status).toBe(401);
    expect((await login('ops@example.com', 'wrong-password-123', first)).status).toBe(401);
    // A success clears the account's failures; five new ones fill the window and a right code is then throttled.
    for (const wrong of ['123456', '234567', '345678']) {
      expect((await login('ops@example.com', 'ops-demo-password', wrong)).status).toBe(401);
    }
    t.clock.set(new Date(t.clock.now().getTime() + 30_000));
    expect((await login('ops@example.com', 'ops-demo-password', codeNow())).status).toBe(429);
  });
});
