/**
 * Our safekeeping account at the custodian for an account, as instructions
 * name it in `:97A::SAFE//` and inbound messages are matched against: the
 * account's custodian account number; an account without one (created
 * before the column) keeps the old derived form, the id without dashes.
 */
export function safekeepingAccountOf(accountId: string, custodianAccountNumber: string | null): string {
  return custodianAccountNumber ?? accountId.replace(/-/g, '').toUpperCase();
}
