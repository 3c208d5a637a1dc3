import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { first } from '../db/query.js';
import { accounts, reconciliationBreaks, tenants } from '../db/tables.js';
import type { Executor } from '../db/types.js';
import type { KeysetOrder, KeysetWalk } from './keyset-walk.js';

export type BreakRow = typeof reconciliationBreaks.$inferSelect;
/** A break with the names the console shows beside it. */
export type BreakJoin = { item: BreakRow; tenantName: string | null; accountName: string | null };

/**
 * Newest first by when the break was first seen (it never changes, so a
 * break never moves between pages), then id; the open ones read their own
 * partial index, `all` and `resolved` the full one (open breaks are the few).
 */
export const BREAKS_NEWEST_FIRST: KeysetOrder<BreakJoin> = {
  columns: [reconciliationBreaks.firstSeenAt, reconciliationBreaks.id],
  direction: 'DESC',
  keyOf: ({ item }) => [item.firstSeenAt, item.id],
};

const joined = (db: Executor) =>
  db
    .select({ item: reconciliationBreaks, tenantName: tenants.name, accountName: accounts.name })
    .from(reconciliationBreaks)
    .leftJoin(tenants, eq(tenants.id, reconciliationBreaks.tenantId))
    .leftJoin(accounts, eq(accounts.id, reconciliationBreaks.accountId));

export async function listBreaks(
  db: Executor,
  state: 'open' | 'resolved' | 'all',
  walk: KeysetWalk,
): Promise<BreakJoin[]> {
  const where =
    state === 'open'
      ? isNull(reconciliationBreaks.resolvedAt)
      : state === 'resolved'
        ? isNotNull(reconciliationBreaks.resolvedAt)
        : undefined;
  return joined(db)
    .where(and(where, walk.from))
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}

/** The open breaks of one account by ISIN, from the open-breaks index. */
export async function listOpenBreaksOfAccount(db: Executor, accountId: string): Promise<BreakJoin[]> {
  return joined(db)
    .where(and(isNull(reconciliationBreaks.resolvedAt), eq(reconciliationBreaks.accountId, accountId)))
    .orderBy(reconciliationBreaks.isin);
}

/** One break by id. */
export async function findBreak(db: Executor, id: string): Promise<BreakJoin | undefined> {
  return first(joined(db).where(eq(reconciliationBreaks.id, id)));
}
