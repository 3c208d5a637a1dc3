// Several writers on one PostgreSQL database: a writer of events or of a list
// counter never waits for another one's commit, and readers of the outbox
// (the webhook fan-out, a client's event log) still take every event once,
// in order, even one whose transaction commits after a later one's.

import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase } from '../src/db/client.js';
import { closePgDatabase, openPgDatabase, type PgDb } from '../src/db/pg-client.js';
import { rawRows } from '../src/db/query.js';
import { writeTransaction } from '../src/db/transaction.js';
import type { Db } from '../src/db/types.js';
import {
  incrementTransferCount,
  PUBLICATION_BATCH,
  publishOutboxEvents,
  sumTransferCounts,
} from '../src/repositories/journal.js';
import { emitEvent } from '../src/services/journal.js';
import { fanOut } from '../src/webhooks/fan-out.js';
import { callerFor, createTestDb, DEMO, SEED_SECURITIES_REQUEST, type TestDb } from './harness.js';
import { sqlRows } from './inspect.js';

/** How long a writer may take before we say it waited for the other. */
const NO_WAIT_MS = 5_000;

/** A transaction held open after `work` until `release()`: a slow writer. */
function holdOpen(db: Db, work: (tx: Db) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let ready!: () => void;
  const started = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const committed = writeTransaction(db, async (tx) => {
    await work(tx);
    ready();
    await released;
  });
  return { started, committed, release };
}

