import { and, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { preparedQuery } from '../db/prepared-query.js';
import { first } from '../db/query.js';
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
      .prepare('custodianCases.exceptionByDedupeKey'),
  );

/** The exception recorded for a message before (by its dedupe key), if any. */
export async function findCustodianExceptionId(db: Executor, dedupeKey: string): Promise<string | undefined> {
  return (await first(exceptionByDedupeKey(db).execute({ key: dedupeKey })))?.id;
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
      .prepare('custodianCases.insertException'),
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
  await insertException(db).execute(exception);
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
      .prepare('custodianCases.resolveParked'),
  );

/** Closes a transfer's open parked-work exceptions. */
export async function resolveParkedWorkExceptions(
  db: Executor,
  transferId: string,
  resolution: { at: string; by: string; resolution: string },
): Promise<void> {
  await resolveParked(db).execute({ transferId, ...resolution });
}

/** Exceptions and breaks not resolved yet, for the worker's status. */
export async function countOpenCases(db: Executor): Promise<{ breaks: number; exceptions: number }> {
  const breaks = await first(
    preparedQuery(db, 'custodianCases.openBreaks', (d) =>
      d
        .select({ n: count() })
        .from(reconciliationBreaks)
        .where(isNull(reconciliationBreaks.resolvedAt))
        .prepare('custodianCases.openBreaks'),
    ).execute(),
  );
  const exceptions = await first(
    preparedQuery(db, 'custodianCases.openExceptions', (d) =>
      d
        .select({ n: count() })
        .from(custodianExceptions)
        .where(isNull(custodianExceptions.resolvedAt))
        .prepare('custodianCases.openExceptions'),
    ).execute(),
  );
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
    .where(eq(positions.accountId, accountId));
}

/**
 * The open break of an account and ISIN, if any, read to change it: locked
 * `FOR UPDATE` on PostgreSQL, where several reconcilers may compare the same account.
 */
export async function findOpenBreak(
  db: Executor,
  accountId: string,
  isin: string,
): Promise<ReconciliationBreakRow | undefined> {
  const query = db
    .select()
    .from(reconciliationBreaks)
    .where(
      and(
        eq(reconciliationBreaks.accountId, accountId),
        eq(reconciliationBreaks.isin, isin),
        isNull(reconciliationBreaks.resolvedAt),
      ),
    )
    .limit(1);
  return first(isPostgres() ? query.for('update') : query);
}

export async function updateBreak(
  db: Executor,
  id: string,
  patch: Pick<ReconciliationBreakInsert, 'ours' | 'theirs' | 'lastSeenAt' | 'statementReference'> &
    Partial<Pick<ReconciliationBreakInsert, 'resolvedAt'>>,
): Promise<void> {
  await db.update(reconciliationBreaks).set(patch).where(eq(reconciliationBreaks.id, id));
}

export async function insertBreak(db: Executor, row: ReconciliationBreakInsert): Promise<void> {
  await db.insert(reconciliationBreaks).values(row);
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
    .limit(q.limit);
}
