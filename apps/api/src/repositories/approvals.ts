import { eq } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { first } from '../db/query.js';
import { approvalRequests } from '../db/tables.js';
import type { Executor } from '../db/types.js';

// Four eyes: manual settles and rejects waiting for a second operator.

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
export type ApprovalRequestInsert = typeof approvalRequests.$inferInsert;
export type ApprovalDecision = Pick<
  ApprovalRequestInsert,
  'state' | 'decidedById' | 'decidedBy' | 'decidedAt' | 'decisionReason'
>;

/** Stores a request; a second pending one for the same transfer breaks its unique index (the caller says 409). */
export async function insertApprovalRequest(
  db: Executor,
  row: ApprovalRequestInsert,
): Promise<ApprovalRequestRow> {
  const [inserted] = await db.insert(approvalRequests).values(row).returning();
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted;
}

/** A request, read to decide it: locked `FOR UPDATE` on PostgreSQL until the caller's transaction ends. */
export async function findApprovalRequest(db: Executor, id: string): Promise<ApprovalRequestRow | undefined> {
  const query = db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
  return first(isPostgres() ? query.for('update') : query);
}

/** Records the decision on a request; the row as it now is. */
export async function decideApprovalRequest(
  db: Executor,
  id: string,
  decision: ApprovalDecision,
): Promise<ApprovalRequestRow | undefined> {
  return first(db.update(approvalRequests).set(decision).where(eq(approvalRequests.id, id)).returning());
}
