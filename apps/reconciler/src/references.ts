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

/** The reference of the cancellation of an instruction: same digits, prefix 'C'. */
export function cancellationReferenceFor(custodianReference: string): string {
  return `C${custodianReference.slice(1)}`;
}

/** A status advice about our cancellation names the cancellation; map it back to the instruction. */
export function instructionReferenceOf(reference: string): string {
  return /^C[0-9A-F]{15}$/.test(reference) ? `T${reference.slice(1)}` : reference;
}
