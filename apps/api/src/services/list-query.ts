import type { ListMeta } from '@tbo/contracts';
import type { Executor, TransferKind } from '../db/types.js';
import { sumTransferCounts } from '../repositories/journal.js';
import { countTransfers, listTransferPage, type TransferListFilters } from '../repositories/transfer-list.js';

/** What a list request asks for, as the repository reads it. */
export type ListFilters = TransferListFilters;

/**
 * One page of rows in the requested order, with the id as a stable tie-break
 * in the same direction. Served by the (tenant, direction, [status,] sort, id)
 * indexes, so a page costs the same at any table size.
 */
export async function listRows<K extends TransferKind>(
  tx: Executor,
  kind: K,
  tenantId: string,
  f: ListFilters,
) {
  if (f.limit === 0) return [];
  return await listTransferPage(tx, kind, tenantId, f);
}

/**
 * total_count: from the running counters when only direction/status filter
 * (the common case, O(1) at any size); otherwise an indexed COUNT over the
 * user's/account's/group's rows, which are few – or, with a deadline or
 * reason filter, over the tenant's rows of that direction (and status).
 */
export async function listTotal(
  tx: Executor,
  kind: TransferKind,
  tenantId: string,
  f: ListFilters,
): Promise<number> {
  if (!f.user_id && !f.account_id && !f.account_group_id && !f.deadline_state && !f.status_reason) {
    return await sumTransferCounts(tx, {
      transferKind: kind,
      tenantId,
      direction: f.direction,
      status: f.status || undefined,
    });
  }
  return await countTransfers(tx, kind, tenantId, f);
}

export function listMeta(f: ListFilters, returned: number, total: number): ListMeta {
  return {
    offset: f.offset,
    limit: f.limit,
    count: returned,
    total_count: total,
    sort: f.sort,
    order: f.order,
  };
}
