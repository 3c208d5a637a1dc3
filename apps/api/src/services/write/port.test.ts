import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  callerWithHeaders,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  TEST_DATABASE,
  type TestDb,
} from '../../../test/harness.js';
import { problemOf, sqlRows } from '../../../test/inspect.js';
import {
  quietDispatcher,
  type ReceivedRequest,
  startReceiver,
  verifyReceived,
  waitFor,
} from '../../../test/webhooks-support.js';
import type { Actor } from '../../context.js';
import { GroupCommitPort } from './group-commit.js';
import { useNonce, type WritePort } from './port.js';
import { startWriterThread } from './writer-thread.js';

const OPERATOR: Actor = { kind: 'operator', operatorId: 'op-1', email: 'ops@example.com', role: 'operator' };

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const GROUP_COMMIT = {
  name: 'group commit on the event loop',
  open: async (t: TestDb) => new GroupCommitPort(t.db),
};
const WRITER_THREAD = {
  name: 'writer thread',
  open: async (t: TestDb) => {
    // The test clock is in the past: the thread's purge (real clock) would take the fresh idempotency records.
    const thread = await startWriterThread(t.db, t.path, { housekeepingIntervalMs: 3_600_000 });
    await thread.ready;
    return thread;
  },
};

// The writer thread is SQLite's answer to its single writer; PostgreSQL has group commit on the pool.
const IMPLEMENTATIONS: { name: string; open: (t: TestDb) => Promise<WritePort> }[] =
  TEST_DATABASE === 'sqlite' ? [GROUP_COMMIT, WRITER_THREAD] : [GROUP_COMMIT];

/**
 * Makes the next write transaction impossible to begin until `release`: on
 * SQLite another process holds the write lock past the busy timeout; on
 * PostgreSQL the database accepts no connections (the pool's are ended).
 */
async function refuseTransactions(t: TestDb): Promise<() => Promise<void>> {
  if (!t.url) {
    const holder = new Database(t.path);
    holder.prepare('BEGIN IMMEDIATE').run();
    return async () => {
      holder.prepare('ROLLBACK').run();
      holder.close();
    };
  }
  const url = new URL(t.url);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  return async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
  };
}

