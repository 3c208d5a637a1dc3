/**
 * Our references at the custodian, derived from the transfer id so that a
 * retried instruction after a crash carries the same reference (the
 * custodian, and our outbox file name, deduplicate on it).
 * 16 characters (SWIFT :20C::SEME): 'T' + the last 15 hex digits of the id –
 * the random part (ids are time-ordered UUIDs, whose leading digits are a clock).
 */
export function custodianReferenceFor(transferId: string): string {
  return `T${transferId.replace(/-/g, '').slice(-15).toUpperCase()}`;
}

/**
 * Prefixes of our cancellation requests: 'C' for the first, then one letter
 * per request after a refusal – a custodian drops a reused reference as a
 * duplicate (the api allows no more requests than there are prefixes).
 */
const CANCELLATION_PREFIXES = 'CKLMNPQRSUV';

/** The reference of the cancellation of an instruction: same digits, prefix 'C' (later requests 'K'…'V'). */
export function cancellationReferenceFor(custodianReference: string, denialsBefore = 0): string {
  const prefix = CANCELLATION_PREFIXES[denialsBefore];
  if (prefix === undefined) {
    throw new Error(
      `no cancellation reference left for ${custodianReference} after ${denialsBefore} refusals`,
    );
  }
  return `${prefix}${custodianReference.slice(1)}`;
}

/** Whether a reference is one of our cancellation requests (`C…`, `K…`) rather than an instruction (`T…`). */
export function isCancellationReference(reference: string): boolean {
  return new RegExp(`^[${CANCELLATION_PREFIXES}][0-9A-F]{15}$`).test(reference);
}

/** A status advice about our cancellation names the cancellation; map it back to the instruction. */
export function instructionReferenceOf(reference: string): string {
  return isCancellationReference(reference) ? `T${reference.slice(1)}` : reference;
}

/** Our safekeeping account at the custodian: the account id without dashes (SWIFT allows 35 characters). */
export function safekeepingAccountOf(accountId: string): string {
  return accountId.replace(/-/g, '').toUpperCase();
}

export function accountIdOfSafekeeping(account: string): string {
  const hex = account.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`safekeeping account ${account} is not one of ours`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
