import { marketDate } from '@tbo/contracts';
import { and, asc, count, inArray, isNull, max, ne, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared-query.js';
import { custodianExceptions, securitiesTransfers, tenants, transferHistory } from '../../db/schema/index.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow } from '../../db/types.js';
import { type DeadlineFlag, deadlineStateOf } from './deadline-state.js';
import type { AdminTransferKind } from './transfer-filters.js';

/** A transfer as the console's list (and its CSV export) shows it, with why it may be stuck. */
export interface AdminTransferRow {
  kind: AdminTransferKind;
  id: string;
  tenant_id: string;
  tenant_name: string;
  direction: string;
  status: string;
  /** When the transfer entered its current status (from its history). */
  status_since: string;
  /** Seconds since it was created, and since it entered its current status (the api's clock). */
  age_seconds: number;
  status_age_seconds: number;
  user_id: string;
  account_id: string;
  /** The ISIN, or for an account transfer the ISINs of its children. */
  instruments: string[];
  quantity: string | null;
  quantity_settled: string | null;
  settlement_reference: string;
  counterparty_bic: string;
  counterparty_name: string | null;
  custodian_reference: string | null;
  /** The account transfer a securities transfer belongs to. */
  account_transfer_id: string | null;
  created_at: string;
  updated_at: string;
  due_date: string | null;
  deadline: DeadlineFlag;
  days_left: number | null;
  /** The custodian's latest status advice (MT548) and its reason. */
  custodian_status: string | null;
  custodian_reason_code: string | null;
  custodian_reason_text: string | null;
  custodian_status_at: string | null;
  cancellation_requested: boolean;
  /** Asked for and the transfer still open (not yet confirmed by the custodian). */
  cancellation_pending: boolean;
  cancel_reason_code: string | null;
  cancel_reason_text: string | null;
  parked: boolean;
  work_error: string | null;
  open_exceptions: number;
}

// The page's look-ups run on every poll of every open console: prepared once, the page's ids
// passed as one JSON array (an IN list of placeholders would be a statement per page size).
const pageIds = sql.placeholder('ids');
const inPage = (column: SQLiteColumn) => sql`${column} IN (SELECT value FROM json_each(${pageIds}))`;

const tenantNamesQuery = (db: Executor) =>
  preparedQuery(db, 'console.tenantNamesQuery', (d) =>
    d.select({ id: tenants.id, name: tenants.name }).from(tenants).prepare(),
  );

async function tenantNames(db: Db): Promise<Map<string, string>> {
  return new Map(
    tenantNamesQuery(db)
      .all()
      .map((t) => [t.id, t.name]),
  );
}

const statusSinceQuery = (db: Executor) =>
  preparedQuery(db, 'console.statusSinceQuery', (d) =>
    d
      .select({ id: transferHistory.transferId, at: max(transferHistory.createdAt) })
      .from(transferHistory)
      .where(
        and(
          inPage(transferHistory.transferId),
          or(isNull(transferHistory.fromStatus), ne(transferHistory.fromStatus, transferHistory.toStatus)),
        ),
      )
      .groupBy(transferHistory.transferId)
      .prepare(),
  );

/** When each transfer last changed status: its newest history row that moved the status. */
async function statusSince(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = statusSinceQuery(db).all({ ids: JSON.stringify(ids) });
  return new Map(rows.map((r) => [r.id, r.at ?? '']));
}

const openExceptionsQuery = (db: Executor) =>
  preparedQuery(db, 'console.openExceptionsQuery', (d) =>
    d
      .select({ id: custodianExceptions.transferId, n: count() })
      .from(custodianExceptions)
      .where(and(inPage(custodianExceptions.transferId), isNull(custodianExceptions.resolvedAt)))
      .groupBy(custodianExceptions.transferId)
      .prepare(),
  );

async function openExceptions(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = openExceptionsQuery(db).all({ ids: JSON.stringify(ids) });
  return new Map(rows.map((r) => [r.id ?? '', r.n]));
}

function childInstruments(db: Db, parentIds: string[]): Map<string, string[]> {
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

const OPEN_STATUSES = new Set(['NEW', 'PROCESSING']);

/** The console rows of one page: a few indexed look-ups for the whole page, none per row. */
export async function toAdminRows(
  db: Db,
  kind: AdminTransferKind,
  rows: (SecuritiesTransferRow | AccountTransferRow)[],
  now: Date,
): Promise<AdminTransferRow[]> {
  const today = marketDate(now);
  const secondsSince = (at: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 1000));
  const ids = rows.map((r) => r.id);
  const names = await tenantNames(db);
  const since = await statusSince(db, ids);
  const exceptions = kind === 'SECURITIES' ? await openExceptions(db, ids) : new Map<string, number>();
  const children = kind === 'ACCOUNT' ? childInstruments(db, ids) : new Map<string, string[]>();
  return rows.map((row): AdminTransferRow => {
    const single = 'isin' in row ? row : undefined;
    const deadline = single ? deadlineStateOf(single, today) : { flag: 'DONE' as const, days_left: null };
    const open = OPEN_STATUSES.has(row.status);
    return {
      kind,
      id: row.id,
      tenant_id: row.tenantId,
      tenant_name: names.get(row.tenantId) ?? row.tenantId,
      direction: row.direction,
      status: row.status,
      status_since: since.get(row.id) ?? row.createdAt,
      age_seconds: secondsSince(row.createdAt),
      status_age_seconds: secondsSince(since.get(row.id) ?? row.createdAt),
      user_id: row.userId,
      account_id: row.accountId,
      instruments: single ? [single.isin] : (children.get(row.id) ?? []),
      quantity: single ? single.quantity : null,
      quantity_settled: single ? single.quantitySettled : null,
      settlement_reference: row.settlementReference,
      counterparty_bic: row.counterpartyBic,
      counterparty_name: row.counterpartyName,
      custodian_reference: single?.custodianReference ?? null,
      account_transfer_id: single?.accountTransferId ?? null,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      due_date: single?.dueDate ?? null,
      deadline: deadline.flag,
      days_left: deadline.days_left,
      custodian_status: single?.custodianStatus ?? null,
      custodian_reason_code: single?.custodianReasonCode ?? null,
      custodian_reason_text: single?.custodianReasonText ?? null,
      custodian_status_at: single?.custodianStatusAt ?? null,
      cancellation_requested: row.cancellationRequestedAt !== null,
      cancellation_pending: open && row.cancellationRequestedAt !== null,
      cancel_reason_code: row.cancelReasonCode,
      cancel_reason_text: row.cancelReasonText,
      parked: open && single?.parkedAt != null,
      work_error: single?.workError ?? null,
      open_exceptions: exceptions.get(row.id) ?? 0,
    };
  });
}
