import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, insertExpiringRows } from '../../../test/expiring-rows.js';
import {
  callerFor,
  callerWithHeaders,
  createTestDb,
  DEMO,
  SEED_ACCOUNT_REQUEST,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../../test/harness.js';
import { problemOf } from '../../../test/inspect.js';
import { EXPIRING_TABLES } from '../../repositories/expiring-rows.js';
import { useNonce } from './port.js';
import { startWriterThread, type WriterThread } from './writer-thread.js';

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('client writes on the writer thread', () => {
  let t: TestDb;
  let thread: WriterThread;
  beforeEach(async () => {
    t = await createTestDb();
    // The test clock is in the past: the thread's purge (real clock) would take the fresh idempotency records.
    thread = await startWriterThread(t.db, t.path, { housekeepingIntervalMs: 3_600_000 });
    await thread.ready;
    t.writes = thread;
  });
  afterEach(async () => {
    await thread.stop();
    await t.close();
  });

  it('group-commits concurrent creates there; a refused one keeps its field error and rolls back alone', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        settle(
          callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.create({
            ...SEED_SECURITIES_REQUEST,
            settlement_reference: `THREAD${i}`,
            ...(i % 4 === 3 ? { account_id: DEMO.secondAccount } : {}),
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(9);
    expect(thread.submitted).toBe(12);
    // Twelve jobs per commit at most: they came back in one batch.
    expect(thread.batchesAnswered).toBe(1);
    for (const failed of outcomes.filter((o) => !o.ok)) {
      expect(problemOf(failed.error)).toMatchObject({
        status: 400,
        invalid_params: [{ name: 'user_id', reason: 'does not own the account account_id' }],
      });
    }
    const api = callerFor(t);
    const list = await api.securitiesTransfers.list({ direction: 'INCOMING', limit: 100 });
    expect(list.meta.total_count).toBe(9);
    // The event loop's own connection reads what the thread committed.
    const first = outcomes.find((o) => o.ok);
    if (first?.ok) expect(await api.securitiesTransfers.get({ id: first.value.id })).toEqual(first.value);
  });

  it('keeps idempotency: 409 for a twin in the same batch, then the replay', async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        settle(
          callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST }),
        ),
      ),
    );
    expect(a?.ok).toBe(true);
    expect(b?.ok ? undefined : problemOf(b?.error)).toMatchObject({
      status: 409,
      code: 'IDEMPOTENCY_IN_FLIGHT',
    });
    const retry = callerWithHeaders(t, { idempotencyKey: key });
    const replayed = await retry.api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    if (a?.ok) expect(replayed).toEqual(a.value);
  });

  it('cancels there and answers 409 for a final transfer; account transfers too', async () => {
    const api = callerFor(t, { idempotencyKey: randomUUID() });
    const created = await api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    const cancelled = await callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.cancel({
      id: created.id,
    });
    expect(cancelled.status).toBe('CANCELLED');
    const again = await settle(
      callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.cancel({ id: created.id }),
    );
    expect(again.ok ? undefined : problemOf(again.error)).toMatchObject({
      status: 409,
      code: 'TRANSITION_NOT_ALLOWED',
    });
    const parent = await callerFor(t).accountTransfers.create({
      ...SEED_ACCOUNT_REQUEST,
      instruments: [...SEED_ACCOUNT_REQUEST.instruments],
    });
    expect((await callerFor(t).accountTransfers.cancel({ id: parent.id })).status).toBe('CANCELLED');
  });

  it('records signature nonces there: a second use is a replay', async () => {
    const expires = new Date(Date.now() + 60_000);
    const now = new Date();
    expect(await useNonce(thread, DEMO.tenant.id, 'nonce-1', expires, now)).toBe(true);
    expect(await useNonce(thread, DEMO.tenant.id, 'nonce-1', expires, now)).toBe(false);
    expect(thread.submitted).toBe(2);
  });

  it('records a signed write’s nonce with the write there: a second use is a 401 and writes nothing', async () => {
    const nonce = {
      tenantId: DEMO.tenant.id,
      nonce: 'nonce-with-write',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      now: new Date().toISOString(),
    };
    const create = (reference: string) =>
      settle(
        thread.submit(
          undefined,
          {
            op: 'securitiesTransfers.create',
            tenantId: DEMO.tenant.id,
            request: { ...SEED_SECURITIES_REQUEST, settlement_reference: reference },
            meta: { actor: 'client:test', at: new Date().toISOString() },
          },
          nonce,
        ),
      );
    const [first, second] = await Promise.all([create('NONCE1'), create('NONCE2')]);
    expect(thread.submitted).toBe(2);
    expect(first?.ok).toBe(true);
    expect(second?.ok ? undefined : problemOf(second?.error)).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: 'request signature refused (NONCE_REPLAYED): the nonce was already used',
    });
    const list = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' });
    expect(list.data.map((d) => d.settlement_reference)).toEqual(['NONCE1']);
  });

  it('a crashed thread fails what it held with 503 and comes back; the retry with the key is safe', async () => {
    const key = randomUUID();
    const pending = settle(
      callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST }),
    );
    await thread.crashForTest();
    const outcome = await pending;
    // Either the write made it before the crash, or it was cut off with a retryable 503.
    if (!outcome.ok) expect(problemOf(outcome.error)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    await thread.ready;
    const retried = await callerFor(t, { idempotencyKey: key }).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
    });
    if (outcome.ok) expect(retried).toEqual(outcome.value);
    const list = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' });
    expect(list.meta.total_count).toBe(1);
  });
});

