import { and, asc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { changedRows, first } from '../db/query.js';
import type { CASE_KINDS } from '../db/schema/index.js';
import { caseComments, caseLinks, custodianExceptions, reconciliationBreaks, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Operators working an exception or a break: acknowledged, resolved,
// commented, linked to the transfers that explain it.

export type CaseKind = (typeof CASE_KINDS)[number];
export type CustodianExceptionRow = typeof custodianExceptions.$inferSelect;
export type CaseCommentRow = typeof caseComments.$inferSelect;
export type CaseLinkRow = typeof caseLinks.$inferSelect;

const tableOf = (kind: CaseKind) => (kind === 'EXCEPTION' ? custodianExceptions : reconciliationBreaks);

export interface CaseState {
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** A case's state, read to change it: locked `FOR UPDATE` on PostgreSQL until the caller's transaction ends. */
export async function findCaseState(
  db: Executor,
  kind: CaseKind,
  id: string,
): Promise<CaseState | undefined> {
  const table = tableOf(kind);
  const query = db
    .select({
      acknowledgedAt: table.acknowledgedAt,
      resolvedAt: table.resolvedAt,
      resolvedBy: table.resolvedBy,
    })
    .from(table)
    .where(eq(table.id, id));
  return first(isPostgres() ? query.for('update') : query);
}

export async function acknowledgeCaseRow(
  db: Executor,
  kind: CaseKind,
  id: string,
  by: { actor: string; at: string },
): Promise<void> {
  const table = tableOf(kind);
  await db.update(table).set({ acknowledgedAt: by.at, acknowledgedBy: by.actor }).where(eq(table.id, id));
}

/** Closes an exception or a break with who, when and why. */
export async function resolveCaseRow(
  db: Executor,
  kind: CaseKind,
  id: string,
  resolution: { actor: string; at: string; reason: string },
): Promise<void> {
  const table = tableOf(kind);
  await db
    .update(table)
    .set({ resolvedAt: resolution.at, resolvedBy: resolution.actor, resolution: resolution.reason })
    .where(eq(table.id, id));
}

export async function findCustodianExceptionRow(
  db: Executor,
  id: string,
): Promise<CustodianExceptionRow | undefined> {
  return first(db.select().from(custodianExceptions).where(eq(custodianExceptions.id, id)));
}

export async function insertCaseComment(db: Executor, comment: CaseCommentRow): Promise<void> {
  await db.insert(caseComments).values(comment);
}

/** Links a transfer to a case; false when it was linked already. */
export async function insertCaseLink(db: Executor, link: CaseLinkRow): Promise<boolean> {
  return changedRows(await db.insert(caseLinks).values(link).onConflictDoNothing()) === 1;
}

/** The comments of a case, oldest first. */
export async function listCaseComments(db: Executor, kind: CaseKind, id: string): Promise<CaseCommentRow[]> {
  return db
    .select()
    .from(caseComments)
    .where(and(eq(caseComments.caseKind, kind), eq(caseComments.caseId, id)))
    .orderBy(asc(caseComments.at), asc(caseComments.id));
}

/** The transfers linked to a case, in the order they were linked. */
export async function listCaseLinks(db: Executor, kind: CaseKind, id: string): Promise<CaseLinkRow[]> {
  return db
    .select()
    .from(caseLinks)
    .where(and(eq(caseLinks.caseKind, kind), eq(caseLinks.caseId, id)))
    .orderBy(asc(caseLinks.linkedAt));
}

/** The exceptions and breaks linked to a transfer, by the links' transfer index. */
export async function listCasesOfTransfer(db: Executor, transferId: string) {
  return db
    .select({
      kind: caseLinks.caseKind,
      id: caseLinks.caseId,
      linkedBy: caseLinks.linkedBy,
      exceptionCode: custodianExceptions.reasonCode,
      exceptionResolvedAt: custodianExceptions.resolvedAt,
      breakIsin: reconciliationBreaks.isin,
      breakResolvedAt: reconciliationBreaks.resolvedAt,
    })
    .from(caseLinks)
    .leftJoin(
      custodianExceptions,
      and(eq(caseLinks.caseKind, 'EXCEPTION'), eq(custodianExceptions.id, caseLinks.caseId)),
    )
    .leftJoin(
      reconciliationBreaks,
      and(eq(caseLinks.caseKind, 'BREAK'), eq(reconciliationBreaks.id, caseLinks.caseId)),
    )
    .where(eq(caseLinks.transferId, transferId))
    .orderBy(asc(caseLinks.linkedAt));
}

export interface ExceptionWithTenant {
  item: CustodianExceptionRow;
  tenantName: string | null;
}

const exceptionsWithTenant = (db: Executor) =>
  db
    .select({ item: custodianExceptions, tenantName: tenants.name })
    .from(custodianExceptions)
    .leftJoin(tenants, eq(tenants.id, custodianExceptions.tenantId));

export async function findCustodianExceptionWithTenant(
  db: Executor,
  id: string,
): Promise<ExceptionWithTenant | undefined> {
  return first(exceptionsWithTenant(db).where(eq(custodianExceptions.id, id)));
}

export interface ExceptionFilter {
  state: 'open' | 'resolved' | 'all';
  transferId?: string | undefined;
}

/** One walk of a keyset pager: where to start, the order, how many rows. */
export interface PageWalk {
  from: SQL | undefined;
  orderBy: SQL[];
  take: number;
}

/**
 * One walk of the exception list: open ones read their partial index, the
 * rest the full one; with a transfer, its few by the transfer index.
 */
export async function listExceptionPageRows(
  db: Executor,
  filter: ExceptionFilter,
  walk: PageWalk,
): Promise<ExceptionWithTenant[]> {
  const state =
    filter.state === 'open'
      ? isNull(custodianExceptions.resolvedAt)
      : filter.state === 'resolved'
        ? isNotNull(custodianExceptions.resolvedAt)
        : undefined;
  const transfer =
    filter.transferId === undefined ? undefined : eq(custodianExceptions.transferId, filter.transferId);
  return exceptionsWithTenant(db)
    .where(and(state, transfer, walk.from))
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}
