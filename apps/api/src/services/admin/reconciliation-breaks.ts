import { subtractDecimal } from '@tbo/contracts';
import { desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, reconciliationBreaks, tenants } from '../../db/schema/index.js';

/** Differences between our positions and the custodian's statements, open ones first. */
export function listReconciliationBreaks(db: Db, state: 'open' | 'resolved' | 'all', limit = 500) {
  const where =
    state === 'open'
      ? isNull(reconciliationBreaks.resolvedAt)
      : state === 'resolved'
        ? isNotNull(reconciliationBreaks.resolvedAt)
        : undefined;
  return db
    .select({ item: reconciliationBreaks, tenantName: tenants.name, accountName: accounts.name })
    .from(reconciliationBreaks)
    .leftJoin(tenants, eq(tenants.id, reconciliationBreaks.tenantId))
    .leftJoin(accounts, eq(accounts.id, reconciliationBreaks.accountId))
    .where(where)
    .orderBy(desc(reconciliationBreaks.lastSeenAt))
    .limit(limit)
    .all()
    .map(({ item, tenantName, accountName }) => ({
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
    }));
}
