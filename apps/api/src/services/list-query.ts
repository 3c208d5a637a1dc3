import type {
  DeadlineState,
  Direction,
  ListMeta,
  SortField,
  SortOrder,
  StatusReasonCode,
} from '@tbo/contracts';
import { prepared, queryRows } from '../db/sql.js';
import type { Executor, TransferKind } from '../db/types.js';
import { deadlineStateSql, statusReasonFilterSql } from './client-view/list-filters.js';

export interface ListFilters {
  direction: Direction;
  sort: SortField;
  order: SortOrder;
  offset: number;
  limit: number;
  user_id?: string | undefined;
  account_id?: string | undefined;
  account_group_id?: string | undefined;
  status?: string | undefined;
  deadline_state?: DeadlineState | undefined;
  status_reason?: StatusReasonCode | undefined;
}

const TABLES: Record<TransferKind, string> = {
  SECURITIES_TRANSFER: 'securities_transfers',
  ACCOUNT_TRANSFER: 'account_transfers',
};

const OPTIONAL_FILTERS = [
  ['status', 'status'],
  ['user_id', 'user_id'],
  ['account_id', 'account_id'],
  ['account_group_id', 'account_group_id'],
] as const;

/** WHERE clause and parameters; the text only depends on which filters are set, so it stays prepared. */
function where(kind: TransferKind, tenantId: string, f: ListFilters): { clause: string; params: string[] } {
  let clause = 'tenant_id = ? AND direction = ?';
  const params = [tenantId, f.direction];
  for (const [field, column] of OPTIONAL_FILTERS) {
    const value = f[field];
    if (value !== undefined) {
      clause += ` AND ${column} = ?`;
      params.push(value);
    }
  }
  // Values of the contract's enums only (the query schema refuses others), written in as literals.
  if (f.deadline_state !== undefined) clause += ` AND ${deadlineStateSql(kind, f.deadline_state)}`;
  if (f.status_reason !== undefined) clause += ` AND ${statusReasonFilterSql(kind, f.status_reason)}`;
  return { clause, params };
}

/**
 * One page of rows in the requested order, with the id as a stable tie-break
 * in the same direction. Served by the (tenant, direction, [status,] sort, id)
 * indexes, so a page costs the same at any table size.
 */
export function listRows<Row>(tx: Executor, kind: TransferKind, tenantId: string, f: ListFilters): Row[] {
  if (f.limit === 0) return [];
  const { clause, params } = where(kind, tenantId, f);
  const column = f.sort === 'updated_at' ? 'updated_at' : 'created_at';
  const order = f.order === 'DESC' ? 'DESC' : 'ASC';
  return queryRows<Row>(
    tx,
    `SELECT * FROM ${TABLES[kind]} WHERE ${clause} ORDER BY ${column} ${order}, id ${order} LIMIT ? OFFSET ?`,
    ...params,
    f.limit,
    f.offset,
  );
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
    const row = prepared(
      tx,
      `SELECT coalesce(sum(count), 0) AS total FROM transfer_counts
       WHERE transfer_kind = ? AND tenant_id = ? AND direction = ?${f.status ? ' AND status = ?' : ''}`,
    ).get(kind, tenantId, f.direction, ...(f.status ? [f.status] : [])) as { total: number };
    return Number(row.total);
  }
  const { clause, params } = where(kind, tenantId, f);
  const row = prepared(tx, `SELECT count(*) AS total FROM ${TABLES[kind]} WHERE ${clause}`).get(
    ...params,
  ) as {
    total: number;
  };
  return row.total;
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