describe.each(IMPLEMENTATIONS)('the write port: $name', ({ open }) => {
  let t: TestDb;
  let port: WritePort;
  const commits: number[] = [];
  beforeEach(async () => {
    t = await createTestDb();
    port = await open(t);
    port.observe({ batchCommitted: (writes) => commits.push(writes) });
    commits.length = 0;
    t.writes = port;
  });
  afterEach(async () => {
    await port.stop();
    await t.close();
  });

  it('commits the writes of one turn together; a refused one rolls back only itself', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        settle(
          callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.create({
            ...SEED_SECURITIES_REQUEST,
            settlement_reference: `PORT${i}`,
            // The last names another user's account: refused, nothing stored for it.
            ...(i === 5 ? { account_id: DEMO.secondAccount } : {}),
          }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true, true, false]);
    expect(problemOf((outcomes[5] as { error: unknown }).error).status).toBe(400);
    expect(commits.reduce((sum, n) => sum + n, 0)).toBe(6);
    const stored = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING', limit: 100 });
    expect(stored.data.map((d) => d.settlement_reference).sort()).toEqual(
      ['PORT0', 'PORT1', 'PORT2', 'PORT3', 'PORT4'].sort(),
    );
    expect(port.pending).toBe(0);
  });

  it('keeps idempotency: a twin in flight is 409, a retry replays, another request with the key is 422', async () => {
    const key = randomUUID();
    const twins = await Promise.all(
      [0, 1].map(() =>
        settle(
          callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST }),
        ),
      ),
    );
    expect(twins[0]?.ok).toBe(true);
    expect(twins[1]?.ok ? undefined : problemOf(twins[1]?.error).status).toBe(409);
    const retry = callerWithHeaders(t, { idempotencyKey: key });
    const replayed = await retry.api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    expect(replayed).toEqual(twins[0]?.ok ? twins[0].value : undefined);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const other = await settle(
      callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        settlement_reference: 'OTHER',
      }),
    );
    expect(other.ok ? undefined : problemOf(other.error).status).toBe(422);
  });

  it('records a signature nonce once: the second use is a replay', async () => {
    const expires = new Date(Date.now() + 60_000);
    expect(await useNonce(port, DEMO.tenant.id, 'port-nonce', expires, new Date())).toBe(true);
    expect(await useNonce(port, DEMO.tenant.id, 'port-nonce', expires, new Date())).toBe(false);
  });

  it('runs webhook subscription writes as commands too', async () => {
    const api = callerFor(t, { idempotencyKey: randomUUID() });
    const created = await api.webhooks.create({
      url: 'http://127.0.0.1:9/hook',
      event_types: ['SECURITIES_TRANSFER.NEW'],
    });
    expect(created.url).toBe('http://127.0.0.1:9/hook');
    const removed = await callerFor(t, { idempotencyKey: randomUUID() }).webhooks.delete({ id: created.id });
    expect(removed).toEqual({ id: created.id, deleted: true });
    expect(commits.reduce((sum, n) => sum + n, 0)).toBe(2);
  });

  it('runs an operator action as a command, audited in its transaction; a refused one leaves no trace', async () => {
    const api = callerFor(t, { idempotencyKey: randomUUID() });
    const created = await api.securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      direction: 'OUTGOING',
    });
    commits.length = 0;
    const ops = callerFor(t, { actor: OPERATOR }).admin;
    const [stale, fresh] = await Promise.all([
      settle(
        ops.transfers.cancel({
          kind: 'SECURITIES',
          id: created.id,
          reason: 'stale view',
          expected_updated_at: '2000-01-01T00:00:00.000Z',
        }),
      ),
      settle(
        ops.transfers.cancel({ kind: 'SECURITIES', id: created.id, reason: 'customer called the desk' }),
      ),
    ]);
    expect(stale.ok ? undefined : problemOf(stale.error).status).toBe(409);
    expect(fresh).toEqual({ ok: true, value: { ok: true } });
    expect(commits.reduce((sum, n) => sum + n, 0)).toBe(2);
    const detail = await ops.transfers.securities({ id: created.id });
    expect(detail.transfer.status).toBe('CANCELLED');
    expect(detail.history.at(-1)).toMatchObject({
      actor: 'operator:ops@example.com',
      reason_code: 'CANCELLED_BY_OPERATOR',
      reason: 'customer called the desk',
    });
    const audit = await ops.audit.list({ action: 'transfer.cancel' });
    expect(audit.rows.map((r) => [r.operator_id, r.subject_id, r.reason])).toEqual([
      ['op-1', created.id, 'customer called the desk'],
    ]);
  });

  it('commits a settlement batch together: a failing command answers its error, the others commit', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
    const outgoing = { ...SEED_SECURITIES_REQUEST, direction: 'OUTGOING', quantity: '1' } as const;
    const a = await client.securitiesTransfers.create({ ...outgoing, settlement_reference: 'BATCHA' });
    const b = await client.securitiesTransfers.create({ ...outgoing, settlement_reference: 'BATCHB' });
    commits.length = 0;
    const { results } = await internal.processBatch({
      commands: [
        { op: 'validate', id: a.id },
        { op: 'recordInstruction', id: a.id, custodianReference: 'T000000000000A01' },
        { op: 'recordInstruction', id: randomUUID(), custodianReference: 'T000000000000X01' },
        { op: 'noSuchCommand', id: b.id } as never,
        { op: 'validate', id: b.id },
        { op: 'recordInstruction', id: b.id, custodianReference: 'T000000000000B01' },
      ],
    });
    expect(results.map((r) => (r.ok ? r.result.outcome : r.error.code))).toEqual([
      'VALIDATED',
      'INSTRUCTED',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'VALIDATED',
      'INSTRUCTED',
    ]);
    // One group commit for the whole batch, the failing commands rolled back alone.
    expect(commits).toEqual([6]);
    for (const id of [a.id, b.id]) {
      expect((await client.securitiesTransfers.get({ id })).status).toBe('PROCESSING');
    }
  });

  it('fails a settlement batch as a whole when its transaction cannot be had: no command is reported refused', async () => {
    const client = callerFor(t);
    const internal = callerFor(t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
    const a = await client.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST, direction: 'OUTGOING' });
    const release = await refuseTransactions(t);
    try {
      const locked = await settle(internal.processBatch({ commands: [{ op: 'validate', id: a.id }] }));
      expect(locked.ok ? 'answered with per-command results' : problemOf(locked.error).status).toBe(500);
    } finally {
      await release();
    }
    const { results } = await internal.processBatch({ commands: [{ op: 'validate', id: a.id }] });
    expect(results).toMatchObject([{ ok: true, result: { outcome: 'VALIDATED' } }]);
  }, 20_000);

  it('runs the webhook dispatcher on it: fan-out, claim, attempt and signing key are its commands', async () => {
    const receiver = await startReceiver(() => 200);
    const dispatcher = quietDispatcher(t);
    try {
      const hook = await callerFor(t, { idempotencyKey: randomUUID() }).webhooks.create({
        url: receiver.url,
      });
      const created = await callerFor(t).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
      commits.length = 0;
      dispatcher.start();
      await waitFor(() => receiver.accepted().length === 1, 10_000, 'the delivery');
      await dispatcher.stop(2_000);
      expect(receiver.accepted().map((e) => [e.type, e.object.id])).toEqual([
        ['SECURITIES_TRANSFER.NEW', created.id],
      ]);
      expect((await verifyReceived(t.db, receiver.requests[0] as ReceivedRequest)).ok).toBe(true);
      // The signing key, one fan-out, one claim and the attempt at least, each a write of the port.
      expect(commits.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(4);
      const deliveries = await sqlRows(
        t.db,
        'SELECT subscription_id AS hook, state, attempts FROM webhook_deliveries',
      );
      expect(deliveries).toEqual([{ hook: hook.id, state: 'delivered', attempts: 1 }]);
    } finally {
      await dispatcher.stop(0);
      await receiver.close();
    }
  });

  it('answers its ping, and refuses writes once stopped', async () => {
    await expect(port.ping(2_000)).resolves.toBeUndefined();
    await port.stop();
    const late = await settle(
      callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
      }),
    );
    expect(late.ok ? undefined : problemOf(late.error).status).toBe(503);
  });
});
