import type { AccountRow, Executor } from '../db/types.js';
import { invalidField } from '../domain/errors.js';
import { findAccount, findPlaceOfSettlement } from '../repositories/reference-data.js';

/**
 * The account a request names, which must belong to the caller's tenant and
 * to the named user. Whether it is ACTIVE is checked when the transfer is
 * validated (an inactive account cancels the transfer, as the API describes).
 */
export async function requireAccountOfUser(
  tx: Executor,
  tenantId: string,
  accountId: string,
  userId: string,
): Promise<AccountRow> {
  const account = await findAccount(tx, tenantId, accountId);
  if (!account) throw invalidField('account_id', 'does not name an account of this client');
  if (account.userId !== userId) throw invalidField('user_id', 'does not own the account account_id');
  return account;
}

/** The CSD an instrument settles at, used when the request names none. */
export async function placeOfSettlementFor(tx: Executor, isin: string): Promise<string | null> {
  return (await findPlaceOfSettlement(tx, isin)) ?? null;
}
