import { subtractDecimal } from '@tbo/contracts';
import type { Db } from '../../db/client.js';
import {
  BREAKS_NEWEST_FIRST,
  type BreakRow,
  findBreak as findBreakRow,
  listBreaks,
  listOpenBreaksOfAccount,
} from '../../repositories/reconciliation-breaks.js';
import { type KeysetPage, type KeysetRequest, readKeysetPage } from './keyset-page.js';

/** Differences between our positions and the custodian's statements, a keyset page at a time. */
export async function listReconciliationBreaks(
  db: Db,
  state: 'open' | 'resolved' | 'all',
  request: KeysetRequest,
): Promise<KeysetPage<BreakView>> {
  const page = await readKeysetPage(BREAKS_NEWEST_FIRST, request, (walk) => listBreaks(db, state, walk));
  return {
    ...page,
    rows: page.rows.map(({ item, tenantName, accountName }) => breakView(item, tenantName, accountName)),
  };
}

export function breakView(item: BreakRow, tenantName: string | null, accountName: string | null) {
  return {
    id: item.id,
    tenant_id: item.tenantId,
    tenant_name: tenantName,
    account_id: item.accountId,
    account_name: accountName,
    isin: item.isin,
    ours: item.ours,
    theirs: item.theirs,
    /** theirs − ours, exact. */
    difference: subtractDecimal(item.theirs, item.ours),
    statement_reference: item.statementReference,
    first_seen_at: item.firstSeenAt,
    last_seen_at: item.lastSeenAt,
    resolved_at: item.resolvedAt,
    /** Null with resolved_at set: a later statement matched again. */
    resolved_by: item.resolvedBy,
    resolution: item.resolution,
    acknowledged_at: item.acknowledgedAt,
    acknowledged_by: item.acknowledgedBy,
  };
}

export type BreakView = ReturnType<typeof breakView>;

/** The open breaks of one account (the account page), read from the open-breaks index. */
export async function openBreaksOfAccount(db: Db, accountId: string): Promise<BreakView[]> {
  return (await listOpenBreaksOfAccount(db, accountId)).map(({ item, tenantName, accountName }) =>
    breakView(item, tenantName, accountName),
  );
}

export async function findBreak(db: Db, id: string): Promise<BreakView | undefined> {
  const found = await findBreakRow(db, id);
  return found && breakView(found.item, found.tenantName, found.accountName);
}
