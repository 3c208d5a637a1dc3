import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, securitiesTransfers, tenants } from '../../db/schema/index.js';
import { deadlineStateOf } from './deadline-state.js';

const OPEN = ['NEW', 'PROCESSING'];

function openByDueDate(db: Db, direction: 'INCOMING' | 'OUTGOING', today: string, limit: number) {
  return db
    .select({ row: securitiesTransfers, tenantName: tenants.name, accountName: accounts.name })
    .from(securitiesTransfers)
    .innerJoin(tenants, eq(tenants.id, securitiesTransfers.tenantId))
    .leftJoin(accounts, eq(accounts.id, securitiesTransfers.accountId))
    .where(
      and(
        eq(securitiesTransfers.direction, direction),
        inArray(securitiesTransfers.status, OPEN),
        isNotNull(securitiesTransfers.dueDate),
      ),
    )
    .orderBy(asc(securitiesTransfers.dueDate), asc(securitiesTransfers.createdAt))
    .limit(limit)
    .all()
    .map(({ row, tenantName, accountName }) => ({
      id: row.id,
      account_transfer_id: row.accountTransferId,
      tenant_id: row.tenantId,
      tenant_name: tenantName,
      account_id: row.accountId,
      account_name: accountName,
      isin: row.isin,
      quantity: row.quantity,
      quantity_settled: row.quantitySettled,
      status: row.status,
      settlement_reference: row.settlementReference,
      received_at: row.createdAt,
      cancellation_requested: row.cancellationRequestedAt !== null,
      ...deadlineStateOf(row, today),
    }));
}

/**
 * Open transfers by their legal dates: OUTGOING against the 3-week limit
 * (due_date = receipt + 21 days), INCOMING against the 30-day expiry; the
 * most urgent first. Computed from `securities_transfers.due_date`.
 */
export function deadlinesBoard(db: Db, today: string, limit = 300) {
  const outgoing = openByDueDate(db, 'OUTGOING', today, limit);
  const incoming = openByDueDate(db, 'INCOMING', today, limit);
  const tally = (rows: { flag: string }[]) => ({
    overdue: rows.filter((r) => r.flag === 'OVERDUE').length,
    at_risk: rows.filter((r) => r.flag === 'AT_RISK').length,
    on_track: rows.filter((r) => r.flag === 'ON_TRACK').length,
  });
  return { today, outgoing, incoming, summary: { outgoing: tally(outgoing), incoming: tally(incoming) } };
}
