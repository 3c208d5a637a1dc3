import { eq } from 'drizzle-orm';
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
  return db.insert(approvalRequests).values(row).returning().get();
}

export async function findApprovalRequest(db: Executor, id: string): Promise<ApprovalRequestRow | undefined> {
  return db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).get();
}

/** Records the decision on a request; the row as it now is. */
export async function decideApprovalRequest(
  db: Executor,
  id: string,
  decision: ApprovalDecision,
): Promise<ApprovalRequestRow | undefined> {
  return db.update(approvalRequests).set(decision).where(eq(approvalRequests.id, id)).returning().get();
}
