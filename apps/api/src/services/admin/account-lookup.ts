import { and, asc, desc, eq, like, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  instruments,
  positions,
  securitiesTransfers,
  tenants,
  users,
} from '../../db/schema/index.js';
import { notFound } from '../../domain/errors.js';
import { availableWholeUnits } from '../positions.js';
import { type KeysetOrder, type KeysetRequest, keysetPage } from './keyset-page.js';

type AccountJoin = { account: typeof accounts.$inferSelect; tenantName: string; userName: string | null };

/** By name, then id (unique): the order of `accounts_console_name_idx`. */
const BY_NAME: KeysetOrder<AccountJoin> = {
  columns: [accounts.name, accounts.id],
  direction: 'ASC',
  keyOf: ({ account }) => [account.name, account.id],
};

/**
 * Accounts across tenants by account id, user id, or (part of) the account
 * or user name, a keyset page at a time in name order. A search term is
 * checked on the rows the name index yields until the page is full: accounts
 * are one per client, not per transfer, and the page is not polled.
 */
export function searchAccounts(db: Db, query: string, request: KeysetRequest) {
  const q = query.trim();
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where =
    q === ''
      ? undefined
      : or(
          eq(accounts.id, q),
          eq(accounts.userId, q),
          like(accounts.name, pattern),
          like(users.name, pattern),
        );
  const page = keysetPage(BY_NAME, request, (walk) =>
    db
      .select({ account: accounts, tenantName: tenants.name, userName: users.name })
      .from(accounts)
      .innerJoin(tenants, eq(tenants.id, accounts.tenantId))
      .leftJoin(users, eq(users.id, accounts.userId))
      .where(and(where, walk.from))
      .orderBy(...walk.orderBy)
      .limit(walk.take)
      .all(),
  );
  return {
    ...page,
    rows: page.rows.map(({ account, tenantName, userName }) => ({
      id: account.id,
      name: account.name,
      status: account.status,
      tenant_id: account.tenantId,
      tenant_name: tenantName,
      user_id: account.userId,
      user_name: userName,
      account_group_id: account.accountGroupId,
    })),
  };
}

/** One account: its positions (held, reserved, available whole units) and the transfers touching it. */
export function accountDetail(db: Db, id: string, transferLimit = 200) {
  const found = db
    .select({ account: accounts, tenantName: tenants.name, userName: users.name })
    .from(accounts)
    .innerJoin(tenants, eq(tenants.id, accounts.tenantId))
    .leftJoin(users, eq(users.id, accounts.userId))
    .where(eq(accounts.id, id))
    .get();
  if (!found) throw notFound('account', id);
  const { account } = found;
  const held = db
    .select({ position: positions, instrumentName: instruments.name })
    .from(positions)
    .leftJoin(instruments, eq(instruments.isin, positions.isin))
    .where(and(eq(positions.tenantId, account.tenantId), eq(positions.accountId, account.id)))
    .orderBy(asc(positions.isin))
    .all();
  const transfers = db
    .select()
    .from(securitiesTransfers)
    .where(eq(securitiesTransfers.accountId, account.id))
    .orderBy(desc(securitiesTransfers.createdAt))
    .limit(transferLimit)
    .all();
  return {
    account: {
      id: account.id,
      name: account.name,
      status: account.status,
      tenant_id: account.tenantId,
      tenant_name: found.tenantName,
      user_id: account.userId,
      user_name: found.userName,
      account_group_id: account.accountGroupId,
      created_at: account.createdAt,
    },
    positions: held.map(({ position, instrumentName }) => ({
      isin: position.isin,
      instrument_name: instrumentName,
      quantity: position.quantity,
      reserved: position.reserved,
      available_whole_units: availableWholeUnits(position),
      updated_at: position.updatedAt,
    })),
    transfers: transfers.map((t) => ({
      id: t.id,
      account_transfer_id: t.accountTransferId,
      direction: t.direction,
      status: t.status,
      isin: t.isin,
      quantity: t.quantity,
      quantity_settled: t.quantitySettled,
      reserved_quantity: t.reservedQuantity,
      settlement_reference: t.settlementReference,
      created_at: t.createdAt,
      updated_at: t.updatedAt,
    })),
  };
}
