import { and, asc, count, desc, eq, exists, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { accountTransfers, securitiesTransfers, tenants } from '../../db/schema/index.js';
import { addCalendarDays } from '../../domain/calendar.js';
import type { AdminTransferFilters, AdminTransferKind } from './transfer-filters.js';

export interface AdminTransferRow {
  kind: AdminTransferKind;
  id: string;
  tenant_id: string;
  tenant_name: string;
  direction: string;
  status: string;
  user_id: string;
  account_id: string;
  /** The ISIN, or for an account transfer the ISINs of its children. */
  instruments: string[];
  quantity: string | null;
  quantity_settled: string | null;
  settlement_reference: string;
  counterparty_bic: string;
  created_at: string;
  updated_at: string;
  due_date: string | null;
  cancellation_requested: boolean;
}

export interface AdminTransferPage {
  rows: AdminTransferRow[];
  total: number;
  /** Per status, under every filter but the status one: the tabs above the table. */
  counts_by_status: Record<string, number>;
}

interface FilterColumns {
  id: SQLiteColumn;
  tenantId: SQLiteColumn;
  direction: SQLiteColumn;
  status: SQLiteColumn;
  userId: SQLiteColumn;
  accountId: SQLiteColumn;
  settlementReference: SQLiteColumn;
  createdAt: SQLiteColumn;
  updatedAt: SQLiteColumn;
}

function likeEscaped(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function isinCondition(kind: AdminTransferKind, isin: string, db: Db): SQL {
  const wanted = isin.trim().toUpperCase();
  if (kind === 'SECURITIES') return eq(securitiesTransfers.isin, wanted);
  return exists(
    db
      .select({ one: sql`1` })
      .from(securitiesTransfers)
      .where(
        and(
          eq(securitiesTransfers.accountTransferId, accountTransfers.id),
          eq(securitiesTransfers.isin, wanted),
        ),
      ),
  );
}

function conditions(db: Db, t: FilterColumns, f: AdminTransferFilters, withStatus: boolean) {
  return and(
    f.tenant_id ? eq(t.tenantId, f.tenant_id) : undefined,
    f.direction ? eq(t.direction, f.direction) : undefined,
    withStatus && f.status ? eq(t.status, f.status) : undefined,
    f.user_id ? eq(t.userId, f.user_id) : undefined,
    f.account_id ? eq(t.accountId, f.account_id) : undefined,
    f.settlement_reference
      ? sql`${t.settlementReference} LIKE ${likeEscaped(f.settlement_reference)} ESCAPE '\\'`
      : undefined,
    f.isin ? isinCondition(f.kind, f.isin, db) : undefined,
    f.created_from ? gte(t.createdAt, f.created_from) : undefined,
    f.created_to ? lt(t.createdAt, addCalendarDays(f.created_to, 1)) : undefined,
  );
}

function childInstruments(db: Db, parentIds: string[]) {
  const byParent = new Map<string, string[]>();
  if (parentIds.length === 0) return byParent;
  const children = db
    .select({ parent: securitiesTransfers.accountTransferId, isin: securitiesTransfers.isin })
    .from(securitiesTransfers)
    .where(inArray(securitiesTransfers.accountTransferId, parentIds))
    .orderBy(asc(securitiesTransfers.positionInParent))
    .all();
  for (const child of children) {
    const list = byParent.get(child.parent ?? '') ?? [];
    list.push(child.isin);
    byParent.set(child.parent ?? '', list);
  }
  return byParent;
}

/** One page of transfers of one kind across all tenants, with totals per status. */
export function searchTransfers(db: Db, f: AdminTransferFilters): AdminTransferPage {
  const t: FilterColumns = f.kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
  const table = f.kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
  const where = conditions(db, t, f, true);
  const dir = f.order === 'DESC' ? desc : asc;
  const by = f.sort === 'updated_at' ? t.updatedAt : t.createdAt;
  const base = db
    .select({ row: table, tenantName: tenants.name })
    .from(table)
    .innerJoin(tenants, eq(tenants.id, t.tenantId))
    .where(where)
    .orderBy(dir(by), dir(t.id))
    .limit(f.limit)
    .offset(f.offset)
    .all();
  const total = db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
  const counts = db
    .select({ status: t.status, n: count() })
    .from(table)
    .where(conditions(db, t, f, false))
    .groupBy(t.status)
    .all();
  const children =
    f.kind === 'ACCOUNT'
      ? childInstruments(
          db,
          base.map((b) => b.row.id),
        )
      : new Map();
  const rows = base.map(({ row, tenantName }): AdminTransferRow => {
    const single = 'isin' in row ? row : undefined;
    return {
      kind: f.kind,
      id: row.id,
      tenant_id: row.tenantId,
      tenant_name: tenantName,
      direction: row.direction,
      status: row.status,
      user_id: row.userId,
      account_id: row.accountId,
      instruments: single ? [single.isin] : (children.get(row.id) ?? []),
      quantity: single ? single.quantity : null,
      quantity_settled: single ? single.quantitySettled : null,
      settlement_reference: row.settlementReference,
      counterparty_bic: row.counterpartyBic,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      due_date: single ? single.dueDate : null,
      cancellation_requested: row.cancellationRequestedAt !== null,
    };
  });
  return {
    rows,
    total,
    counts_by_status: Object.fromEntries(counts.map((c) => [String(c.status), c.n])),
  };
}
