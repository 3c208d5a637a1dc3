import { type AnyColumn, and, asc, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import { isPostgres } from '../db/dialect.js';
import { first } from '../db/query.js';
import { accounts, instruments, positions, securitiesTransfers, tenants, users } from '../db/tables.js';
import type { Executor, SecuritiesTransferRow } from '../db/types.js';
import type { KeysetOrder, KeysetWalk } from './keyset-walk.js';

/** The console's account look-up: accounts across tenants with their owners' names, positions and transfers. */

export type AccountJoin = {
  account: typeof accounts.$inferSelect;
  tenantName: string;
  userName: string | null;
};

/** By name, then id (unique): the order of `accounts_console_name_idx`. */
export const ACCOUNTS_BY_NAME: KeysetOrder<AccountJoin> = {
  columns: [accounts.name, accounts.id],
  direction: 'ASC',
  keyOf: ({ account }) => [account.name, account.id],
};

const withNames = (db: Executor) =>
  db
    .select({ account: accounts, tenantName: tenants.name, userName: users.name })
    .from(accounts)
    .innerJoin(tenants, eq(tenants.id, accounts.tenantId))
    .leftJoin(users, eq(users.id, accounts.userId));

/**
 * Accounts whose id or user id is `term`, or whose or whose user's name
 * contains it (every account when `term` is empty), along the name index.
 */
/**
 * `LIKE … ESCAPE '\'`: Drizzle's `like` has no ESCAPE clause, and without one
 * the escapes would be literal backslashes. SQLite's LIKE ignores ASCII case;
 * PostgreSQL's does not, so there it is ILIKE.
 */
function containsLiterally(column: AnyColumn, pattern: string): SQL {
  return isPostgres()
    ? sql`${column} ILIKE ${pattern} ESCAPE '\\'`
    : sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export async function searchAccountRows(
  db: Executor,
  term: string,
  walk: KeysetWalk,
): Promise<AccountJoin[]> {
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where =
    term === ''
      ? undefined
      : or(
          eq(accounts.id, term),
          eq(accounts.userId, term),
          containsLiterally(accounts.name, pattern),
          containsLiterally(users.name, pattern),
        );
  return withNames(db)
    .where(and(where, walk.from))
    .orderBy(...walk.orderBy)
    .limit(walk.take);
}

export async function findAccountWithNames(db: Executor, id: string): Promise<AccountJoin | undefined> {
  return first(withNames(db).where(eq(accounts.id, id)));
}

export type PositionRow = typeof positions.$inferSelect;

/** An account's positions by ISIN, with the instruments' names. */
export async function listPositionsWithNames(
  db: Executor,
  tenantId: string,
  accountId: string,
): Promise<{ position: PositionRow; instrumentName: string | null }[]> {
  return db
    .select({ position: positions, instrumentName: instruments.name })
    .from(positions)
    .leftJoin(instruments, eq(instruments.isin, positions.isin))
    .where(and(eq(positions.tenantId, tenantId), eq(positions.accountId, accountId)))
    .orderBy(asc(positions.isin));
}

/** The newest `limit` securities transfers of an account. */
export async function listRecentTransfersOfAccount(
  db: Executor,
  accountId: string,
  limit: number,
): Promise<SecuritiesTransferRow[]> {
  return db
    .select()
    .from(securitiesTransfers)
    .where(eq(securitiesTransfers.accountId, accountId))
    .orderBy(desc(securitiesTransfers.createdAt))
    .limit(limit);
}

/** A user's tenant, so the tenant-led indexes answer "all transfers of this user". */
export async function findTenantOfUser(db: Executor, userId: string): Promise<string | undefined> {
  return (await first(db.select({ tenantId: users.tenantId }).from(users).where(eq(users.id, userId))))
    ?.tenantId;
}

/** An account's tenant, for the same reason. */
export async function findTenantOfAccount(db: Executor, accountId: string): Promise<string | undefined> {
  return (
    await first(db.select({ tenantId: accounts.tenantId }).from(accounts).where(eq(accounts.id, accountId)))
  )?.tenantId;
}
