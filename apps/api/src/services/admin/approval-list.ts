import type { Db } from '../../db/client.js';
import type { APPROVAL_STATES } from '../../db/schema/index.js';
import { APPROVALS_NEWEST_FIRST, listApprovalRequests } from '../../repositories/approval-list.js';
import { type ApprovalView, requestView } from './approvals.js';
import { type KeysetPage, type KeysetRequest, readKeysetPage } from './keyset-page.js';

/** Requests in one state, a keyset page at a time, with the transfer they act on. */
export async function listApprovals(
  db: Db,
  filter: { state: (typeof APPROVAL_STATES)[number]; transferId?: string | undefined },
  request: KeysetRequest,
): Promise<KeysetPage<ApprovalView>> {
  const page = await readKeysetPage(APPROVALS_NEWEST_FIRST, request, (walk) =>
    listApprovalRequests(db, filter, walk),
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
