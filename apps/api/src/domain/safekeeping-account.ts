/**
 * Our safekeeping account at the custodian for an account, as the
 * instruction names it in `:97A::SAFE//`: the account id without dashes
 * (segregated accounts, one per end-user account). Inbound messages are
 * matched against it.
 */
export function safekeepingAccountOf(accountId: string): string {
  return accountId.replace(/-/g, '').toUpperCase();
}
