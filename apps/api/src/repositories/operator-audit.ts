import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { operatorAudit } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// The global log of operator actions: one row per console write, written in
// the transaction of the action it records.

export type OperatorAuditRow = typeof operatorAudit.$inferSelect;
export type OperatorAuditInsert = typeof operatorAudit.$inferInsert;

export async function insertOperatorAction(db: Executor, row: OperatorAuditInsert): Promise<void> {
  await db.insert(operatorAudit).values(row);
}

export interface AuditPageQuery {
  operatorId?: string | undefined;
  action?: string | undefined;
  /** Inclusive ISO bounds on `at`. */
  from?: string | undefined;
  to?: string | undefined;
  /** The (at, id) of the previous page's last row. */
  before?: { at: string; id: string } | undefined;
  /** Rows to read (the page and one more, to know whether another follows). */
  take: number;
}

/**
 * The newest actions first by keyset on (at, id): every filter combination
 * reads one of the log's indexes from a position, never counts or skips
 * rows (no OFFSET).
 */
export function auditPageStatement(db: Executor, q: AuditPageQuery) {
  const before = q.before;
  return db
    .select()
    .from(operatorAudit)
    .where(
      and(
        q.operatorId === undefined ? undefined : eq(operatorAudit.operatorId, q.operatorId),
        q.action === undefined ? undefined : eq(operatorAudit.action, q.action),
        q.from === undefined ? undefined : gte(operatorAudit.at, q.from),
        q.to === undefined ? undefined : lte(operatorAudit.at, q.to),
        // A row value (Drizzle has no form for it), so SQLite seeks the index to the cursor instead of filtering from the top.
        before === undefined
          ? undefined
          : sql`(${operatorAudit.at}, ${operatorAudit.id}) < (${before.at}, ${before.id})`,
      ),
    )
    .orderBy(desc(operatorAudit.at), desc(operatorAudit.id))
    .limit(q.take);
}

export async function listOperatorAuditRows(db: Executor, q: AuditPageQuery): Promise<OperatorAuditRow[]> {
  return auditPageStatement(db, q);
}
