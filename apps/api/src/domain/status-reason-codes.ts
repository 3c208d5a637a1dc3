import type { StatusReasonCode } from '@tbo/contracts';

// The internal cancel reason codes behind the client's `status_reason`; read
// by `statusReasonOf` and by the list filter that mirrors it in SQL.

/** Codes whose stored text an operator wrote for operations: clients get a fixed text instead. */
export const OPERATOR_CODES: ReadonlySet<string> = new Set(['CANCELLED_BY_OPERATOR', 'REJECTED_BY_OPERATOR']);

/** Codes the asynchronous checks and the custodian side store as they are shown. */
export const SAME_CODES: ReadonlySet<StatusReasonCode> = new Set<StatusReasonCode>([
  'INSUFFICIENT_POSITION',
  'ACCOUNT_INACTIVE',
  'INSTRUMENT_NOT_ENABLED',
  'FRACTIONAL_QUANTITY',
  'INSTRUCTION_INVALID',
  'EXPIRED',
]);

export const CUSTODIAN_REJECTED_PREFIX = 'CUSTODIAN_REJECTED:';

/** Every cancel reason code that maps to a code other than OTHER (besides the prefixed ones). */
export const KNOWN_CANCEL_CODES: readonly string[] = [
  ...SAME_CODES,
  ...OPERATOR_CODES,
  'CANCELLED_BY_REQUEST',
  'CANCELLED_AT_CUSTODIAN',
];
