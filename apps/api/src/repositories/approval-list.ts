import { and, eq } from 'drizzle-orm';
import type { APPROVAL_STATES } from '../db/schema/index.js';
import { approvalRequests, securitiesTransfers, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';
import type { KeysetOrder, KeysetWalk } from './keyset-walk.js';

/** The console's list of approval requests, with the transfer each acts on. */
export interface ApprovalListRow {
  request: typeof approvalRequests.$inferSelect;
  status: string | null;
  settlementReference: string | null;
  tenantName: string | null;
}

/** Newest first within a state, then id: the order of `approval_requests_state_idx`. */
export const APPROVALS_NEWEST_FIRST: KeysetOrder<ApprovalListRow> = {
  // A getter: the table bindings follow the database the process opened (db/tables.ts).
  get columns() {
    return [approvalRequests.requestedAt, approvalRequests.id];
  },
  direction: 'DESC',
  keyOf: ({ request }) => [request.requestedAt, request.id],
};

export async function listApprovalRequests(
  db: Executor,
  filter: { state: (typeof APPROVAL_STATES)[number]; transferId?: string | undefined },
  walk: KeysetWalk,
): Promise<ApprovalListRow[]> {
  return db
    .select({
      request: approvalRequests,
      status: securitiesTransfers.status,
      settlementReference: securitiesTransfers.settlementReference,
      tenantName: tenants.name,
    })
    .from(approvalRequests)
    .leftJoin(securitiesTransfers, eq(securitiesTransfers.id, approvalRequests.transferId))
    .leftJoin(tenants, eq(tenants.id, approvalRequests.tenantId))
    .where(
      and(
        eq(approvalRequests.state, filter.state),
        filter.transferId === undefined ? undefined : eq(approvalRequests.transferId, filter.transferId),
        walk.from,
      ),
    )
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}
