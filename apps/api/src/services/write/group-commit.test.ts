import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  callerWithHeaders,
  createTestDb,
  DEMO,
  SEED_SECURITIES_REQUEST,
  type TestDb,
} from '../../../test/harness.js';
import { problemOf, sqlRow } from '../../../test/inspect.js';
import { rawRows, rawRun } from '../../db/query.js';
import type { Db } from '../../db/types.js';
import { runWriteBatch, writeBatchFigures } from './batch.js';

describe('group commit of client writes', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it('commits concurrent writes together; a failing one rolls back only itself', async () => {
    const writes = Array.from({ length: 20 }, (_, i) =>
      callerFor(t, { idempotencyKey: randomUUID() })
        .securitiesTransfers.create({
          ...SEED_SECURITIES_REQUEST,
          settlement_reference: `BATCH${i}`,
          // Every fifth names an account of another user: refused, nothing stored for it.
          ...(i % 5 === 4 ? { account_id: DEMO.secondAccount } : {}),
        })
        .then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
    );
    const rerunsBefore = writeBatchFigures.isolatedReruns;
    const outcomes = await Promise.all(writes);
    // The batch failed optimistically and ran again job by job in savepoints.
    expect(writeBatchFigures.isolatedReruns).toBe(rerunsBefore + 1);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(16);
    for (const failed of outcomes.filter((o) => !o.ok)) expect(problemOf(failed.error).status).toBe(400);
    const list = await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING', limit: 1000 });
    expect(list.meta.total_count).toBe(16);
    expect(new Set(list.data.map((d) => d.settlement_reference)).size).toBe(16);
    // The failed requests freed their keys: nothing is left in flight.
    const inFlight = await sqlRow(
      t.db,
      "SELECT count(*) AS n FROM idempotency_keys WHERE state = 'in_flight'",
    );
    expect(inFlight).toEqual({ n: 0 });
    // Nothing of the rolled-back first attempt is left: one history row and one event per transfer.
    const count = async (text: string) => ((await sqlRow(t.db, text)) as { n: number }).n;
    expect(await count('SELECT count(*) AS n FROM transfer_history')).toBe(16);
    expect(await count('SELECT count(*) AS n FROM outbox_events')).toBe(16);
  });

  it('a batch whose jobs all succeed commits in one attempt, without savepoints', async () => {
    const before = { ...writeBatchFigures };
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        callerFor(t, { idempotencyKey: randomUUID() }).securitiesTransfers.create({
          ...SEED_SECURITIES_REQUEST,
          settlement_reference: `WHOLE${i}`,
        }),
      ),
    );
    expect(created).toHaveLength(8);
    expect(writeBatchFigures.batches).toBe(before.batches + 1);
    expect(writeBatchFigures.isolatedReruns).toBe(before.isolatedReruns);
  });

  it('a job that fails after writing leaves nothing; the jobs around it commit once', async () => {
    await rawRun(t.db, sql`CREATE TABLE scratch (n INTEGER NOT NULL, v TEXT NOT NULL)`);
    let written = 0;
    // Each job writes through the transaction handle it is given, as commands do.
    const insert = async (tx: Db, v: string) =>
      rawRun(tx, sql`INSERT INTO scratch (n, v) VALUES (${++written}, ${v})`);
    const outcomes = await runWriteBatch(t.db, [
      { claim: undefined, execute: async (tx) => insert(tx, 'before') },
      {
        claim: undefined,
        execute: async (tx) => {
          await insert(tx, 'half-done');
          throw new Error('failed after its first write');
        },
      },
      { claim: undefined, execute: async (tx) => insert(tx, 'after') },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const rows = await rawRows<{ v: string }>(t.db, sql`SELECT v FROM scratch ORDER BY n`);
    expect(rows.map((r) => r.v)).toEqual(['before', 'after']);
  });

  it('a second request with the key while the first is in flight gets 409; afterwards a replay', async () => {
    const key = randomUUID();
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        callerFor(t, { idempotencyKey: key })
          .securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST })
          .then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
      ),
    );
    expect(first?.ok).toBe(true);
    expect(second?.ok).toBe(false);
    if (second && !second.ok) {
      expect(problemOf(second.error)).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_FLIGHT' });
    }
    const retry = callerWithHeaders(t, { idempotencyKey: key });
    const replayed = await retry.api.securitiesTransfers.create({ ...SEED_SECURITIES_REQUEST });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    if (first?.ok) expect(replayed).toEqual(first.value);
    expect((await callerFor(t).securitiesTransfers.list({ direction: 'INCOMING' })).meta.total_count).toBe(1);
  });
});
