import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, securitiesTransfers, tenants } from '../../db/schema/index.js';
import { listDeadlines } from '../settlement/deadlines.js';
import { AT_RISK_DAYS } from './deadline-state.js';

/**
 * Open transfers by their legal dates – OUTGOING against the 3-week limit,
 * INCOMING against the 30-day expiry – most urgent first. The flags come from
 * the settlement deadlines service; this adds the names an operator reads.
 */
export async function deadlinesBoard(db: Db, now: Date, limit = 300) {
  const query = { atRiskDays: AT_RISK_DAYS, limit };
  const outgoing = await listDeadlines(db, { ...query, direction: 'OUTGOING' }, now);
  const incoming = await listDeadlines(db, { ...query, direction: 'INCOMING' }, now);
  const items = [...outgoing.items, ...incoming.items];
  const ids = items.map((i) => i.id);
  const rows =
    ids.length === 0
      ? []
      : db
          .select({
            id: securitiesTransfers.id,
            accountId: securitiesTransfers.accountId,
            settlementReference: securitiesTransfers.settlementReference,
            quantitySettled: securitiesTransfers.quantitySettled,
            cancellationRequestedAt: securitiesTransfers.cancellationRequestedAt,
          })
          .from(securitiesTransfers)
          .where(inArray(securitiesTransfers.id, ids))
          .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const tenantNames = new Map(
    db
      .select({ id: tenants.id, name: tenants.name })
      .from(tenants)
      .all()
      .map((t) => [t.id, t.name]),
  );
  const accountIds = [...new Set(rows.map((r) => r.accountId))];
  const accountNames = new Map(
    accountIds.length === 0
      ? []
      : db
          .select({ id: accounts.id, name: accounts.name })
          .from(accounts)
          .where(inArray(accounts.id, accountIds))
          .all()
          .map((a) => [a.id, a.name]),
  );
  const view = (list: typeof items) =>
    list.map((item) => {
      const row = byId.get(item.id);
      return {
        id: item.id,
        account_transfer_id: item.accountTransferId,
        tenant_id: item.tenantId,
        tenant_name: tenantNames.get(item.tenantId) ?? item.tenantId,
        account_id: row?.accountId ?? null,
        account_name: row ? (accountNames.get(row.accountId) ?? null) : null,
        isin: item.isin,
        quantity: item.quantity,
        quantity_settled: row?.quantitySettled ?? '0',
        status: item.status,
        settlement_reference: row?.settlementReference ?? '',
        received_on: item.receivedOn,
        cancellation_requested: (row?.cancellationRequestedAt ?? null) !== null,
        due_date: item.dueDate,
        days_left: item.daysLeft,
        flag: item.flag,
      };
    });
  const tally = (counts: Record<string, number>) => ({
    overdue: counts.OVERDUE ?? 0,
    at_risk: counts.AT_RISK ?? 0,
    on_track: counts.ON_TRACK ?? 0,
  });
  return {
    today: outgoing.today,
    at_risk_days: AT_RISK_DAYS,
    outgoing: view(outgoing.items),
    incoming: view(incoming.items),
    summary: { outgoing: tally(outgoing.counts), incoming: tally(incoming.counts) },
  };
}