function withinNoWait<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} waited for the open transaction`)), NO_WAIT_MS),
    ),
  ]);
}

/** A DATA_CHANGED event of a transfer, carrying the transfer as GET returns it. */
const changeOf = (transfer: { id: string }) => ({
  tenantId: DEMO.tenant.id,
  type: 'SECURITIES_TRANSFER.DATA_CHANGED',
  kind: 'SECURITIES_TRANSFER' as const,
  objectId: transfer.id,
  payload: transfer,
  at: '2026-03-02T09:00:00.000Z',
});

const backendPid = async (db: Db) =>
  (await rawRows<{ pid: number }>(db, sql`SELECT pg_backend_pid() AS pid`))[0]?.pid ?? -1;

describe('writers on one PostgreSQL database', () => {
  let t: TestDb;
  let slowDb: Db;
  beforeEach(async () => {
    t = await createTestDb();
    slowDb = await t.openAnother();
  });
  afterEach(async () => {
    await closeDatabase(slowDb);
    await t.close();
  });

  it('commit events without waiting for each other; readers take the slow one after the fast one, once', async () => {
    await callerFor(t).webhooks.create({ url: 'https://hooks.example.com/in' });
    const fastOne = await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'FAST',
    });
    const slowOne = await callerFor(t).securitiesTransfers.create({
      ...SEED_SECURITIES_REQUEST,
      settlement_reference: 'SLOW',
    });
    const client = callerFor(t).webhooks;
    const before = await client.events({});
    await writeTransaction(t.db, (tx) => fanOut(tx, new Date()));
    const ids = (page: { data: { object: unknown }[] }) =>
      page.data.map((e) => (e.object as { id: string }).id);

    // The slow writer draws the lower seq and commits last.
    const slow = holdOpen(slowDb, async (tx) => {
      await emitEvent(tx, changeOf(slowOne));
    });
    try {
      await slow.started;
      await withinNoWait(
        writeTransaction(t.db, (tx) => emitEvent(tx, changeOf(fastOne))),
        'the second writer of an event',
      );
      const whileOpen = await client.events({ since: before.next_cursor });
      expect(ids(whileOpen)).toEqual([fastOne.id]);
      expect(await writeTransaction(t.db, (tx) => fanOut(tx, new Date()))).toBe(1);

      slow.release();
      await slow.committed;
      const afterCommit = await client.events({ since: whileOpen.next_cursor });
      expect(ids(afterCommit), 'the cursor saved before it still leads to it').toEqual([slowOne.id]);
      expect(await writeTransaction(t.db, (tx) => fanOut(tx, new Date()))).toBe(1);
    } finally {
      slow.release();
      await slow.committed.catch(() => undefined);
    }

    const changes = await sqlRows<{ seq: number; object_id: string }>(
      t.db,
      "SELECT seq, object_id FROM outbox_events WHERE type = 'SECURITIES_TRANSFER.DATA_CHANGED' ORDER BY position",
    );
    expect(
      changes.map((e) => e.object_id),
      'in the order they became visible',
    ).toEqual([fastOne.id, slowOne.id]);
    expect(changes[0]?.seq, 'though the slow one drew the lower seq').toBeGreaterThan(changes[1]?.seq ?? 0);
    const queued = await sqlRows<{ object_id: string; n: number }>(
      t.db,
      `SELECT d.object_id, count(*) AS n FROM webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq
        WHERE e.type = 'SECURITIES_TRANSFER.DATA_CHANGED' GROUP BY d.object_id ORDER BY d.object_id`,
    );
    expect(queued, 'the fan-out queued each once').toEqual(
      [fastOne.id, slowOne.id].sort().map((id) => ({ object_id: id, n: 1 })),
    );
  });

  it('publish without waiting for each other: a log read during another publication answers, and catches up after', async () => {
    const client = callerFor(t);
    const before = await client.webhooks.events({});
    // Another transaction takes the turn to publish and holds it (a group commit still running).
    const holder = holdOpen(slowDb, async (tx) => {
      expect(await publishOutboxEvents(tx, PUBLICATION_BATCH)).toBe(0);
    });
    try {
      await holder.started;
      const created = await client.securitiesTransfers.create({
        ...SEED_SECURITIES_REQUEST,
        settlement_reference: 'DURING',
      });
      const during = await withinNoWait(
        client.webhooks.events({ since: before.next_cursor }),
        'the log read',
      );
      expect(during.data, 'not yet published while the turn is held').toEqual([]);
      expect(
        await withinNoWait(
          writeTransaction(t.db, (tx) => fanOut(tx, new Date())),
          'the fan-out',
        ),
      ).toBe(0);
      holder.release();
      await holder.committed;
      const after = await client.webhooks.events({ since: during.next_cursor });
      expect(after.data.map((e) => (e.object as { id: string }).id)).toEqual([created.id]);
    } finally {
      holder.release();
      await holder.committed.catch(() => undefined);
    }
  });

  /** A connection (a pool of one) whose counter shard is, or is not, `pid`'s: the connections writers would use. */
  async function connectionOfShard(pid: number, same: boolean): Promise<Db> {
    for (let i = 0; i < 64; i++) {
      const candidate = await openPgDatabase(t.url as string, { poolSize: 1, migrate: false });
      opened.push(candidate);
      if (((await backendPid(candidate)) % 16 === pid % 16) === same) return candidate;
    }
    throw new Error(`no connection ${same ? 'of the same' : 'of another'} shard in 64 tries`);
  }
  const opened: Db[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await closePgDatabase(db as never);
  });

  const partition = {
    transferKind: 'SECURITIES_TRANSFER' as const,
    tenantId: DEMO.tenant.id,
    direction: 'OUTGOING',
    status: 'NEW',
  };
  const total = () => sumTransferCounts(t.db, partition);

  it('change one list counter in one shard without waiting: a transaction takes the row only at its commit', async () => {
    const start = await total();
    let slowPid = -1;
    const slow = holdOpen(slowDb, async (tx) => {
      slowPid = await backendPid(tx);
      await incrementTransferCount(tx, partition);
    });
    try {
      await slow.started;
      const sameShard = await connectionOfShard(slowPid, true);
      await withinNoWait(
        writeTransaction(sameShard, (tx) => incrementTransferCount(tx, partition)),
        'the second writer of the counter',
      );
      expect(await total()).toBe(start + 1);
    } finally {
      slow.release();
      await slow.committed;
    }
    expect(await total()).toBe(start + 2);
  });

  it('change one list counter in two shards without waiting while one holds its row, and the total stays exact', async () => {
    const start = await total();
    // A transaction outside writeTransaction changes the counter at once and so holds its shard's row.
    const slowClient = await (slowDb as unknown as PgDb).$client.connect();
    try {
      await slowClient.query('BEGIN');
      const slowTx = drizzle({ client: slowClient, casing: 'snake_case' }) as unknown as Db;
      await incrementTransferCount(slowTx, partition);
      const slowPid =
        (await slowClient.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? -1;
      const otherShard = await connectionOfShard(slowPid, false);
      await withinNoWait(
        writeTransaction(otherShard, (tx) => incrementTransferCount(tx, partition)),
        'the writer of another shard',
      );
      expect(await total()).toBe(start + 1);
      await slowClient.query('COMMIT');
    } finally {
      await slowClient.query('ROLLBACK').catch(() => undefined);
      slowClient.release();
    }
    expect(await total()).toBe(start + 2);
  });
});
