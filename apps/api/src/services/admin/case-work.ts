import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { AppError, notFound } from '../../domain/errors.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import {
  acknowledgeCaseRow,
  type CaseKind,
  type CaseState,
  findCaseState,
  insertCaseComment,
  insertCaseLink,
  listCaseComments,
  listCaseLinks,
  listCasesOfTransfer,
  resolveCaseRow,
} from '../../repositories/case-work.js';
import { findTransferKind } from '../../repositories/console-transfers.js';
import { findCustodianException } from './custodian-exceptions.js';
import { findBreak } from './reconciliation-breaks.js';

/**
 * Working an exception or a break: acknowledge it (someone is on it), comment,
 * link the transfers that explain it, resolve it with a reason. The command
 * handlers write the operator audit row in the same transaction.
 */
export type { CaseKind } from '../../repositories/case-work.js';

const NAMES: Record<CaseKind, string> = { EXCEPTION: 'custodian exception', BREAK: 'reconciliation break' };

async function caseState(tx: Executor, kind: CaseKind, id: string): Promise<CaseState> {
  const row = await findCaseState(tx, kind, id);
  if (!row) throw notFound(NAMES[kind], id);
  return row;
}

function assertOpen(kind: CaseKind, id: string, row: CaseState) {
  if (row.resolvedAt !== null) {
    throw new AppError(
      'CONFLICT',
      `${NAMES[kind]} ${id} was resolved at ${row.resolvedAt}${row.resolvedBy ? ` by ${row.resolvedBy}` : ''}`,
    );
  }
}

export async function acknowledgeCase(
  tx: Executor,
  kind: CaseKind,
  id: string,
  actor: string,
  at: string,
): Promise<void> {
  const row = await caseState(tx, kind, id);
  assertOpen(kind, id, row);
  if (row.acknowledgedAt !== null)
    throw new AppError('CONFLICT', `${NAMES[kind]} ${id} is already acknowledged`);
  await acknowledgeCaseRow(tx, kind, id, { actor, at });
}

/**
 * An operator closes a break (booked a correction, the custodian corrected
 * its statement…). A later statement that still differs opens a new one.
 */
export async function resolveBreak(
  tx: Executor,
  id: string,
  actor: string,
  at: string,
  reason: string,
): Promise<void> {
  const row = await caseState(tx, 'BREAK', id);
  assertOpen('BREAK', id, row);
  await resolveCaseRow(tx, 'BREAK', id, { actor, at, reason });
}

export async function commentOnCase(
  tx: Executor,
  kind: CaseKind,
  id: string,
  body: string,
  author: string,
  at: string,
): Promise<string> {
  await caseState(tx, kind, id);
  const comment = { id: uuidv7(Date.parse(at)), caseKind: kind, caseId: id, body, author, at };
  await insertCaseComment(tx, comment);
  return comment.id;
}

export async function linkTransferToCase(
  tx: Executor,
  kind: CaseKind,
  id: string,
  transferId: string,
  actor: string,
  at: string,
): Promise<'SECURITIES' | 'ACCOUNT'> {
  await caseState(tx, kind, id);
  const transferKind = await findTransferKind(tx, transferId);
  if (!transferKind) throw notFound('transfer', transferId);
  const linked = await insertCaseLink(tx, {
    caseKind: kind,
    caseId: id,
    transferKind,
    transferId,
    linkedBy: actor,
    linkedAt: at,
  });
  if (!linked) throw new AppError('CONFLICT', `transfer ${transferId} is already linked`);
  return transferKind;
}

/** The comments and linked transfers of an exception or break. */
async function caseTrail(db: Db, kind: CaseKind, id: string) {
  const comments = (await listCaseComments(db, kind, id)).map((c) => ({
    id: c.id,
    body: c.body,
    author: c.author,
    at: c.at,
  }));
  const links = (await listCaseLinks(db, kind, id)).map((l) => ({
    transfer_kind: l.transferKind,
    transfer_id: l.transferId,
    linked_by: l.linkedBy,
    linked_at: l.linkedAt,
  }));
  return { comments, links };
}

export async function exceptionCase(db: Db, id: string) {
  const item = await findCustodianException(db, id);
  if (!item) throw notFound(NAMES.EXCEPTION, id);
  return { item, ...(await caseTrail(db, 'EXCEPTION', id)) };
}

export async function breakCase(db: Db, id: string) {
  const item = await findBreak(db, id);
  if (!item) throw notFound(NAMES.BREAK, id);
  return { item, ...(await caseTrail(db, 'BREAK', id)) };
}

/** The exceptions and breaks an operator linked to a transfer (the transfer page). */
export async function casesOfTransfer(db: Db, transferId: string) {
  return (await listCasesOfTransfer(db, transferId)).map((row) => ({
    kind: row.kind,
    id: row.id,
    label: row.kind === 'EXCEPTION' ? `exception ${row.exceptionCode ?? ''}` : `break ${row.breakIsin ?? ''}`,
    open: (row.kind === 'EXCEPTION' ? row.exceptionResolvedAt : row.breakResolvedAt) === null,
    linked_by: row.linkedBy,
  }));
}
