import type { Executor } from '../../db/types.js';
import { notFound } from '../../domain/errors.js';
import { safekeepingAccountOf } from '../../domain/safekeeping-account.js';
import {
  findAccountIdByCustodianNumber,
  findAccountReference,
  findUnnumberedAccountId,
} from '../../repositories/settlement-lookups.js';

/** Our safekeeping account for an account of ours (see `safekeepingAccountOf`). */
export async function ourSafekeepingAccount(tx: Executor, accountId: string): Promise<string> {
  const account = await findAccountReference(tx, accountId);
  return safekeepingAccountOf(accountId, account?.custodianAccountNumber ?? null);
}

/** The account a custodian message names by its safekeeping account (`:97A::SAFE//`). */
export async function accountIdOfSafekeeping(tx: Executor, safekeepingAccount: string): Promise<string> {
  const byNumber = await findAccountIdByCustodianNumber(tx, safekeepingAccount);
  if (byNumber !== undefined) return byNumber;
  const hex = safekeepingAccount.toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex)) {
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const legacy = await findUnnumberedAccountId(tx, id);
    if (legacy !== undefined) return legacy;
  }
  throw notFound('safekeeping account', safekeepingAccount);
}
