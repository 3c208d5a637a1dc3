import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  sql,
  sum,
} from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import {
  accounts,
  instruments,
  securitiesTransfers as st,
  transferCounts,
  workerPasses,
} from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';

// The settlement worker's queue on the transfers table: claims and their
// leases, back-offs and parking after failed attempts, the worker's passes,
// and the figures of its status.

// The tables are bound when the database opens (db/tables.ts): every fragment
// naming a column is built when a statement is, never at import.

/**
 * Open transfers, as literal text: the partial work indexes are only used
 * when a query repeats their `status IN ('NEW', 'PROCESSING')` term, which a
 * bound parameter would not.
 */
export const OPEN = sql`${sql.identifier('securities_transfers')}.${sql.identifier('status')} IN ('NEW', 'PROCESSING')`;

/** Back-off leases carry this owner instead of a worker's name. */
export const BACKOFF_OWNER = 'backoff';

export type ClaimKind = 'FORWARD_CANCEL' | 'SIMULATE' | 'INSTRUCT';

/** What each kind of claim asks of a transfer besides its status and a free lease. */
function kindFilter(kind: ClaimKind): SQL | undefined {
  switch (kind) {
    case 'FORWARD_CANCEL':
      return and(isNotNull(st.cancellationRequestedAt), isNull(st.cancellationForwardedAt));
    case 'SIMULATE':
      return and(
        isNull(st.cancellationRequestedAt),
        sql`substr(${st.settlementReference}, 1, 4) = 'AUTO'`,
        lte(st.instructedAt, sql.placeholder('simulateBefore')),
      );
    case 'INSTRUCT':
      return undefined;
  }
}

/** The columns a work item is made of (a claim hands out thousands of rows). */
const workItemColumns = () => ({
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
});

/** What the instruction needs from the account and the instrument. */
const referenceColumns = () => ({
  // PostgreSQL has no rowid: 0 there, and the lease goes by id (leaseTransfer).
  rowid: isPostgres() ? sql<number>`0`.mapWith(Number) : sql<number>`${st}.rowid`,
  custodianAccountNumber: accounts.custodianAccountNumber,
  quantityType: instruments.quantityType,
});

export type ClaimCandidateRow = Pick<SecuritiesTransferRow, keyof ReturnType<typeof workItemColumns>> & {
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
    kindFilter(kind),
  );
}

/**
 * On PostgreSQL several workers claim at once: the candidates are locked as
 * they are read, skipping rows another claim holds (`FOR UPDATE SKIP LOCKED`,
 * of the transfers only – the joined reference rows are not claimed). SQLite
 * has one writer, and its builder no `.for`.
 */
function lockedForClaim<Q>(query: Q): Q {
  if (!isPostgres()) return query;
  return (query as unknown as { for(strength: 'update', config: object): Q }).for('update', {
    of: st,
    skipLocked: true,
  });
}

/** The free transfers of one queue a claim of `kind` may take, oldest first. */
export async function listClaimCandidates(db: Executor, q: CandidateQuery): Promise<ClaimCandidateRow[]> {
  const name = `workQueue.candidates.${q.kind}`;
  return await preparedQuery(db, name, (d) =>
    // Each queue in arrival order (st_status_created_idx).
    lockedForClaim(
      d
        .select({ ...workItemColumns(), ...referenceColumns() })
        .from(st)
        .leftJoin(accounts, eq(accounts.id, st.accountId))
        .leftJoin(instruments, eq(instruments.isin, st.isin))
        .where(candidateFilter(q.kind))
        .orderBy(asc(st.createdAt))
        .limit(sql.placeholder('limit')),
    ).prepare(name),
  ).execute({ ...q });
}

