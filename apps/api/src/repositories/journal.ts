import { and, eq, sql } from 'drizzle-orm';
import { addToTally, type TallyApply } from '../db/commit-tally.js';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { changedRows, first, rawRows } from '../db/query.js';
import { outboxEvents, transferCounts, transferHistory } from '../db/tables.js';
import type { Executor, TransferKind } from '../db/types.js';

export type HistoryRowValues = {
  tenantId: string;
  transferKind: TransferKind;
  transferId: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: string;
  reasonCode: string | null;
  reason: string | null;
  sourceMessage: string | null;
  createdAt: string;
};

export type OutboxEventValues = {
  id: string;
  tenantId: string;
  type: string;
  objectKind: TransferKind;
  objectId: string;
  /** The event's resource, already serialised. */
  payload: string;
  createdAt: string;
};

export type CountPartition = {
  transferKind: TransferKind;
  tenantId: string;
  direction: string;
  status: string;
};

const insertHistoryStatement = (db: Executor) =>
  preparedQuery(db, 'journal.insertHistory', (d) =>
    d
      .insert(transferHistory)
      .values({
        tenantId: sql.placeholder('tenantId'),
        transferKind: sql.placeholder('transferKind'),
        transferId: sql.placeholder('transferId'),
        fromStatus: sql.placeholder('fromStatus'),
        toStatus: sql.placeholder('toStatus'),
        actor: sql.placeholder('actor'),
        reasonCode: sql.placeholder('reasonCode'),
        reason: sql.placeholder('reason'),
        sourceMessage: sql.placeholder('sourceMessage'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare('journal.insertHistory'),
  );

export async function insertHistory(db: Executor, values: HistoryRowValues): Promise<void> {
  await insertHistoryStatement(db).execute(values);
}

const insertEventStatement = (db: Executor) =>
  preparedQuery(db, 'journal.insertOutboxEvent', (d) =>
    d
      .insert(outboxEvents)
      .values({
        id: sql.placeholder('id'),
        tenantId: sql.placeholder('tenantId'),
        type: sql.placeholder('type'),
        objectKind: sql.placeholder('objectKind'),
        objectId: sql.placeholder('objectId'),
        payload: sql.placeholder('payload'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare('journal.insertOutboxEvent'),
  );

/**
 * Appends an event to the outbox, in the caller's write transaction. Readers
 * take events by position, which PostgreSQL hands out only after commit
 * (`publishOutboxEvents`), so writers need no order among themselves.
 */
export async function insertOutboxEvent(db: Executor, values: OutboxEventValues): Promise<void> {
  await insertEventStatement(db).execute(values);
}

/** How many events one publication hands positions to at most (a transaction of bounded size). */
export const PUBLICATION_BATCH = 10_000;

/** Any fixed number, the same in every instance: the lock publishers take in turn. */
const PUBLICATION_LOCK = 0x7075626c6973;

/** A publication's outcome: how many events got positions, or `busy` when another transaction holds the turn. */
export type Publication = number | 'busy';

/**
 * Hands out positions to committed events that have none (PostgreSQL; on
 * SQLite the position is the seq already), oldest seq first, continuing
 * after the highest position. One transaction at a time holds the turn (a
 * transaction-scoped advisory lock, taken with try: a publisher never waits
 * for it, so a publication inside a group commit cannot deadlock with one
 * in another); writers never take it.
 *
 * Why readers never miss an event or see an object's events out of order:
 * - positions are handed out by one transaction at a time, each continuing
 *   after the highest committed position (the outbox is never purged, so it
 *   stays), to events it sees committed or wrote itself; so no event can
 *   appear behind a position a reader has passed;
 * - an object's events are written under its row lock, so a later event of
 *   the object draws its seq after the earlier one committed: whenever the
 *   later event is visible to a publisher the earlier one is too, and seq
 *   order puts it first.
 */
export async function publishOutboxEvents(db: Executor, limit: number): Promise<Publication> {
  if (!isPostgres()) return 0;
  const [turn] = await rawRows<{ held: boolean }>(
    db,
    sql`SELECT pg_try_advisory_xact_lock(${sql.raw(String(PUBLICATION_LOCK))}) AS held`,
  );
  if (!turn?.held) return 'busy';
  return changedRows(
    await db.execute(sql`
      UPDATE outbox_events AS event
         SET position = pending.base + pending.rank
        FROM (SELECT seq,
                     row_number() OVER (ORDER BY seq) AS rank,
                     (SELECT coalesce(max(position), 0) FROM outbox_events) AS base
                FROM outbox_events
               WHERE position IS NULL
               ORDER BY seq
               LIMIT ${limit}) AS pending
       WHERE event.seq = pending.seq`),
  );
}

/** Counter shards on PostgreSQL: enough that a pool's connections rarely share one. */
const COUNT_SHARDS = 16;

/** Each connection writes its own shard on PostgreSQL; SQLite has one writer and one shard. */
const ownShard = () => (isPostgres() ? sql`pg_backend_pid() % ${sql.raw(String(COUNT_SHARDS))}` : sql`0`);

const partitionIs = () =>
  and(
    eq(transferCounts.transferKind, sql.placeholder('transferKind')),
    eq(transferCounts.tenantId, sql.placeholder('tenantId')),
    eq(transferCounts.direction, sql.placeholder('direction')),
    eq(transferCounts.status, sql.placeholder('status')),
  );

// An upsert both ways: the shard a connection writes may not hold the
// partition yet, and a shard's count may go below zero – only the sum counts.
const countChangeStatement = (db: Executor) =>
  preparedQuery(db, 'journal.countChange', (d) =>
    d
      .insert(transferCounts)
      .values({
        transferKind: sql.placeholder('transferKind'),
        tenantId: sql.placeholder('tenantId'),
        direction: sql.placeholder('direction'),
        status: sql.placeholder('status'),
        shard: ownShard(),
        count: sql.placeholder('change'),
      })
      .onConflictDoUpdate({
        target: [
          transferCounts.transferKind,
          transferCounts.tenantId,
          transferCounts.direction,
          transferCounts.status,
          transferCounts.shard,
        ],
        set: { count: sql`${transferCounts.count} + excluded.count` },
      })
      .prepare('journal.countChange'),
  );

/**
 * Changes a partition's count by `change`: on PostgreSQL added up in the
 * write transaction and applied just before its COMMIT, in key order
 * (db/commit-tally.ts); at once on SQLite, whose one writer holds no row locks.
 */
async function changeTransferCount(db: Executor, partition: CountPartition, change: number): Promise<void> {
  if (isPostgres() && addToTally(db, applyCountChanges, partitionKey(partition), change)) return;
  await countChangeStatement(db).execute({ ...partition, change });
}

const partitionKey = (p: CountPartition) =>
  JSON.stringify([p.transferKind, p.tenantId, p.direction, p.status]);

const applyCountChanges: TallyApply = async (tx, changes) => {
  for (const [key, change] of changes) {
    const [transferKind, tenantId, direction, status] = JSON.parse(key) as string[];
    await countChangeStatement(tx).execute({ transferKind, tenantId, direction, status, change });
  }
};

export async function decrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  await changeTransferCount(db, partition, -1);
}

export async function incrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  await changeTransferCount(db, partition, 1);
}

const totalOfDirection = (db: Executor) =>
  preparedQuery(db, 'journal.countTotal', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${transferCounts.count}), 0)` })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, sql.placeholder('transferKind')),
          eq(transferCounts.tenantId, sql.placeholder('tenantId')),
          eq(transferCounts.direction, sql.placeholder('direction')),
        ),
      )
      .prepare('journal.countTotal'),
  );

const totalOfStatus = (db: Executor) =>
  preparedQuery(db, 'journal.countTotalOfStatus', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${transferCounts.count}), 0)` })
      .from(transferCounts)
      .where(partitionIs())
      .prepare('journal.countTotalOfStatus'),
  );

/** The running total of one kind, tenant and direction – of one status when given. */
export async function sumTransferCounts(
  db: Executor,
  partition: Omit<CountPartition, 'status'> & { status?: string | undefined },
): Promise<number> {
  // sum() of a bigint is numeric, which node-postgres hands over as text.
  const row =
    partition.status === undefined
      ? await first(totalOfDirection(db).execute(partition))
      : await first(totalOfStatus(db).execute({ ...partition, status: partition.status }));
  return Number(row?.total ?? 0);
}
