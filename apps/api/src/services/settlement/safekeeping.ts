import { prepared } from '../../db/sql.js';
import type { Executor } from '../../db/types.js';
import { notFound } from '../../domain/errors.js';
import { safekeepingAccountOf } from '../../domain/safekeeping-account.js';

/** Our safekeeping account for an account of ours (see `safekeepingAccountOf`). */
export async function ourSafekeepingAccount(tx: Executor, accountId: string): Promise<string> {
  const row = prepared(tx, 'SELECT custodian_account_number AS number FROM accounts WHERE id = ?').get(
    accountId,
  ) as { number: string | null } | undefined;
  return safekeepingAccountOf(accountId, row?.number ?? null);
}

/** The account a custodian message names by its safekeeping account (`:97A::SAFE//`). */
export async function accountIdOfSafekeeping(tx: Executor, safekeepingAccount: string): Promise<string> {
  const byNumber = prepared(tx, 'SELECT id FROM accounts WHERE custodian_account_number = ?').get(
    safekeepingAccount,
  ) as { id: string } | undefined;
  if (byNumber) return byNumber.id;
  const hex = safekeepingAccount.toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex)) {
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const legacy = prepared(
      tx,
      'SELECT id FROM accounts WHERE id = ? AND custodian_account_number IS NULL',
    ).get(id) as { id: string } | undefined;
    if (legacy) return legacy.id;
  }
  throw notFound('safekeeping account', safekeepingAccount);
}
