import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  gt,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { accounts, instruments, securitiesTransfers, transferCounts, workerPasses } from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';

// The settlement worker's queue on the transfers table: claims and their
// leases, back-offs and parking after failed attempts, the worker's passes,
// and the figures of its status.

const st = securitiesTransfers;

/**
 * Open transfers, as literal text: the partial work indexes are only used
 * when a query repeats their `status IN ('NEW', 'PROCESSING')` term, which a
 * bound parameter would not.
 */
export const OPEN = sql`${st.status} IN ('NEW', 'PROCESSING')`;

/** Back-off leases carry this owner instead of a worker's name. */
export const BACKOFF_OWNER = 'backoff';

export type ClaimKind = 'FORWARD_CANCEL' | 'SIMULATE' | 'INSTRUCT';

/** What each kind of claim asks of a transfer besides its status and a free lease. */
const CANDIDATE_FILTERS: Record<ClaimKind, SQL | undefined> = {
  FORWARD_CANCEL: and(isNotNull(st.cancellationRequestedAt), isNull(st.cancellationForwardedAt)),
  SIMULATE: and(
    isNull(st.cancellationRequestedAt),
    sql`substr(${st.settlementReference}, 1, 4) = 'AUTO'`,
    lte(st.instructedAt, sql.placeholder('simulateBefore')),
  ),
  INSTRUCT: undefined,
};

/** The columns a work item is made of (a claim hands out thousands of rows). */
const WORK_ITEM_COLUMNS = {
  id: st.id,
  tenantId: st.tenantId,
  accountTransferId: st.accountTransferId,
  direction: st.direction,
  status: st.status,
  isin: st.isin,
  quantity: st.quantity,
  quantitySettled: st.quantitySettled,
  reservedQuantity: st.reservedQuantity,
  accountId: st.accountId,
  counterpartyBic: st.counterpartyBic,
  counterpartyAccountNumber: st.counterpartyAccountNumber,
  counterpartyName: st.counterpartyName,
  tradeDate: st.tradeDate,
  settlementDate: st.settlementDate,
  placeOfSettlement: st.placeOfSettlement,
  settlementReference: st.settlementReference,
  custodianReference: st.custodianReference,
  instructedAt: st.instructedAt,
  cancellationRequestedAt: st.cancellationRequestedAt,
  cancellationDenials: st.cancellationDenials,
  dueDate: st.dueDate,
  workAttempts: st.workAttempts,
};

/** What the instruction needs from the account and the instrument. */
const REFERENCE_COLUMNS = {
  rowid: sql<number>`${st}.rowid`,
  custodianAccountNumber: accounts.custodianAccountNumber,
  quantityType: instruments.quantityType,
};

export type ClaimCandidateRow = Pick<SecuritiesTransferRow, keyof typeof WORK_ITEM_COLUMNS> & {
  rowid: number;
  custodianAccountNumber: string | null;
  quantityType: string | null;
};

export type FullClaimCandidateRow = SecuritiesTransferRow & ClaimCandidateRow;

export interface ClaimQueue {
  tenantId: string;
  direction: string;
}

export interface CandidateQuery extends ClaimQueue {
  kind: ClaimKind;
  status: 'NEW' | 'PROCESSING';
  now: string;
  limit: number;
  /** SIMULATE only: instructed at or before this instant. */
  simulateBefore?: string | undefined;
}

/** A free transfer of one queue that a claim of `kind` may take. */
function candidateFilter(kind: ClaimKind): SQL | undefined {
  return and(
    eq(st.tenantId, sql.placeholder('tenantId')),
    eq(st.direction, sql.placeholder('direction')),
    eq(st.status, sql.placeholder('status')),
    or(isNull(st.leaseExpiresAt), lte(st.leaseExpiresAt, sql.placeholder('now'))),
    isNull(st.parkedAt),
    CANDIDATE_FILTERS[kind],
  );
}

