import { and, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { preparedQuery } from '../db/prepared-query.js';
import { custodianExceptions, positions, reconciliationBreaks } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// What operations work through: custodian messages we did not book, and the
// breaks between our positions and the custodian's statements.

export type CustodianExceptionInsert = typeof custodianExceptions.$inferInsert;
export type ReconciliationBreakRow = typeof reconciliationBreaks.$inferSelect;
export type ReconciliationBreakInsert = typeof reconciliationBreaks.$inferInsert;

const exceptionByDedupeKey = (db: Executor) =>
  preparedQuery(db, 'custodianCases.exceptionByDedupeKey', (d) =>
    d
      .select({ id: custodianExceptions.id })
      .from(custodianExceptions)
      .where(eq(custodianExceptions.dedupeKey, sql.placeholder('key')))
      .prepare(),
  );

/** The exception recorded for a message before (by its dedupe key), if any. */
export async function findCustodianExceptionId(db: Executor, dedupeKey: string): Promise<string | undefined> {
  return exceptionByDedupeKey(db).get({ key: dedupeKey })?.id;
}

const insertException = (db: Executor) =>
  preparedQuery(db, 'custodianCases.insertException', (d) =>
    d
      .insert(custodianExceptions)
      .values({
        id: sql.placeholder('id'),
        dedupeKey: sql.placeholder('dedupeKey'),
        reasonCode: sql.placeholder('reasonCode'),
        detail: sql.placeholder('detail'),
        messageType: sql.placeholder('messageType'),
        messageReference: sql.placeholder('messageReference'),
        relatedReference: sql.placeholder('relatedReference'),
        source: sql.placeholder('source'),
        rawMessage: sql.placeholder('rawMessage'),
        transferId: sql.placeholder('transferId'),
        tenantId: sql.placeholder('tenantId'),
        receivedAt: sql.placeholder('receivedAt'),
      })
      .onConflictDoNothing({ target: custodianExceptions.dedupeKey })
      .prepare(),
  );

/** Records an exception; one already recorded under the same dedupe key is left as it is. */
export async function insertCustodianException(
  db: Executor,
  exception: Required<
    Pick<
      CustodianExceptionInsert,
      | 'id'
      | 'dedupeKey'
      | 'reasonCode'
      | 'detail'
      | 'messageType'
      | 'messageReference'
      | 'relatedReference'
      | 'source'
      | 'rawMessage'
      | 'transferId'
      | 'tenantId'
      | 'receivedAt'
    >
  >,
): Promise<void> {
  insertException(db).run(exception);
}

const resolveParked = (db: Executor) =>
  preparedQuery(db, 'custodianCases.resolveParked', (d) =>
    d
      .update(custodianExceptions)
      .set({
        resolvedAt: sql`${sql.placeholder('at')}`,
        resolvedBy: sql`${sql.placeholder('by')}`,
        resolution: sql`${sql.placeholder('resolution')}`,
      })
      .where(
        and(
          eq(custodianExceptions.transferId, sql.placeholder('transferId')),
          eq(custodianExceptions.reasonCode, 'WORK_PARKED'),
          isNull(custodianExceptions.resolvedAt),
        ),
      )
      .prepare(),
  );

/** Closes a transfer's open parked-work exceptions. */
export async function resolveParkedWorkExceptions(
  db: Executor,
  transferId: string,
  resolution: { at: string; by: string; resolution: string },
): Promise<void> {
  resolveParked(db).run({ transferId, ...resolution });
}

/** Exceptions and breaks not resolved yet, for the worker's status. */
export async function countOpenCases(db: Executor): Promise<{ breaks: number; exceptions: number }> {
  const breaks = preparedQuery(db, 'custodianCases.openBreaks', (d) =>
    d
      .select({ n: count() })
      .from(reconciliationBreaks)
      .where(isNull(reconciliationBreaks.resolvedAt))
      .prepare(),
  ).get();
  const exceptions = preparedQuery(db, 'custodianCases.openExceptions', (d) =>
    d
      .select({ n: count() })
      .from(custodianExceptions)
      .where(isNull(custodianExceptions.resolvedAt))
      .prepare(),
  ).get();
  return { breaks: breaks?.n ?? 0, exceptions: exceptions?.n ?? 0 };
}

/** Our holdings of an account as a statement compares them: ISIN and quantity. */
export async function listHoldingsOfAccount(
  db: Executor,
  accountId: string,
): Promise<{ isin: string; quantity: string }[]> {
  return db
    .select({ isin: positions.isin, quantity: positions.quantity })
    .from(positions)
    .where(eq(positions.accountId, accountId))
    .all();
}

/** The open break of an account and ISIN, if any. */
export async function findOpenBreak(
  db: Executor,
  accountId: string,
  isin: string,
): Promise<ReconciliationBreakRow | undefined> {
  return db
    .select()
    .from(reconciliationBreaks)
    .where(
      and(
        eq(reconciliationBreaks.accountId, accountId),
        eq(reconciliationBreaks.isin, isin),
        isNull(reconciliationBreaks.resolvedAt),
      ),
    )
    .get();
}

export async function updateBreak(
  db: Executor,
  id: string,
  patch: Pick<ReconciliationBreakInsert, 'ours' | 'theirs' | 'lastSeenAt' | 'statementReference'> &
    Partial<Pick<ReconciliationBreakInsert, 'resolvedAt'>>,
): Promise<void> {
  db.update(reconciliationBreaks).set(patch).where(eq(reconciliationBreaks.id, id)).run();
}

export async function insertBreak(db: Executor, row: ReconciliationBreakInsert): Promise<void> {
  db.insert(reconciliationBreaks).values(row).run();
}

export interface BreakFilter {
  open?: boolean | undefined;
  accountId?: string | undefined;
  tenantId?: string | undefined;
  limit: number;
}

/** Reconciliation breaks, newest first. */
export async function listBreakRows(db: Executor, q: BreakFilter): Promise<ReconciliationBreakRow[]> {
  const filters: SQL[] = [];
  if (q.open === true) filters.push(isNull(reconciliationBreaks.resolvedAt));
  if (q.accountId !== undefined) filters.push(eq(reconciliationBreaks.accountId, q.accountId));
  if (q.tenantId !== undefined) filters.push(eq(reconciliationBreaks.tenantId, q.tenantId));
  return db
    .select()
    .from(reconciliationBreaks)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(reconciliationBreaks.lastSeenAt))
    .limit(q.limit)
    .all();
}
