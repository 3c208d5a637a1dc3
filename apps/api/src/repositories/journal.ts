import { and, eq, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
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
      .prepare(),
  );

export async function insertHistory(db: Executor, values: HistoryRowValues): Promise<void> {
  insertHistoryStatement(db).run(values);
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
      .prepare(),
  );

export async function insertOutboxEvent(db: Executor, values: OutboxEventValues): Promise<void> {
  insertEventStatement(db).run(values);
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
      .prepare(),
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
      .prepare(),
  );

export async function decrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  countDownStatement(db).run(partition);
}

export async function incrementTransferCount(db: Executor, partition: CountPartition): Promise<void> {
  countUpStatement(db).run(partition);
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
      .prepare(),
  );

const totalOfStatus = (db: Executor) =>
  preparedQuery(db, 'journal.countTotalOfStatus', (d) =>
    d
      .select({ total: sql<number>`coalesce(sum(${transferCounts.count}), 0)` })
      .from(transferCounts)
      .where(partitionIs())
      .prepare(),
  );

/** The running total of one kind, tenant and direction – of one status when given. */
export async function sumTransferCounts(
  db: Executor,
  partition: Omit<CountPartition, 'status'> & { status?: string | undefined },
): Promise<number> {
  const row =
    partition.status === undefined
      ? totalOfDirection(db).get(partition)
      : totalOfStatus(db).get({ ...partition, status: partition.status });
  return Number(row?.total ?? 0);
}
