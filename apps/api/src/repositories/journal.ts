import { and, eq, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
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

/** The advisory lock outbox writers take on PostgreSQL ('outbox' in ASCII). */
export const OUTBOX_WRITE_LOCK = 0x6f7574626f78;

/**
 * Appends an event to the outbox, in the caller's write transaction.
 *
 * Readers (the webhook fan-out's checkpoint, a client's event cursor) take
 * the events after the last seq they saw, so an event must never become
 * visible after one with a higher seq. On SQLite the one writer assigns seqs
 * in commit order. On PostgreSQL several writers draw seqs from the identity
 * at once and could commit out of order, so an event-writing transaction
 * first takes a transaction-scoped advisory lock, held until it commits or
 * rolls back: the next writer draws its seq only after this one's events are
 * visible, and seqs become visible in order. (It is reentrant: the same
 * transaction's further events pass through.)
 */
export async function insertOutboxEvent(db: Executor, values: OutboxEventValues): Promise<void> {
  await holdOutboxOrder(db);
  await insertEventStatement(db).execute(values);
}

/**
 * Takes the outbox's advisory lock on PostgreSQL (a no-op on SQLite, and
 * when this transaction holds it already). The list counters are changed
 * under it too, so every transaction takes the two in the same order –
 * the lock, then a counter row – and neither waits for the other's.
 */
export async function holdOutboxOrder(db: Executor): Promise<void> {
  if (isPostgres())
    await db.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(OUTBOX_WRITE_LOCK))})`);
}

const partitionIs = () =>
  and(
    eq(transferCounts.transferKind, sql.placeholder('transferKind')),
    eq(transferCounts.tenantId, sql.placeholder('tenantId')),
    eq(transferCounts.direction, sql.placeholder('direction')),
    eq(transferCounts.status, sql.placeholder('status')),
  );

const countDownStatement = (db: Executor) =>
  preparedQuery(db, 'journal.countDown', (d) =>
    d
      .update(transferCounts)
      .set({ count: sql`${transferCounts.count} - 1` })
      .where(partitionIs())
      .prepare('journal.countDown'),
  );

const countUpStatement = (db: Executor) =>
  preparedQuery(db, 'journal.countUp', (d) =>
    d
      .insert(transferCounts)
      .values({
        transferKind: sql.placeholder('transferKind'),
        tenantId: sql.placeholder('tenantId'),
        direction: sql.placeholder('direction'),
        status: sql.placeholder('status'),
        count: 1,
      })
      .onConflictDoUpdate({
        target: [
          transferCounts.transferKind,
          transferCounts.tenantId,
          transferCounts.direction,
          transferCounts.status,
        ],
        set: { count: sql`${transferCounts.count} + 1` },
      })
      .prepare('journal.countUp'),
  );

export async function decrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  await holdOutboxOrder(db);
  await countDownStatement(db).execute(partition);
}

export async function incrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  await holdOutboxOrder(db);
  await countUpStatement(db).execute(partition);
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