/** The same, with every column of the transfer (a claim that also validates what it takes). */
export async function listFullClaimCandidates(
  db: Executor,
  q: CandidateQuery,
): Promise<FullClaimCandidateRow[]> {
  const name = `workQueue.fullCandidates.${q.kind}`;
  return await preparedQuery(db, name, (d) =>
    lockedForClaim(
      d
        .select({ ...getTableColumns(st), ...referenceColumns() })
        .from(st)
        .leftJoin(accounts, eq(accounts.id, st.accountId))
        .leftJoin(instruments, eq(instruments.isin, st.isin))
        .where(candidateFilter(q.kind))
        .orderBy(asc(st.createdAt))
        .limit(sql.placeholder('limit')),
    ).prepare(name),
  ).execute({ ...q });
}

const lease = (db: Executor) =>
  preparedQuery(db, 'workQueue.lease', (d) =>
    d
      .update(st)
      .set({ leaseOwner: sql`${sql.placeholder('owner')}`, leaseExpiresAt: sql`${sql.placeholder('until')}` })
      // By rowid: the claim has just read it, and no `RETURNING *` is needed.
      .where(sql`rowid = ${sql.placeholder('rowid')}`)
      .prepare('workQueue.lease'),
  );

// PostgreSQL has no rowid: by the primary key.
const leaseById = (db: Executor) =>
  preparedQuery(db, 'workQueue.leaseById', (d) =>
    d
      .update(st)
      .set({ leaseOwner: sql`${sql.placeholder('owner')}`, leaseExpiresAt: sql`${sql.placeholder('until')}` })
      .where(eq(st.id, sql.placeholder('id')))
      .prepare('workQueue.leaseById'),
  );

/**
 * Hands a claimed transfer to `owner` until `until`: on SQLite by the rowid
 * the claim read, on PostgreSQL by id – which needs the claimed row, not its
 * rowid alone.
 */
export async function leaseTransfer(
  db: Executor,
  claimed: number | Pick<ClaimCandidateRow, 'rowid' | 'id'>,
  owner: string,
  until: string,
): Promise<void> {
  if (isPostgres()) {
    if (typeof claimed === 'number')
      throw new Error('a lease on PostgreSQL needs the claimed row, not a rowid');
    await leaseById(db).execute({ id: claimed.id, owner, until });
    return;
  }
  const rowid = typeof claimed === 'number' ? claimed : claimed.rowid;
  await lease(db).execute({ rowid, owner, until });
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
        ),
      )
      // A partition's count is the sum of its shards.
      .groupBy(transferCounts.tenantId, transferCounts.direction)
      .having(gt(sum(transferCounts.count), sql`0`))
      .orderBy(asc(transferCounts.tenantId), asc(transferCounts.direction))
      .prepare('workQueue.queues'),
  );

/** The (tenant, direction) queues holding securities transfers of `status`, from the list counters. */
export async function listQueues(db: Executor, status: string): Promise<ClaimQueue[]> {
  return await queues(db).execute({ status });
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
      .prepare('workQueue.pass'),
  );

/** The worker's latest pass, for the console's health panel. */
export async function notePass(db: Executor, owner: string, at: string, claimed: number): Promise<void> {
  await pass(db).execute({ owner, at, claimed });
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
      .prepare('workQueue.park'),
  );

/** The worker gives up on a transfer: no longer claimed until an operator retries it. */
export async function parkTransfer(
  db: Executor,
  id: string,
  failure: { attempts: number; error: string; at: string },
): Promise<void> {
  await park(db).execute({ id, ...failure });
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
      .prepare('workQueue.backOff'),
  );

/** A failed attempt: the lease becomes the back-off, so nobody claims the transfer before `retryAt`. */
export async function backOffTransfer(
  db: Executor,
  id: string,
  failure: { attempts: number; error: string; retryAt: string },
): Promise<void> {
  await backOff(db).execute({ id, ...failure });
}

/** An operator's retry: free to be claimed at once, with a fresh count of attempts. */
export async function unparkTransfer(db: Executor, id: string): Promise<void> {
  await db
    .update(st)
    .set({ workAttempts: 0, parkedAt: null, leaseOwner: null, leaseExpiresAt: null })
    .where(eq(st.id, id));
}

// The worker's status is polled: every figure below reads an index or the list counters.
