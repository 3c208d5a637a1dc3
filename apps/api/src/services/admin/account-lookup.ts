import type { Db } from '../../db/client.js';
import { notFound } from '../../domain/errors.js';
import {
  ACCOUNTS_BY_NAME,
  findAccountWithNames,
  listPositionsWithNames,
  listRecentTransfersOfAccount,
  searchAccountRows,
} from '../../repositories/account-lookup.js';
import { availableWholeUnits } from '../positions.js';
import { type KeysetRequest, readKeysetPage } from './keyset-page.js';

/**
 * Accounts across tenants by account id, user id, or (part of) the account
 * or user name, a keyset page at a time in name order. A search term is
 * checked on the rows the name index yields until the page is full: accounts
 * are one per client, not per transfer, and the page is not polled.
 */
export async function searchAccounts(db: Db, query: string, request: KeysetRequest) {
  const page = await readKeysetPage(ACCOUNTS_BY_NAME, request, (walk) =>
    searchAccountRows(db, query.trim(), walk),
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
export async function accountDetail(db: Db, id: string, transferLimit = 200) {
  const found = await findAccountWithNames(db, id);
  if (!found) throw notFound('account', id);
  const { account } = found;
  const held = await listPositionsWithNames(db, account.tenantId, account.id);
  const transfers = await listRecentTransfersOfAccount(db, account.id, transferLimit);
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
