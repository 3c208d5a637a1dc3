import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accountTransfers,
  type CASE_KINDS,
  caseComments,
  caseLinks,
  custodianExceptions,
  reconciliationBreaks,
  securitiesTransfers,
} from '../../db/schema/index.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import { findCustodianException } from './custodian-exceptions.js';
import { findBreak } from './reconciliation-breaks.js';

/**
 * Working an exception or a break: acknowledge it (someone is on it), comment,
 * link the transfers that explain it, resolve it with a reason. The callers
 * write the operator audit row in the same transaction.
 */
export type CaseKind = (typeof CASE_KINDS)[number];

const NAMES: Record<CaseKind, string> = { EXCEPTION: 'custodian exception', BREAK: 'reconciliation break' };

function caseState(tx: Executor, kind: CaseKind, id: string) {
  const table = kind === 'EXCEPTION' ? custodianExceptions : reconciliationBreaks;
  const row = tx
    .select({
      acknowledgedAt: table.acknowledgedAt,
      resolvedAt: table.resolvedAt,
      resolvedBy: table.resolvedBy,
    })
    .from(table)
    .where(eq(table.id, id))
    .get();
  if (!row) throw notFound(NAMES[kind], id);
  return row;
}

function assertOpen(
  kind: CaseKind,
  id: string,
  row: { resolvedAt: string | null; resolvedBy: string | null },
) {
  if (row.resolvedAt !== null) {
    throw new AppError(
      'CONFLICT',
      `${NAMES[kind]} ${id} was resolved at ${row.resolvedAt}${row.resolvedBy ? ` by ${row.resolvedBy}` : ''}`,
    );
  }
}

export function acknowledgeCase(tx: Executor, kind: CaseKind, id: string, actor: string, at: string): void {
  const row = caseState(tx, kind, id);
  assertOpen(kind, id, row);
  if (row.acknowledgedAt !== null)
    throw new AppError('CONFLICT', `${NAMES[kind]} ${id} is already acknowledged`);
  const table = kind === 'EXCEPTION' ? custodianExceptions : reconciliationBreaks;
  tx.update(table).set({ acknowledgedAt: at, acknowledgedBy: actor }).where(eq(table.id, id)).run();
}

/**
 * An operator closes a break (booked a correction, the custodian corrected
 * its statement…). A later statement that still differs opens a new one.
 */
export function resolveBreak(tx: Executor, id: string, actor: string, at: string, reason: string): void {
  const row = caseState(tx, 'BREAK', id);
  assertOpen('BREAK', id, row);
  tx.update(reconciliationBreaks)
    .set({ resolvedAt: at, resolvedBy: actor, resolution: reason })
    .where(eq(reconciliationBreaks.id, id))
    .run();
}

export async function commentOnCase(
  tx: Executor,
  kind: CaseKind,
  id: string,
  body: string,
  author: string,
  at: string,
) {
  caseState(tx, kind, id);
  const comment = { id: uuidv7(Date.parse(at)), caseKind: kind, caseId: id, body, author, at };
  tx.insert(caseComments).values(comment).run();
  return comment.id;
}

function transferKindOf(tx: Executor, transferId: string): 'SECURITIES' | 'ACCOUNT' {
  const securities = tx
    .select({ id: securitiesTransfers.id })
    .from(securitiesTransfers)
    .where(eq(securitiesTransfers.id, transferId))
    .get();
  if (securities) return 'SECURITIES';
  const account = tx
    .select({ id: accountTransfers.id })
    .from(accountTransfers)
    .where(eq(accountTransfers.id, transferId))
    .get();
  if (account) return 'ACCOUNT';
  throw notFound('transfer', transferId);
}

export async function linkTransferToCase(
  tx: Executor,
  kind: CaseKind,
  id: string,
  transferId: string,
  actor: string,
  at: string,
): Promise<'SECURITIES' | 'ACCOUNT'> {
  caseState(tx, kind, id);
  const transferKind = transferKindOf(tx, transferId);
  const inserted = tx
    .insert(caseLinks)
    .values({ caseKind: kind, caseId: id, transferKind, transferId, linkedBy: actor, linkedAt: at })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 0) throw new AppError('CONFLICT', `transfer ${transferId} is already linked`);
  return transferKind;
}

/** The comments and linked transfers of an exception or break. */
function caseTrail(db: Db, kind: CaseKind, id: string) {
  const where = (t: typeof caseComments | typeof caseLinks) => and(eq(t.caseKind, kind), eq(t.caseId, id));
  const comments = db
    .select()
    .from(caseComments)
    .where(where(caseComments))
    .orderBy(asc(caseComments.at), asc(caseComments.id))
    .all()
    .map((c) => ({ id: c.id, body: c.body, author: c.author, at: c.at }));
  const links = db
    .select()
    .from(caseLinks)
    .where(where(caseLinks))
    .orderBy(asc(caseLinks.linkedAt))
    .all()
    .map((l) => ({
      transfer_kind: l.transferKind,
      transfer_id: l.transferId,
      linked_by: l.linkedBy,
      linked_at: l.linkedAt,
    }));
  return { comments, links };
}

export function exceptionCase(db: Db, id: string) {
  const item = findCustodianException(db, id);
  if (!item) throw notFound(NAMES.EXCEPTION, id);
  return { item, ...caseTrail(db, 'EXCEPTION', id) };
}

export function breakCase(db: Db, id: string) {
  const item = findBreak(db, id);
  if (!item) throw notFound(NAMES.BREAK, id);
  return { item, ...caseTrail(db, 'BREAK', id) };
}

/** The exceptions and breaks an operator linked to a transfer (the transfer page), by the links' transfer index. */
export function casesOfTransfer(db: Db, transferId: string) {
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
    .orderBy(asc(caseLinks.linkedAt))
    .all()
    .map((row) => ({
      kind: row.kind,
      id: row.id,
      label:
        row.kind === 'EXCEPTION' ? `exception ${row.exceptionCode ?? ''}` : `break ${row.breakIsin ?? ''}`,
      open: (row.kind === 'EXCEPTION' ? row.exceptionResolvedAt : row.breakResolvedAt) === null,
      linked_by: row.linkedBy,
    }));
}