describe('the writer thread with a smaller batch limit', () => {
  it('commits in batches of at most batchMax, in arrival order, and answers every job', async () => {
    const t = await createTestDb();
    const thread = await startWriterThread(t.db, t.path, { batchMax: 3 });
    t.writes = thread;
    try {
      await thread.ready;
      const created = await Promise.all(
        Array.from({ length: 7 }, (_, i) =>
          callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.create({
            ...SEED_SECURITIES_REQUEST,
            settlement_reference: `CAP${i}`,
          }),
        ),
      );
      expect(thread.batchesAnswered).toBe(3);
      // Ids are time-ordered: the later batches committed the later requests.
      const ids = created.map((transfer) => transfer.id);
      expect([...ids].sort()).toEqual(ids);
      const list = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING', limit: 100 });
      expect(list.meta.total_count).toBe(7);
    } finally {
      await thread.stop();
      await t.close();
    }
  });
});

describe('a settlement batch on the writer thread', () => {
  it('commits the commands submitted together in one batch, past the batch limit', async () => {
    const t = await createTestDb();
    const thread = await startWriterThread(t.db, t.path, { batchMax: 3 });
    t.writes = thread;
    try {
      await thread.ready;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await callerFor(t).securitiesTransfers.create({
          ...SEED_SECURITIES_REQUEST,
          direction: 'OUTGOING',
          quantity: '1',
          settlement_reference: `TOGETHER${i}`,
        });
        ids.push(created.id);
      }
      const before = thread.batchesAnswered;
      const internal = callerFor(t, { actor: { kind: 'service', name: 'reconciler' } }).internal;
      const { results } = await internal.processBatch({
        commands: ids.flatMap((id, i) => [
          { op: 'validate' as const, id },
          { op: 'recordInstruction' as const, id, custodianReference: `T00000000000000${i}` },
        ]),
      });
      expect(results.map((r) => (r.ok ? r.result.outcome : r.error.code))).toEqual(
        ids.flatMap(() => ['VALIDATED', 'INSTRUCTED']),
      );
      expect(thread.batchesAnswered - before).toBe(1);
    } finally {
      await thread.stop();
      await t.close();
    }
  });
});

describe('housekeeping on the writer thread', () => {
  it('purges expired nonces, idempotency records and access tokens on its own connection and keeps live ones', async () => {
    const t = await createTestDb();
    const expiries = Array.from({ length: 1_200 }, (_, i) =>
      i < 1_100 ? '2020-01-02T00:00:00.000Z' : '2999-01-01T00:00:00.000Z',
    );
    await insertExpiringRows(t.db, DEMO.tenant.id, expiries);
    const thread = await startWriterThread(t.db, t.path, { housekeepingIntervalMs: 60_000 });
    try {
      await thread.ready;
      // 1,100 expired rows take eleven slices: the thread keeps going until none is left.
      await expect
        .poll(() => Promise.all(EXPIRING_TABLES.map((table) => countRows(t.db, table))), { timeout: 5_000 })
        .toEqual([100, 100, 100]);
    } finally {
      await thread.stop();
      await t.close();
    }
  });
});
