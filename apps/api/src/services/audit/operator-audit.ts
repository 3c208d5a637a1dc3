import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { operatorAudit } from '../../db/schema/index.js';
import { writeTransaction } from '../../db/transaction.js';
import type { Executor, Tx } from '../../db/types.js';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../lib/clock.js';
import { uuidv7 } from '../../lib/uuid-v7.js';
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

/** Who acts and on which database and clock: a procedure's context has all three. */
export interface ActingCaller {
  db: Db;
  clock: Clock;
  actor: Actor;
}

export function auditActorOf(ctx: ActingCaller): AuditActor {
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
  tx.insert(operatorAudit)
    .values({
      id: uuidv7(Date.parse(at)),
      at,
      operatorId: actor.operatorId,
      actor: actor.label,
      action: entry.action,
      subjectKind: entry.subjectKind,
      subjectId: entry.subjectId,
      reason: entry.reason ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .run();
}

/**
 * Runs a console write and its audit row in one immediate transaction: the
 * log has a row exactly when the action took effect.
 */
export async function audited<T>(ctx: ActingCaller, entry: AuditEntry, action: (tx: Tx) => T): Promise<T> {
  const at = ctx.clock.now().toISOString();
  return await writeTransaction(ctx.db, async (tx) => {
    const result = action(tx);
    await recordOperatorAction(tx, auditActorOf(ctx), at, entry);
    return result;
  });
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

/**
 * The newest actions first, a page at a time by keyset on (at, id): every
 * filter combination reads one of the log's indexes from a position, never
 * counts or skips rows (no OFFSET).
 */
export function auditPageQuery(db: Db, filter: AuditFilter) {
  const cursor = filter.after === undefined ? undefined : parseCursor(filter.after);
  return db
    .select()
    .from(operatorAudit)
    .where(
      and(
        filter.operatorId === undefined ? undefined : eq(operatorAudit.operatorId, filter.operatorId),
        filter.action === undefined ? undefined : eq(operatorAudit.action, filter.action),
        filter.from === undefined ? undefined : gte(operatorAudit.at, filter.from),
        filter.to === undefined ? undefined : lte(operatorAudit.at, filter.to),
        // A row value, so SQLite seeks the index to the cursor instead of filtering from the top.
        cursor === undefined
          ? undefined
          : sql`(${operatorAudit.at}, ${operatorAudit.id}) < (${cursor.at}, ${cursor.id})`,
      ),
    )
    .orderBy(desc(operatorAudit.at), desc(operatorAudit.id))
    .limit(filter.limit + 1);
}

export function listOperatorActions(db: Db, filter: AuditFilter) {
  const rows = auditPageQuery(db, filter).all();
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
