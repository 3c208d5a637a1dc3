import type { Direction, ListMeta, SortField, SortOrder } from '@tbo/contracts';
import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { transferCounts } from '../db/schema/index.js';
import type { Executor, TransferKind } from '../db/types.js';

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
}

interface ListableColumns {
  id: SQLiteColumn;
  tenantId: SQLiteColumn;
  direction: SQLiteColumn;
  status: SQLiteColumn;
  userId: SQLiteColumn;
  accountId: SQLiteColumn;
  accountGroupId: SQLiteColumn;
  createdAt: SQLiteColumn;
  updatedAt: SQLiteColumn;
}

export function listWhere(t: ListableColumns, tenantId: string, f: ListFilters): SQL | undefined {
  return and(
    eq(t.tenantId, tenantId),
    eq(t.direction, f.direction),
    f.status ? eq(t.status, f.status) : undefined,
    f.user_id ? eq(t.userId, f.user_id) : undefined,
    f.account_id ? eq(t.accountId, f.account_id) : undefined,
    f.account_group_id ? eq(t.accountGroupId, f.account_group_id) : undefined,
  );
}

/** Sort column, then id as a stable tie-break in the same direction. */
export function listOrder(t: ListableColumns, f: ListFilters): SQL[] {
  const by = f.sort === 'updated_at' ? t.updatedAt : t.createdAt;
  const dir = f.order === 'DESC' ? desc : asc;
  return [dir(by), dir(t.id)];
}

/**
 * total_count: from the running counters when only direction/status filter
 * (the common case, O(1) at any size); otherwise an indexed COUNT over the
 * user's/account's/group's rows, which are few.
 */
export function listTotal(
  tx: Executor,
  kind: TransferKind,
  table: SQLiteTable,
  t: ListableColumns,
  tenantId: string,
  f: ListFilters,
): number {
  if (!f.user_id && !f.account_id && !f.account_group_id) {
    const row = tx
      .select({ total: sql<number>`coalesce(sum(${transferCounts.count}), 0)` })
      .from(transferCounts)
      .where(
        and(
          eq(transferCounts.transferKind, kind),
          eq(transferCounts.tenantId, tenantId),
          eq(transferCounts.direction, f.direction),
          f.status ? eq(transferCounts.status, f.status) : undefined,
        ),
      )
      .get();
    return Number(row?.total ?? 0);
  }
  const row = tx
    .select({ total: count() })
    .from(table)
    .where(listWhere(t, tenantId, f))
    .get();
  return row?.total ?? 0;
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
