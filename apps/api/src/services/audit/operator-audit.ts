import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
import {
  type AuditPageQuery,
  auditPageStatement,
  insertOperatorAction,
  listOperatorAuditRows,
} from '../../repositories/operator-audit.js';
import { type Actor, actorLabel } from '../actor.js';

/** Who did it: an operator of the console, or the command line. */
export interface AuditActor {
  operatorId: string | null;
  label: string;
}

/** Every action the log records; the log page filters by these. */
export const AUDIT_ACTIONS = [
  'transfer.cancel',
  'transfer.retry',
  'transfer.settle',
  'transfer.reject',
  'approval.request',
  'approval.approve',
  'approval.reject',
  'delivery.redeliver',
  'transfer.redeliver',
  'exception.acknowledge',
  'exception.resolve',
  'exception.comment',
  'exception.link',
  'break.acknowledge',
  'break.resolve',
  'break.comment',
  'break.link',
  'operator.create',
  'operator.role',
  'operator.disable',
  'operator.enable',
  'operator.totp.reset',
  'operator.totp.enable',
  'operator.totp.disable',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  subjectKind: 'TRANSFER' | 'EXCEPTION' | 'BREAK' | 'OPERATOR' | 'APPROVAL' | 'DELIVERY';
  subjectId: string;
  reason?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

/** Who the caller (a procedure's context) is, as the log names them. */
export function auditActorOf(ctx: { actor: Actor }): AuditActor {
  return {
    operatorId: ctx.actor.kind === 'operator' ? ctx.actor.operatorId : null,
    label: actorLabel(ctx.actor),
  };
}

/** One row of the global log; call it inside the transaction of the action it records. */
export async function recordOperatorAction(
  tx: Executor,
  actor: AuditActor,
  at: string,
  entry: AuditEntry,
): Promise<void> {
  await insertOperatorAction(tx, {
    id: uuidv7(Date.parse(at)),
    at,
    operatorId: actor.operatorId,
    actor: actor.label,
    action: entry.action,
    subjectKind: entry.subjectKind,
    subjectId: entry.subjectId,
    reason: entry.reason ?? null,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  });
}

/**
 * Runs a console write and records its audit row on the same transaction
 * handle (a command handler's): the log has a row exactly when the action
 * took effect.
 */
export async function audited<T>(
  tx: Executor,
  by: AuditActor,
  at: string,
  entry: AuditEntry,
  action: (tx: Executor) => Promise<T>,
): Promise<T> {
  const result = await action(tx);
  await recordOperatorAction(tx, by, at, entry);
  return result;
}

export interface AuditFilter {
  operatorId?: string | undefined;
  action?: string | undefined;
  /** Inclusive ISO bounds on `at`. */
  from?: string | undefined;
  to?: string | undefined;
  /** The cursor of the previous page's last row. */
  after?: string | undefined;
  limit: number;
}

function parseCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length > 0)
    throw new AppError('VALIDATION_FAILED', 'after is not a cursor of this log');
  return { at, id };
}

function cursorOf(row: { at: string; id: string }): string {
  return Buffer.from(`${row.at}|${row.id}`).toString('base64url');
}

/** The statement of one page (its plan is tested). */
export function auditPageQuery(db: Db, filter: AuditFilter) {
  return auditPageStatement(db, pageQueryOf(filter));
}

function pageQueryOf(filter: AuditFilter): AuditPageQuery {
  return {
    operatorId: filter.operatorId,
    action: filter.action,
    from: filter.from,
    to: filter.to,
    before: filter.after === undefined ? undefined : parseCursor(filter.after),
    take: filter.limit + 1,
  };
}

/** The newest actions first, a keyset page at a time. */
export async function listOperatorActions(db: Db, filter: AuditFilter) {
  const rows = await listOperatorAuditRows(db, pageQueryOf(filter));
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      id: row.id,
      at: row.at,
      operator_id: row.operatorId,
      actor: row.actor,
      action: row.action,
      subject_kind: row.subjectKind,
      subject_id: row.subjectId,
      reason: row.reason,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    })),
    next: rows.length > filter.limit && last ? cursorOf(last) : null,
  };
}
