import { subtractDecimal } from '@tbo/contracts';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, reconciliationBreaks, tenants } from '../../db/schema/index.js';
import { type KeysetOrder, type KeysetPage, type KeysetRequest, keysetPage } from './keyset-page.js';

type BreakRow = typeof reconciliationBreaks.$inferSelect;
type BreakJoin = { item: BreakRow; tenantName: string | null; accountName: string | null };

/**
 * Newest first by when the break was first seen (it never changes, so a
 * break never moves between pages), then id; the open ones read their own
 * partial index, `all` and `resolved` the full one (open breaks are the few).
 */
const NEWEST_FIRST: KeysetOrder<BreakJoin> = {
  columns: [reconciliationBreaks.firstSeenAt, reconciliationBreaks.id],
  direction: 'DESC',
  keyOf: ({ item }) => [item.firstSeenAt, item.id],
};

/** Differences between our positions and the custodian's statements, a keyset page at a time. */
export function listReconciliationBreaks(
  db: Db,
  state: 'open' | 'resolved' | 'all',
  request: KeysetRequest,
): KeysetPage<BreakView> {
  const where =
    state === 'open'
      ? isNull(reconciliationBreaks.resolvedAt)
      : state === 'resolved'
        ? isNotNull(reconciliationBreaks.resolvedAt)
        : undefined;
  const page = keysetPage(NEWEST_FIRST, request, (walk) =>
    db
      .select({ item: reconciliationBreaks, tenantName: tenants.name, accountName: accounts.name })
      .from(reconciliationBreaks)
      .leftJoin(tenants, eq(tenants.id, reconciliationBreaks.tenantId))
      .leftJoin(accounts, eq(accounts.id, reconciliationBreaks.accountId))
      .where(and(where, walk.from))
      .orderBy(...walk.orderBy)
      .limit(walk.take)
      .all(),
  );
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
export function openBreaksOfAccount(db: Db, accountId: string): BreakView[] {
  return db
    .select({ item: reconciliationBreaks, tenantName: tenants.name, accountName: accounts.name })
    .from(reconciliationBreaks)
    .leftJoin(tenants, eq(tenants.id, reconciliationBreaks.tenantId))
    .leftJoin(accounts, eq(accounts.id, reconciliationBreaks.accountId))
    .where(and(isNull(reconciliationBreaks.resolvedAt), eq(reconciliationBreaks.accountId, accountId)))
    .orderBy(reconciliationBreaks.isin)
    .all()
    .map(({ item, tenantName, accountName }) => breakView(item, tenantName, accountName));
}

export function findBreak(db: Db, id: string): BreakView | undefined {
  const found = db
    .select({ item: reconciliationBreaks, tenantName: tenants.name, accountName: accounts.name })
    .from(reconciliationBreaks)
    .leftJoin(tenants, eq(tenants.id, reconciliationBreaks.tenantId))
    .leftJoin(accounts, eq(accounts.id, reconciliationBreaks.accountId))
    .where(eq(reconciliationBreaks.id, id))
    .get();
  return found && breakView(found.item, found.tenantName, found.accountName);
}
