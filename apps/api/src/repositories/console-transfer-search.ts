import { and, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { accountTransfers, securitiesTransfers } from '../db/tables.js';
import type { AccountTransferRow, Executor, SecuritiesTransferRow } from '../db/types.js';
import { type ConsoleTransferTable, lowerPrefix } from './console-transfer-access.js';

/**
 * One look-up of the console's search box: one index each (primary key,
 * `st_custodian_ref_uq`, the tenant-led user/account indexes, the console's
 * isin, bic and `lower(…)` indexes), so no term scans the table.
 */
export type TransferMatch =
  | { field: 'id'; id: string }
  | { field: 'user_id'; tenantId: string; userId: string }
  | { field: 'account_id'; tenantId: string; accountId: string }
  | { field: 'custodian_reference'; reference: string }
  | { field: 'isin'; isin: string }
  | { field: 'counterparty_bic'; bic: string }
  | { field: 'settlement_reference'; prefix: string }
  | { field: 'counterparty_name'; prefix: string };

export type SearchKind = 'SECURITIES' | 'ACCOUNT';

function tableOf(kind: SearchKind): ConsoleTransferTable {
  return kind === 'SECURITIES' ? securitiesTransfers : accountTransfers;
}

function whereOf(t: ConsoleTransferTable, match: TransferMatch): SQL | undefined {
  switch (match.field) {
    case 'id':
      return eq(t.id, match.id);
    case 'user_id':
      return and(eq(t.tenantId, match.tenantId), eq(t.userId, match.userId));
    case 'account_id':
      return and(eq(t.tenantId, match.tenantId), eq(t.accountId, match.accountId));
    case 'custodian_reference':
      return and(
        isNotNull(securitiesTransfers.custodianReference),
        eq(securitiesTransfers.custodianReference, match.reference),
      );
    case 'isin':
      return eq(securitiesTransfers.isin, match.isin);
    case 'counterparty_bic':
      return eq(t.counterpartyBic, match.bic);
    case 'settlement_reference':
      return lowerPrefix(sql`${t.settlementReference}`, match.prefix);
    case 'counterparty_name':
      return and(isNotNull(t.counterpartyName), lowerPrefix(sql`${t.counterpartyName}`, match.prefix));
  }
}

/**
 * At most `limit` transfers of `kind` the match selects: exact terms newest
 * first from their index, prefixes in index order. Custodian reference and
 * ISIN are securities transfers' own.
 */
export async function findTransfersMatching(
  db: Executor,
  kind: SearchKind,
  match: TransferMatch,
  limit: number,
): Promise<(SecuritiesTransferRow | AccountTransferRow)[]> {
  const t = tableOf(kind);
  const query = db.select().from(t).where(whereOf(t, match));
  const newestFirst = match.field !== 'settlement_reference' && match.field !== 'counterparty_name';
  return (await (newestFirst ? query.orderBy(desc(t.createdAt)) : query).limit(limit)) as (
    | SecuritiesTransferRow
    | AccountTransferRow
  )[];
}
