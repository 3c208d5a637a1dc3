import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type APPROVAL_STATES,
  approvalRequests,
  securitiesTransfers,
  tenants,
} from '../../db/schema/index.js';
import { type ApprovalView, requestView } from './approvals.js';
import { type KeysetOrder, type KeysetPage, type KeysetRequest, keysetPage } from './keyset-page.js';

type ListedRow = { request: typeof approvalRequests.$inferSelect };

/** Newest first within a state, then id: the order of `approval_requests_state_idx`. */
const NEWEST_FIRST: KeysetOrder<ListedRow> = {
  columns: [approvalRequests.requestedAt, approvalRequests.id],
  direction: 'DESC',
  keyOf: ({ request }) => [request.requestedAt, request.id],
};

/** Requests in one state, a keyset page at a time, with the transfer they act on. */
export function listApprovals(
  db: Db,
  filter: { state: (typeof APPROVAL_STATES)[number]; transferId?: string | undefined },
  request: KeysetRequest,
): KeysetPage<ApprovalView> {
  const page = keysetPage(NEWEST_FIRST, request, (walk) =>
    db
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
      .limit(walk.take)
      .all(),
  );
  return {
    ...page,
    rows: page.rows.map(({ request, status, settlementReference, tenantName }) =>
      requestView(
        request,
        status === null || settlementReference === null
          ? undefined
          : { status, settlementReference, tenantName },
      ),
    ),
  };
}
