import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asAppError, toProblem } from '../src/domain/problem.js';
import { callerFor, clientActor, createTestDb, DEMO, type TestDb } from './harness.js';

async function problemOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return toProblem(asAppError(error), 'test');
  }
  throw new Error('expected the call to fail');
}

describe('webhook subscriptions', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('creates, lists, gets, updates and deletes', async () => {
    const api = callerFor(t);
    const created = await api.webhooks.create({
      url: 'http://127.0.0.1:8080/hooks',
      event_types: ['SECURITIES_TRANSFER.SETTLED', 'ACCOUNT_TRANSFER.SETTLED'],
    });
    expect(created).toMatchObject({
      url: 'http://127.0.0.1:8080/hooks',
      event_types: ['SECURITIES_TRANSFER.SETTLED', 'ACCOUNT_TRANSFER.SETTLED'],
      enabled: true,
      created_at: '2026-03-02T09:00:00.000Z',
    });
    expect(await api.webhooks.get({ id: created.id })).toEqual(created);
    // Listed oldest first; subscriptions made in the same millisecond have no order of their own.
    t.clock.set(new Date('2026-03-02T09:00:01.000Z'));
    const all = await api.webhooks.create({ url: 'http://localhost:9000/all', event_types: [] });
    expect(all.event_types).toEqual([]);
    expect((await api.webhooks.list()).data.map((w) => w.id)).toEqual([created.id, all.id]);

    const updated = await api.webhooks.update({ id: created.id, enabled: false, event_types: [] });
    expect(updated).toMatchObject({ enabled: false, event_types: [], url: created.url });
    expect(await api.webhooks.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect((await problemOf(api.webhooks.get({ id: created.id }))).status).toBe(404);
    expect((await api.webhooks.list()).data.map((w) => w.id)).toEqual([all.id]);
  });

  it('answers problem+json naming the field', async () => {
    const api = callerFor(t);
    const cases: [unknown, string, RegExp][] = [
      [{ url: 'ftp://example.com/x' }, 'url', /http or https/],
      [{ url: 'not a url' }, 'url', /absolute/],
      [{ url: 'https://user:secret@example.com/x' }, 'url', /credentials/],
      [
        { url: 'http://127.0.0.1/x', event_types: ['SECURITIES_TRANSFER.EXPLODED'] },
        'event_types[0]',
        /must be one of/,
      ],
      [{ url: 'http://127.0.0.1/x', enabled: 'yes' }, 'enabled', /true or false/],
      [{}, 'url', /./],
    ];
    for (const [input, field, reason] of cases) {
      const problem = await problemOf(api.webhooks.create(input as never));
      expect(problem.status).toBe(400);
      const param = problem.invalid_params?.find((p) => p.name === field);
      expect(param?.reason, `${JSON.stringify(input)} → ${JSON.stringify(problem.invalid_params)}`).toMatch(
        reason,
      );
    }
    const created = await api.webhooks.create({ url: 'http://127.0.0.1/x' });
    const empty = await problemOf(api.webhooks.update({ id: created.id }));
    expect(empty.status).toBe(400);
  });

  it('live mode refuses non-public targets, also by DNS; the sandbox accepts loopback', async () => {
    const live = callerFor(t, { config: { live: true } });
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://192.168.1.10/x',
      'http://172.16.0.1/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/x',
      'http://[fc00::1]/x',
      'http://[fd12:3456::1]/x',
      'http://[fe80::1]/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://0.0.0.0/x',
      'http://localhost:3000/x',
      'http://2130706433/x',
    ]) {
      const problem = await problemOf(live.webhooks.create({ url }));
      expect(problem.status, url).toBe(400);
      expect(problem.invalid_params?.[0]?.name).toBe('url');
      expect(problem.invalid_params?.[0]?.reason, url).toMatch(/public addresses only/);
    }
    const unresolvable = await problemOf(live.webhooks.create({ url: 'https://no-such-host.invalid/x' }));
    expect(unresolvable.invalid_params?.[0]?.reason).toMatch(
      /is not allowed: live mode delivers to public addresses only/,
    );
    const publicTarget = await live.webhooks.create({ url: 'https://93.184.215.14/hooks' });
    expect(publicTarget.url).toBe('https://93.184.215.14/hooks');
    const updating = await problemOf(live.webhooks.update({ id: publicTarget.id, url: 'http://10.0.0.1/x' }));
    expect(updating.invalid_params?.[0]?.name).toBe('url');

    const sandbox = callerFor(t);
    for (const url of ['http://127.0.0.1:4000/x', 'http://localhost:4000/x', 'http://[::1]:4000/x']) {
      expect((await sandbox.webhooks.create({ url })).url).toBe(url);
    }
    const metadata = await problemOf(sandbox.webhooks.create({ url: 'http://169.254.169.254/x' }));
    expect(metadata.invalid_params?.[0]?.reason).toMatch(
      /is not allowed: the sandbox delivers to public and loopback/,
    );
  });

  it('isolates tenants and checks scopes', async () => {
    const mine = await callerFor(t).webhooks.create({ url: 'http://127.0.0.1/mine' });
    const other = callerFor(t, { actor: clientActor(DEMO.otherTenant) });
    expect((await other.webhooks.list()).data).toEqual([]);
    for (const call of [
      () => other.webhooks.get({ id: mine.id }),
      () => other.webhooks.update({ id: mine.id, enabled: false }),
      () => other.webhooks.delete({ id: mine.id }),
      () => other.webhooks.deliveries({ id: mine.id }),
      () => other.webhooks.attempts({ id: mine.id }),
      () => other.webhooks.redeliverFailed({ id: mine.id, since: '2026-03-01T00:00:00Z' }),
      () => other.webhooks.events({ webhook_id: mine.id }),
    ]) {
      expect((await problemOf(call())).status).toBe(404);
    }
    expect((await callerFor(t).webhooks.get({ id: mine.id })).enabled).toBe(true);

    const reader = callerFor(t, { actor: clientActor(DEMO.tenant, ['webhooks:read']) });
    expect((await reader.webhooks.list()).data).toHaveLength(1);
    expect((await problemOf(reader.webhooks.create({ url: 'http://127.0.0.1/x' }))).status).toBe(403);
    const transfersOnly = callerFor(t, { actor: clientActor(DEMO.tenant, ['transfers:admin']) });
    expect((await problemOf(transfersOnly.webhooks.list())).status).toBe(403);
    const anonymous = callerFor(t, { actor: { kind: 'anonymous' } });
    expect((await problemOf(anonymous.webhooks.list())).status).toBe(401);
    // The public keys are public.
    expect((await anonymous.webhooks.publicKeys()).keys).toHaveLength(1);
  });
});