/** The free transfers of one queue a claim of `kind` may take, oldest first. */
export async function listClaimCandidates(db: Executor, q: CandidateQuery): Promise<ClaimCandidateRow[]> {
  return preparedQuery(db, `workQueue.candidates.${q.kind}`, (d) =>
    // Each queue in arrival order (st_status_created_idx).
    d
      .select({ ...WORK_ITEM_COLUMNS, ...REFERENCE_COLUMNS })
      .from(st)
      .leftJoin(accounts, eq(accounts.id, st.accountId))
      .leftJoin(instruments, eq(instruments.isin, st.isin))
      .where(candidateFilter(q.kind))
      .orderBy(asc(st.createdAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ ...q });
}

/** The same, with every column of the transfer (a claim that also validates what it takes). */
export async function listFullClaimCandidates(
  db: Executor,
  q: CandidateQuery,
): Promise<FullClaimCandidateRow[]> {
  return preparedQuery(db, `workQueue.fullCandidates.${q.kind}`, (d) =>
    d
      .select({ ...getTableColumns(st), ...REFERENCE_COLUMNS })
      .from(st)
      .leftJoin(accounts, eq(accounts.id, st.accountId))
      .leftJoin(instruments, eq(instruments.isin, st.isin))
      .where(candidateFilter(q.kind))
      .orderBy(asc(st.createdAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ ...q });
}

const lease = (db: Executor) =>
  preparedQuery(db, 'workQueue.lease', (d) =>
    d
      .update(st)
      .set({ leaseOwner: sql`${sql.placeholder('owner')}`, leaseExpiresAt: sql`${sql.placeholder('until')}` })
      // By rowid: the claim has just read it, and no `RETURNING *` is needed.
      .where(sql`rowid = ${sql.placeholder('rowid')}`)
      .prepare(),
  );

/** Hands a claimed transfer (by rowid) to `owner` until `until`. */
export async function leaseTransfer(
  db: Executor,
  rowid: number,
  owner: string,
  until: string,
): Promise<void> {
  lease(db).run({ rowid, owner, until });
}

const queues = (db: Executor) =>
  preparedQuery(db, 'workQueue.queues', (d) =>
    d
      .select({ tenantId: transferCounts.tenantId, direction: transferCounts.direction })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, 'SECURITIES_TRANSFER'),
          eq(transferCounts.status, sql.placeholder('status')),
          gt(transferCounts.count, 0),
        ),
      )
      .orderBy(asc(transferCounts.tenantId), asc(transferCounts.direction))
      .prepare(),
  );

/** The (tenant, direction) queues holding securities transfers of `status`, from the list counters. */
export async function listQueues(db: Executor, status: string): Promise<ClaimQueue[]> {
  return queues(db).all({ status });
}

const pass = (db: Executor) =>
  preparedQuery(db, 'workQueue.pass', (d) =>
    d
      .insert(workerPasses)
      .values({
        owner: sql.placeholder('owner'),
        lastPassAt: sql.placeholder('at'),
        lastClaimed: sql.placeholder('claimed'),
      })
      .onConflictDoUpdate({
        target: workerPasses.owner,
        set: { lastPassAt: sql`${sql.placeholder('at')}`, lastClaimed: sql`${sql.placeholder('claimed')}` },
      })
      .prepare(),
  );

/** The worker's latest pass, for the console's health panel. */
export async function notePass(db: Executor, owner: string, at: string, claimed: number): Promise<void> {
  pass(db).run({ owner, at, claimed });
}

