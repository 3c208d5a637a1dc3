import { and, asc, count, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
import { securitiesTransfers as st, transferCounts } from '../db/tables.js';
import type { Executor } from '../db/types.js';
import { BACKOFF_OWNER, type ClaimQueue, OPEN } from './work-queue.js';

// The figures of the settlement worker's status (internal.workStatus): what is
// open, leased, parked or waiting to retry. The queue itself is work-queue.ts.

const openTotals = (db: Executor) =>
  preparedQuery(db, 'workQueue.openTotals', (d) =>
    d
      .select({ status: transferCounts.status, n: sql<number>`sum(${transferCounts.count})`.mapWith(Number) })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, 'SECURITIES_TRANSFER'),
          sql`${transferCounts.status} IN ('NEW', 'PROCESSING')`,
        ),
      )
      .groupBy(transferCounts.status)
      .prepare('workQueue.openTotals'),
  );

/** Open securities transfers per status, from the list counters. */
export async function countOpenTransfers(db: Executor): Promise<{ status: string; n: number }[]> {
  return await openTotals(db).execute();
}

const leased = (db: Executor) =>
  preparedQuery(db, 'workQueue.leased', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(
        and(OPEN, eq(st.status, sql.placeholder('status')), gt(st.leaseExpiresAt, sql.placeholder('at'))),
      )
      .prepare('workQueue.leased'),
  );

/** Transfers of `status` whose lease (a worker's or a back-off) runs past `at`. */
export async function countLeased(db: Executor, status: 'NEW' | 'PROCESSING', at: string): Promise<number> {
  return (await first(leased(db).execute({ status, at })))?.n ?? 0;
}

const oldestFree = (db: Executor) =>
  preparedQuery(db, 'workQueue.oldestFree', (d) =>
    d
      .select({ createdAt: st.createdAt })
      .from(st)
      .where(
        and(
          eq(st.tenantId, sql.placeholder('tenantId')),
          eq(st.direction, sql.placeholder('direction')),
          eq(st.status, 'NEW'),
          or(isNull(st.leaseExpiresAt), lte(st.leaseExpiresAt, sql.placeholder('at'))),
        ),
      )
      .orderBy(asc(st.createdAt))
      .limit(1)
      .prepare('workQueue.oldestFree'),
  );

/** When the oldest NEW transfer of a queue that nobody holds arrived, if there is one. */
export async function findOldestFreeNew(
  db: Executor,
  queue: ClaimQueue,
  at: string,
): Promise<string | undefined> {
  return (await first(oldestFree(db).execute({ ...queue, at })))?.createdAt;
}

const cancellationsToForward = (db: Executor) =>
  preparedQuery(db, 'workQueue.cancellationsToForward', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(
        and(
          OPEN,
          eq(st.status, 'PROCESSING'),
          isNotNull(st.cancellationRequestedAt),
          isNull(st.cancellationForwardedAt),
        ),
      )
      .prepare('workQueue.cancellationsToForward'),
  );

export async function countCancellationsToForward(db: Executor): Promise<number> {
  return (await first(cancellationsToForward(db).execute()))?.n ?? 0;
}

const parked = (db: Executor) =>
  preparedQuery(db, 'workQueue.parked', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(and(isNotNull(st.parkedAt), OPEN))
      .prepare('workQueue.parked'),
  );

/** Open transfers the worker gave up on. */
export async function countParked(db: Executor): Promise<number> {
  return (await first(parked(db).execute()))?.n ?? 0;
}

const retrying = (db: Executor) =>
  preparedQuery(db, 'workQueue.retrying', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(and(OPEN, gt(st.leaseExpiresAt, sql.placeholder('at')), eq(st.leaseOwner, BACKOFF_OWNER)))
      .prepare('workQueue.retrying'),
  );

/** Open transfers waiting out a back-off at `at`. */
export async function countRetrying(db: Executor, at: string): Promise<number> {
  return (await first(retrying(db).execute({ at })))?.n ?? 0;
}
