import { prepared, queryRow } from '../db/sql.js';
import type { AccountRow, Executor } from '../db/types.js';
import { invalidField } from '../domain/errors.js';

/**
 * The account a request names, which must belong to the caller's tenant and
 * to the named user. Whether it is ACTIVE is checked when the transfer is
 * validated (an inactive account cancels the transfer, as the API describes).
 */
export function requireAccountOfUser(
  tx: Executor,
  tenantId: string,
  accountId: string,
  userId: string,
): AccountRow {
  const account = queryRow<AccountRow>(
    tx,
    'SELECT * FROM accounts WHERE id = ? AND tenant_id = ?',
    accountId,
    tenantId,
  );
  if (!account) throw invalidField('account_id', 'does not name an account of this client');
  if (account.userId !== userId) throw invalidField('user_id', 'does not own the account account_id');
  return account;
}

/** The CSD an instrument settles at, used when the request names none. */
export async function placeOfSettlementFor(tx: Executor, isin: string): Promise<string | null> {
  const instrument = prepared(tx, 'SELECT place_of_settlement FROM instruments WHERE isin = ?').get(isin) as
    | { place_of_settlement: string }
    | undefined;
  return instrument?.place_of_settlement ?? null;
}