const park = (db: Executor) =>
  preparedQuery(db, 'workQueue.park', (d) =>
    d
      .update(st)
      .set({
        workAttempts: sql`${sql.placeholder('attempts')}`,
        workError: sql`${sql.placeholder('error')}`,
        parkedAt: sql`${sql.placeholder('at')}`,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(eq(st.id, sql.placeholder('id')))
      .prepare(),
  );

/** The worker gives up on a transfer: no longer claimed until an operator retries it. */
export async function parkTransfer(
  db: Executor,
  id: string,
  failure: { attempts: number; error: string; at: string },
): Promise<void> {
  park(db).run({ id, ...failure });
}

const backOff = (db: Executor) =>
  preparedQuery(db, 'workQueue.backOff', (d) =>
    d
      .update(st)
      .set({
        workAttempts: sql`${sql.placeholder('attempts')}`,
        workError: sql`${sql.placeholder('error')}`,
        leaseOwner: BACKOFF_OWNER,
        leaseExpiresAt: sql`${sql.placeholder('retryAt')}`,
      })
      .where(eq(st.id, sql.placeholder('id')))
      .prepare(),
  );

/** A failed attempt: the lease becomes the back-off, so nobody claims the transfer before `retryAt`. */
export async function backOffTransfer(
  db: Executor,
  id: string,
  failure: { attempts: number; error: string; retryAt: string },
): Promise<void> {
  backOff(db).run({ id, ...failure });
}

/** An operator's retry: free to be claimed at once, with a fresh count of attempts. */
export async function unparkTransfer(db: Executor, id: string): Promise<void> {
  db.update(st)
    .set({ workAttempts: 0, parkedAt: null, leaseOwner: null, leaseExpiresAt: null })
    .where(eq(st.id, id))
    .run();
}

// The worker's status is polled: every figure below reads an index or the list counters.

const openTotals = (db: Executor) =>
  preparedQuery(db, 'workQueue.openTotals', (d) =>
    d
      .select({ status: transferCounts.status, n: sql<number>`sum(${transferCounts.count})` })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, 'SECURITIES_TRANSFER'),
          sql`${transferCounts.status} IN ('NEW', 'PROCESSING')`,
        ),
      )
      .groupBy(transferCounts.status)
      .prepare(),
  );

/** Open securities transfers per status, from the list counters. */
export async function countOpenTransfers(db: Executor): Promise<{ status: string; n: number }[]> {
  return openTotals(db).all();
}

const leased = (db: Executor) =>
  preparedQuery(db, 'workQueue.leased', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(
        and(OPEN, eq(st.status, sql.placeholder('status')), gt(st.leaseExpiresAt, sql.placeholder('at'))),
      )
      .prepare(),
  );

/** Transfers of `status` whose lease (a worker's or a back-off) runs past `at`. */
export async function countLeased(db: Executor, status: 'NEW' | 'PROCESSING', at: string): Promise<number> {
  return leased(db).get({ status, at })?.n ?? 0;
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
      .prepare(),
  );

/** When the oldest NEW transfer of a queue that nobody holds arrived, if there is one. */
export async function findOldestFreeNew(
  db: Executor,
  queue: ClaimQueue,
  at: string,
): Promise<string | undefined> {
  return oldestFree(db).get({ ...queue, at })?.createdAt;
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
      .prepare(),
  );

export async function countCancellationsToForward(db: Executor): Promise<number> {
  return cancellationsToForward(db).get()?.n ?? 0;
}

const parked = (db: Executor) =>
  preparedQuery(db, 'workQueue.parked', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(and(isNotNull(st.parkedAt), OPEN))
      .prepare(),
  );

/** Open transfers the worker gave up on. */
export async function countParked(db: Executor): Promise<number> {
  return parked(db).get()?.n ?? 0;
}

const retrying = (db: Executor) =>
  preparedQuery(db, 'workQueue.retrying', (d) =>
    d
      .select({ n: count() })
      .from(st)
      .where(and(OPEN, gt(st.leaseExpiresAt, sql.placeholder('at')), eq(st.leaseOwner, BACKOFF_OWNER)))
      .prepare(),
  );

/** Open transfers waiting out a back-off at `at`. */
export async function countRetrying(db: Executor, at: string): Promise<number> {
  return retrying(db).get({ at })?.n ?? 0;
}
